# Plans the module with a mocked provider and asserts sqs.tf: the main queue,
# its DLQ and the numbers derived from the processor's timeout.

mock_provider "aws" {
  # The mock cannot render policy JSON; resources that validate policies need a
  # syntactically valid document. Assertions read the statements instead.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json          = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
      minified_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  # The partition data source needs no API call; the mock stands in for the
  # commercial partition (tests that need another override it).
  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }
}

variables {
  stage          = "test"
  aws_region     = "eu-west-1"
  dist_dir       = "./tests/fixtures/lambda-packages"
  lambda_runtime = "nodejs22.x" # nodejs24.x needs provider >= 6.19; the mirror has 5.100

  database = {
    host       = "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    port       = 5432
    name       = "fluxa"
    uses_proxy = false
    secret_arns = {
      master  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      query   = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf"
      writer  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf"
      relay   = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-relay-role-AbCdEf"
      control = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-control-role-AbCdEf"
    }
  }
  vpc_subnet_ids           = ["subnet-0aaa1111", "subnet-0bbb2222"]
  lambda_security_group_id = "sg-0lambda0000"
}

override_resource {
  target          = aws_sqs_queue.main
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events"
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events"
  }
}

override_resource {
  target          = aws_sqs_queue.dlq
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
  }
}

override_resource {
  target          = aws_sqs_queue.main_protected
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events"
  }
}

override_resource {
  target          = aws_sqs_queue.dlq_protected
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
  }
}

run "the_main_queue_redrives_to_an_encrypted_dlq_and_is_unprotected_by_default" {
  command = plan

  # The main queue redrives to an encrypted DLQ.
  assert {
    condition     = aws_sqs_queue.main[0].visibility_timeout_seconds >= 6 * aws_lambda_function.this["processor"].timeout
    error_message = "Queue visibility timeout must be at least 6 x the processor timeout."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.main[0].redrive_policy).maxReceiveCount == 10
    error_message = "Redrive policy must move a message to the DLQ after 10 receives (an hour of the processor's backoff)."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.main[0].redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"
    error_message = "Redrive policy must target the DLQ."
  }

  assert {
    condition = (
      jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).redrivePermission == "byQueue"
      && jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).sourceQueueArns == ["arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"]
      && aws_sqs_queue_redrive_allow_policy.dlq.queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
    )
    error_message = "The DLQ must only accept the main queue as source (redrive_allow_policy byQueue)."
  }

  assert {
    condition     = aws_sqs_queue.dlq[0].message_retention_seconds == 1209600 && aws_sqs_queue.main[0].message_retention_seconds < aws_sqs_queue.dlq[0].message_retention_seconds
    error_message = "DLQ must keep messages 14 days, longer than the main queue."
  }

  assert {
    condition     = aws_sqs_queue.main[0].sqs_managed_sse_enabled && aws_sqs_queue.dlq[0].sqs_managed_sse_enabled
    error_message = "Both queues must be encrypted (SSE-SQS)."
  }

  assert {
    condition     = aws_sqs_queue.main[0].max_message_size == 262144 && aws_sqs_queue.dlq[0].max_message_size == 262144
    error_message = "Queues must accept messages up to SQS_MAX_MESSAGE_BYTES."
  }

  # The queues are the unprotected variant by default.
  assert {
    condition     = length(aws_sqs_queue.main) == 1 && length(aws_sqs_queue.dlq) == 1 && length(aws_sqs_queue.main_protected) == 0 && length(aws_sqs_queue.dlq_protected) == 0
    error_message = "Without prevent_destroy the queues are the variant a destroy may delete."
  }
}

run "visibility_timeout_follows_the_processor_timeout" {
  command = plan

  variables {
    functions                         = { processor = { timeout = 120 } }
    processor_batching_window_seconds = 5
  }

  assert {
    condition     = aws_sqs_queue.main[0].visibility_timeout_seconds == 6 * 120 + 5
    error_message = "Visibility must be derived as 6 x processor_timeout + batching window."
  }

  assert {
    condition     = aws_lambda_function.this["processor"].environment[0].variables.CLAIM_LEASE_SECONDS == "150"
    error_message = "CLAIM_LEASE_SECONDS must follow the processor timeout (+30 s)."
  }
}

run "prevent_destroy_protects_both_queues" {
  command = plan

  variables {
    prevent_destroy = true
  }

  assert {
    condition = (
      length(aws_sqs_queue.main) == 0 && length(aws_sqs_queue.dlq) == 0
      && aws_sqs_queue.main_protected[0].name == "fluxa-test-events"
      && aws_sqs_queue.dlq_protected[0].name == "fluxa-test-events-dlq"
      && jsondecode(aws_sqs_queue.main_protected[0].redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"
      && aws_sqs_queue.main_protected[0].sqs_managed_sse_enabled && aws_sqs_queue.dlq_protected[0].sqs_managed_sse_enabled
      && aws_sqs_queue.main_protected[0].visibility_timeout_seconds == 6 * 60 + 1
      && aws_sqs_queue.dlq_protected[0].message_retention_seconds == 1209600
    )
    error_message = "prevent_destroy must select the protected variant of both queues, configured like the other."
  }
}
