# Plans the module with a mocked provider and asserts schedule.tf: what
# EventBridge invokes, how often, with which input.

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
  target          = aws_lambda_alias.live["migrate"]
  override_during = plan
  values          = { name = "live", arn = "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-migrate:live" }
}

override_resource {
  target          = aws_lambda_alias.live["relay"]
  override_during = plan
  values          = { name = "live", arn = "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-relay:live" }
}

override_resource {
  target          = aws_cloudwatch_event_rule.schedule["relay"]
  override_during = plan
  values          = { arn = "arn:aws:events:eu-west-1:123456789012:rule/fluxa-test-relay" }
}

run "the_lifecycle_and_the_relay_run_every_minute" {
  command = plan

  # The lifecycle runs every minute as the migrate function.
  assert {
    condition = (
      aws_cloudwatch_event_rule.schedule["lifecycle"].schedule_expression == "rate(1 minute)"
      && aws_cloudwatch_event_target.schedule["lifecycle"].input == jsonencode({ action = "lifecycle" })
      && aws_cloudwatch_event_target.schedule["lifecycle"].arn == "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-migrate:live"
      && aws_cloudwatch_event_target.schedule["lifecycle"].retry_policy[0].maximum_retry_attempts == 0
      && aws_lambda_permission.schedule["lifecycle"].principal == "events.amazonaws.com"
      && aws_lambda_permission.schedule["lifecycle"].function_name == "fluxa-test-migrate"
      && aws_lambda_permission.schedule["lifecycle"].qualifier == "live"
    )
    error_message = "EventBridge must invoke the migrate function's live alias every minute with {\"action\":\"lifecycle\"}, without retries (the next run makes up for a missed one)."
  }

  # The relay runs every minute.
  assert {
    condition = (
      aws_cloudwatch_event_rule.schedule["relay"].schedule_expression == "rate(1 minute)"
      && aws_cloudwatch_event_target.schedule["relay"].input == "{}"
      && aws_cloudwatch_event_target.schedule["relay"].arn == "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-relay:live"
      && aws_lambda_permission.schedule["relay"].function_name == "fluxa-test-relay"
      && aws_lambda_permission.schedule["relay"].qualifier == "live"
      && aws_lambda_permission.schedule["relay"].source_arn == "arn:aws:events:eu-west-1:123456789012:rule/fluxa-test-relay"
    )
    error_message = "EventBridge must invoke the relay's live alias every minute with {}."
  }
}

run "the_lifecycle_schedule_and_key_retention_are_settings" {
  command = plan

  variables {
    idempotency_retention_days = 7
    lifecycle_schedule         = "rate(5 minutes)"
  }

  assert {
    condition = (
      aws_lambda_function.migrate.environment[0].variables.IDEMPOTENCY_RETENTION_DAYS == "7"
      && aws_cloudwatch_event_rule.schedule["lifecycle"].schedule_expression == "rate(5 minutes)"
    )
    error_message = "idempotency_retention_days and lifecycle_schedule must reach the function and the rule."
  }
}
