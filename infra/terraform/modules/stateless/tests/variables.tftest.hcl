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

run "rejects_non_node_runtime" {
  command = plan

  variables {
    lambda_runtime = "python3.12"
  }

  expect_failures = [var.lambda_runtime]
}

run "rejects_unbounded_processor_concurrency" {
  command = plan

  variables {
    functions = { processor = { concurrency = 1 } }
  }

  expect_failures = [var.functions]
}

run "rejects_api_timeouts_beyond_api_gateway" {
  command = plan

  variables {
    functions = { ingest = { timeout = 60 } }
  }

  expect_failures = [var.functions]
}

run "rejects_glacier_before_dlq_retention_ends" {
  command = plan

  variables {
    payload_glacier_transition_days = 7
  }

  expect_failures = [var.payload_glacier_transition_days]
}

run "rejects_a_lifecycle_schedule_that_is_not_an_expression" {
  command = plan

  variables {
    lifecycle_schedule = "every minute"
  }

  expect_failures = [var.lifecycle_schedule]
}

run "rejects_an_unknown_alarm_protocol" {
  command = plan

  variables {
    alarm_subscriptions = [{ protocol = "pager", endpoint = "ops" }]
  }

  expect_failures = [var.alarm_subscriptions]
}

run "rejects_sizing_of_a_function_that_does_not_exist" {
  command = plan

  variables {
    functions = { ingester = { memory_size = 1024 } }
  }

  expect_failures = [var.functions]
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

run "rejects_a_database_secret_that_is_not_a_secret_arn" {
  command = plan

  variables {
    database = {
      host        = "db.example"
      port        = 5432
      name        = "fluxa"
      uses_proxy  = false
      secret_arns = { master = "master", query = "arn:aws:secretsmanager:eu-west-1:1:secret:q", writer = "arn:aws:secretsmanager:eu-west-1:1:secret:w", relay = "arn:aws:secretsmanager:eu-west-1:1:secret:r", control = "arn:aws:secretsmanager:eu-west-1:1:secret:c" }
    }
  }

  expect_failures = [var.database]
}

run "rejects_an_event_limit_lambda_could_not_receive" {
  command = plan

  variables {
    max_event_bytes = 5242880
  }

  expect_failures = [var.max_event_bytes]
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

run "rejects_a_retention_of_zero_days" {
  command = plan

  variables {
    event_retention_days = 0
  }

  expect_failures = [var.event_retention_days]
}

run "rejects_a_tenant_retention_beyond_a_century" {
  command = plan

  variables {
    tenant_retention_days = { acme = 36501 }
  }

  expect_failures = [var.tenant_retention_days]
}

run "rejects_a_tenant_retention_for_an_id_that_is_no_tenant" {
  command = plan

  variables {
    tenant_retention_days = { "Acme Corp" = 30 }
  }

  expect_failures = [var.tenant_retention_days]
}

run "rejects_a_max_receive_count_without_a_second_chance" {
  command = plan

  variables {
    max_receive_count = 1
  }

  expect_failures = [var.max_receive_count]
}

run "rejects_a_subscriber_whose_endpoint_does_not_match_its_protocol" {
  command = plan

  variables {
    subscribers = { ledger = { protocol = "sqs", endpoint = "https://example.com/hook" } }
  }

  expect_failures = [var.subscribers]
}

run "rejects_a_firehose_subscriber_without_its_role" {
  command = plan

  variables {
    subscribers = { lake = { protocol = "firehose", endpoint = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/events" } }
  }

  expect_failures = [var.subscribers]
}

run "rejects_raw_delivery_to_a_function" {
  command = plan

  variables {
    subscribers = { fn = { protocol = "lambda", endpoint = "arn:aws:lambda:eu-west-1:123456789012:function:consumer", raw_message_delivery = true } }
  }

  expect_failures = [var.subscribers]
}

run "rejects_an_unknown_scope_for_a_client" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = ["admin"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}
