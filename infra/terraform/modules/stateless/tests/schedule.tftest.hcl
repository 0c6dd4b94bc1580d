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
      master = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      query  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf"
      writer = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf"
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

run "the_idempotency_key_purge_runs_hourly_as_the_migrate_function" {
  command = plan

  assert {
    condition = (
      aws_cloudwatch_event_rule.purge_idempotency_keys.schedule_expression == "rate(1 hour)"
      && aws_cloudwatch_event_target.purge_idempotency_keys.input == jsonencode({ action = "purge-idempotency-keys" })
      && aws_cloudwatch_event_target.purge_idempotency_keys.retry_policy[0].maximum_retry_attempts == 0
      && aws_lambda_permission.purge_schedule.principal == "events.amazonaws.com"
      && aws_lambda_permission.purge_schedule.function_name == "fluxa-test-migrate"
      && aws_lambda_permission.purge_schedule.qualifier == "live"
      && aws_cloudwatch_event_target.purge_idempotency_keys.arn == "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-migrate:live"
      && aws_lambda_function.migrate.environment[0].variables.IDEMPOTENCY_RETENTION_DAYS == "30"
    )
    error_message = "EventBridge must invoke the migrate function hourly with the purge action (purgeKeysAction in packages/models), and migrate must get the retention (30 days by default)."
  }
}

run "the_key_retention_is_a_setting" {
  command = plan

  variables {
    idempotency_retention_days = 7
    idempotency_purge_schedule = "cron(15 3 * * ? *)"
  }

  assert {
    condition = (
      aws_lambda_function.migrate.environment[0].variables.IDEMPOTENCY_RETENTION_DAYS == "7"
      && aws_cloudwatch_event_rule.purge_idempotency_keys.schedule_expression == "cron(15 3 * * ? *)"
    )
    error_message = "idempotency_retention_days and idempotency_purge_schedule must reach the function and the rule."
  }
}
