# Plans the module with a mocked provider and asserts main.tf: the numbers
# everything derives from (the connection budget, query's reservation).

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

run "every_database_function_is_counted_against_the_connection_budget" {
  command = plan

  assert {
    condition     = local.db_connections_bounded == (5 + 10 + 5 + 1 + 2) * 2 && aws_lambda_function.this["query"].reserved_concurrent_executions == 10
    error_message = "Every function that connects is counted at its bound: (processor 5 + query 10 + control 5 + relay 1 + migrate 2) x pool 2."
  }
}

run "rejects_more_connections_than_the_database_allows" {
  command = plan

  variables {
    functions            = { processor = { concurrency = 40 } }
    db_connection_budget = 60
  }

  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "rejects_a_budget_that_only_fits_without_query" {
  command = plan

  variables {
    functions            = { processor = { concurrency = 20 }, query = { concurrency = 10 } }
    db_connection_budget = 60
  }

  # Without query (20 + 5 + 1 + 2) x 2 = 56 would fit; with it 76 does not.
  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "query_reservation_fits_a_large_account" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 1000
  }

  assert {
    condition     = aws_lambda_function.this["query"].reserved_concurrent_executions == 10
    error_message = "With room in the account, query is reserved at its concurrency."
  }
}

run "nothing_is_reserved_on_a_new_account" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 10
    functions                        = { processor = { concurrency = 4 }, query = { concurrency = 20 } }
  }

  assert {
    condition = (
      alltrue([for f in concat(values(aws_lambda_function.this), [aws_lambda_function.migrate]) : f.reserved_concurrent_executions == -1])
      && local.db_connections_bounded == 10 * 2
    )
    error_message = "An account that cannot spare the reservations gets none: each function is counted at the whole account quota, and all together at most the quota (10) run, so 10 x 2 connections."
  }
}

run "rejects_an_unreservable_query_whose_account_quota_breaks_the_budget" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 105
    functions                        = { query = { concurrency = 10 } }
    db_connection_budget             = 60
  }

  # 105 - 18 reserved < 100 unreserved: no reservation; each counted at 105,
  # all together at most 105: 105 x 2 > 60.
  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "rejects_a_processor_cap_that_leaves_a_new_account_no_room" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 10
    functions                        = { processor = { concurrency = 10 } }
  }

  # 10 processors + authorizer, ingest, query, control, relay, migrate 1 each = 16 > 10.
  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "a_processor_cap_that_leaves_every_function_room_fits_a_new_account" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 10
    functions                        = { processor = { concurrency = 4 } }
  }

  assert {
    condition     = local.lambda_concurrency_needed == 10 && aws_lambda_event_source_mapping.processor.scaling_config[0].maximum_concurrency == 4
    error_message = "4 processors and one invocation each for the authorizer, ingest, query, control, relay and migrate fit a quota of 10."
  }
}

run "reserved_functions_keep_their_reservation_beside_the_processor" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 1000
    functions                        = { processor = { concurrency = 20 }, query = { concurrency = 30 } }
    db_connection_budget             = 300
  }

  assert {
    condition     = local.lambda_concurrency_needed == 20 + 30 + 5 + 1 + 2 + 1 + 1
    error_message = "With reservations in place the processor's cap leaves query, control, relay and migrate their reservations and the authorizer and ingest one invocation each."
  }
}
