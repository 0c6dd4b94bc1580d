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
      master = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      query  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf"
      writer = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf"
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

run "rejects_a_purge_schedule_that_is_not_an_expression" {
  command = plan

  variables {
    idempotency_purge_schedule = "hourly"
  }

  expect_failures = [var.idempotency_purge_schedule]
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
      secret_arns = { master = "master", query = "arn:aws:secretsmanager:eu-west-1:1:secret:q", writer = "arn:aws:secretsmanager:eu-west-1:1:secret:w" }
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
