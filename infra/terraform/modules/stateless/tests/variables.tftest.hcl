# Plans the module with a mocked provider and asserts variables.tf: inputs
# that would deploy something broken are refused at plan time.

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

run "rejects_each_setting_outside_its_range" {
  command = plan

  variables {
    # Rejects a runtime other than Node.js.
    lambda_runtime = "python3.12"
    # Rejects Glacier before DLQ retention ends.
    payload_glacier_transition_days = 7
    # Rejects a lifecycle schedule that is not an expression.
    lifecycle_schedule = "every minute"
    # Rejects an unknown alarm protocol.
    alarm_subscriptions = [{ protocol = "pager", endpoint = "ops" }]
    # Rejects a database secret that is not a secret ARN.
    database = {
      host        = "db.example"
      port        = 5432
      name        = "fluxa"
      uses_proxy  = false
      secret_arns = { master = "master", query = "arn:aws:secretsmanager:eu-west-1:1:secret:q", writer = "arn:aws:secretsmanager:eu-west-1:1:secret:w", relay = "arn:aws:secretsmanager:eu-west-1:1:secret:r", control = "arn:aws:secretsmanager:eu-west-1:1:secret:c" }
    }
    # Rejects an event limit lambda could not receive.
    max_event_bytes = 5242880
    # Rejects a retention of zero days.
    event_retention_days = 0
    # Rejects a tenant retention beyond a century.
    tenant_retention_days = { acme = 36501 }
    # Rejects a max receive count without a second chance.
    max_receive_count = 1
    # Rejects a subscriber whose endpoint does not match its protocol.
    subscribers = { ledger = { protocol = "sqs", endpoint = "https://example.com/hook" } }
    # Rejects an unknown scope for a client.
    api_clients = {
      acme = { tenant = "acme", scopes = ["admin"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [
    var.lambda_runtime,
    var.payload_glacier_transition_days,
    var.lifecycle_schedule,
    var.alarm_subscriptions,
    var.database,
    var.max_event_bytes,
    var.event_retention_days,
    var.tenant_retention_days,
    var.max_receive_count,
    var.subscribers,
    var.api_clients,
  ]
}

run "rejects_unbounded_processor_concurrency_and_a_tenant_retention_for_an_id_that_is_no_tenant" {
  command = plan

  variables {
    # Unbounded processor concurrency (functions).
    functions = { processor = { concurrency = 1 } }
    # A retention for an id that is no tenant (tenant_retention_days).
    tenant_retention_days = { "Acme Corp" = 30 }
  }

  expect_failures = [var.functions, var.tenant_retention_days]
}

run "rejects_api_timeouts_beyond_api_gateway_and_a_firehose_subscriber_without_its_role" {
  command = plan

  variables {
    # An API function timeout beyond API Gateway's (functions).
    functions = { ingest = { timeout = 60 } }
    # A Firehose subscriber without its role (subscribers).
    subscribers = { lake = { protocol = "firehose", endpoint = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/events" } }
  }

  expect_failures = [var.functions, var.subscribers]
}

run "rejects_sizing_of_a_function_that_does_not_exist_and_raw_delivery_to_a_function" {
  command = plan

  variables {
    # Sizing of a function that does not exist (functions).
    functions = { ingester = { memory_size = 1024 } }
    # Raw message delivery to a Lambda subscriber (subscribers).
    subscribers = { fn = { protocol = "lambda", endpoint = "arn:aws:lambda:eu-west-1:123456789012:function:consumer", raw_message_delivery = true } }
  }

  expect_failures = [var.functions, var.subscribers]
}

run "rejects_memory_lambda_does_not_offer" {
  command = plan

  variables {
    functions = { processor = { memory_size = 64 } }
  }

  expect_failures = [var.functions]
}

run "rejects_a_reservation_on_a_function_that_is_unreserved_by_design" {
  command = plan

  variables {
    functions = { ingest = { concurrency = 10 } }
  }

  expect_failures = [var.functions]
}

run "rejects_a_migrate_timeout_too_short_for_a_migration" {
  command = plan

  variables {
    functions = { migrate = { timeout = 10 } }
  }

  expect_failures = [var.functions]
}

run "rejects_more_than_one_relay_at_a_time" {
  command = plan

  variables {
    functions = { relay = { concurrency = 2 } }
  }

  expect_failures = [var.functions]
}

run "rejects_a_migrate_reservation_a_lifecycle_run_could_fill" {
  command = plan

  variables {
    functions = { migrate = { concurrency = 1 } }
  }

  expect_failures = [var.functions]
}

run "rejects_a_relay_timeout_too_short_to_stop_before_its_deadline" {
  command = plan

  variables {
    functions = { relay = { timeout = 10 } }
  }

  expect_failures = [var.functions]
}
