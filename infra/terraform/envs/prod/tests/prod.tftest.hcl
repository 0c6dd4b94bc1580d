# Plans the whole prod environment against a mocked AWS provider and asserts
# what distinguishes prod: durability of the data and bounded concurrency.

mock_provider "aws" {
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
  region                  = "eu-west-1"
  offline_plan            = true
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0aaa1111", "subnet-0bbb2222", "subnet-0ccc3333"]
  private_route_table_ids = ["rtb-0aaa1111", "rtb-0bbb2222", "rtb-0ccc3333"]
  dist_dir                = "../../modules/stateless/tests/fixtures/lambda-packages"
  lambda_runtime          = "nodejs22.x" # nodejs24.x needs provider >= 6.19; the mirror has 5.100
  alarm_subscriptions     = [{ protocol = "email", endpoint = "oncall@example.com" }]
}

override_resource {
  target          = module.stateless.aws_sns_topic.alarms
  override_during = plan
  values          = { arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-prod-alarms" }
}

override_resource {
  target          = module.stateless.aws_api_gateway_api_key.client["default/initial"]
  override_during = plan
  values          = { id = "key-default" }
}

override_resource {
  target          = module.stateful.aws_secretsmanager_secret.writer_role
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-prod-db-writer-role-AbCdEf" }
}

override_resource {
  target          = module.stateful.aws_secretsmanager_secret.query_role
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-prod-db-query-role-AbCdEf" }
}

override_resource {
  target          = module.stateful.aws_db_instance.this
  override_during = plan
  values = {
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      secret_status = "active"
      kms_key_id    = "alias/aws/secretsmanager"
    }]
  }
}

override_resource {
  target          = module.stateless.aws_wafv2_web_acl.api
  override_during = plan
  values          = { arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/fluxa-prod-api/abc" }
}

run "prod_plan" {
  command = plan

  # ------------------------------------------------------------- database ---
  assert {
    condition     = module.stateful.db_instance_settings.deletion_protection
    error_message = "prod database must have deletion protection."
  }

  assert {
    condition     = module.stateful.db_instance_settings.multi_az
    error_message = "prod database must be Multi-AZ."
  }

  assert {
    condition = (
      !module.stateful.db_instance_settings.skip_final_snapshot
      && module.stateful.db_instance_settings.final_snapshot_identifier == "fluxa-prod-db-final"
    )
    error_message = "prod database must take a named final snapshot when deleted."
  }

  assert {
    condition     = module.stateful.db_instance_settings.backup_retention_period >= 14
    error_message = "prod keeps at least two weeks of point-in-time recovery."
  }

  assert {
    condition = (
      module.stateful.db_instance_settings.storage_encrypted
      && !module.stateful.db_instance_settings.publicly_accessible
      && module.stateful.db_instance_settings.manage_master_user_password
      && module.stateful.db_instance_settings.force_ssl == "1"
    )
    error_message = "prod database must be encrypted, private, with an RDS-managed password and forced TLS."
  }

  # ------------------------------------------------------------- storage ---
  assert {
    condition     = module.stateless.s3_bucket_prevent_destroy
    error_message = "prod's payload bucket must be the prevent_destroy variant."
  }

  # ------------------------------------------------------ api and lambdas ---
  assert {
    condition = alltrue([
      for route, r in module.stateless.api_gateway_routes :
      r.api_key_required == !contains(["GET /health", "GET /health/ready", "GET /openapi.json"], route)
      && r.authorization == (r.api_key_required ? "CUSTOM" : "NONE")
    ]) && length(module.stateless.api_gateway_routes) == 8
    error_message = "Every data route must require x-api-key through the API key authorizer; only health and openapi are open."
  }

  assert {
    condition = module.stateless.api_gateway_usage_plans == {
      default = { tenant = "default", scopes = tolist(["write", "read"]), rate_limit = 50, burst_limit = 100, quota = { limit = 100000, period = "DAY" }, keys = tolist(["initial"]) }
    }
    error_message = "Without api_clients, prod has the single default client: tenant default, write and read, 50 req/s, burst 100, 100,000 requests a day."
  }

  assert {
    condition     = output.api_key_id == "key-default" && output.api_client_key_ids == { "default/initial" = "key-default" }
    error_message = "api_key_id (read by the scripts) must be the default client's key, and api_client_key_ids must list every key."
  }

  assert {
    condition = alltrue([
      for f in module.stateless.lambda_functions : f.tracing_mode == "Active" && f.log_retention_days == 90
    ])
    error_message = "prod functions must be traced and keep logs 90 days."
  }

  assert {
    condition = (
      contains(module.stateless.lambda_event_source_mapping.function_response_types, "ReportBatchItemFailures")
      && module.stateless.lambda_event_source_mapping.maximum_concurrency == 10
      && module.stateless.sqs_queue_visibility_timeout_seconds >= 6 * module.stateless.lambda_functions.processor.timeout
    )
    error_message = "prod processor: partial batch failures, capped concurrency, visibility >= 6 x timeout."
  }

  assert {
    condition = alltrue(flatten([
      for name, actions in module.stateless.lambda_role_actions : [for a in actions : !strcontains(a, "*")]
    ])) && alltrue([for a in module.stateless.lambda_role_actions.query : !can(regex("^(sqs:Send|sns:Publish|s3:Put|secretsmanager:Put)", a))])
    error_message = "No wildcard actions; the query role is read-only."
  }

  # ------------------------------------------------------------ hardening ---
  assert {
    condition     = module.stateless.wafv2_web_acl_arn == "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/fluxa-prod-api/abc"
    error_message = "prod's API must sit behind the WAF (per-address rate limit)."
  }

  assert {
    condition = (
      module.stateful.db_instance_settings.monitoring_interval == 60
      && length(module.stateful.db_alarm_names) == 3
    )
    error_message = "prod needs Enhanced Monitoring and the database alarms (connections, free storage, CPU)."
  }

  assert {
    condition     = output.alarm_topic_arn == "arn:aws:sns:eu-west-1:123456789012:fluxa-prod-alarms"
    error_message = "prod's alarms notify the stack's alarm topic."
  }

  assert {
    condition = (
      module.stateless.lambda_functions.processor.environment.DB_SECRET_ARN == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-prod-db-writer-role-AbCdEf"
      && alltrue([for name in ["processor", "query", "migrate"] : module.stateless.lambda_functions[name].environment.DB_SSL == "verify-full"])
    )
    error_message = "prod's processor connects as the writer role; every database client verifies the server certificate."
  }

  assert {
    condition     = module.stateless.lambda_db_connections_bounded == (10 + 20 + 2) * 2 && module.stateless.lambda_functions.query.reserved_concurrency == 20
    error_message = "prod reserves query (20) and counts it: (10 + 20 + 1) x 2 connections."
  }
}

run "prod_takes_its_clients_and_their_limits_from_its_inputs" {
  command = plan

  variables {
    api_clients = {
      "acme-pos"        = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 200, burst_limit = 400 }, quota = { limit = 5000000, period = "DAY" }, keys = ["2026-11", "2027-02"] }
      "acme-dashboards" = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 10, burst_limit = 20 }, quota = { limit = 100000, period = "MONTH" }, keys = ["2026-11"] }
    }
    api_authorizer_result_ttl_seconds = 60
  }

  assert {
    condition = (
      module.stateless.api_gateway_usage_plans["acme-pos"].rate_limit == 200
      && module.stateless.api_gateway_usage_plans["acme-pos"].quota == { limit = 5000000, period = "DAY" }
      && module.stateless.api_gateway_usage_plans["acme-dashboards"].scopes == tolist(["read"])
      && module.stateless.api_gateway_usage_plans["acme-dashboards"].quota == { limit = 100000, period = "MONTH" }
      && length(module.stateless.api_gateway_usage_plans) == 2
      && module.stateless.api_gateway_authorizer_result_ttl_seconds == 60
    )
    error_message = "prod's clients, limits and authorizer cache come from its inputs, none hard-coded."
  }

  assert {
    condition     = output.api_key_id == null
    error_message = "Without a client named default there is no default key id."
  }
}

run "prod_refuses_a_client_without_a_quota" {
  command = plan

  variables {
    api_clients = {
      "acme-pos" = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 200, burst_limit = 400 }, keys = ["2026-11"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "prod_refuses_alarms_that_notify_nobody" {
  command = plan

  variables {
    alarm_subscriptions = []
  }

  expect_failures = [var.alarm_subscriptions]
}

run "prod_reservation_fits_an_established_account" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 1000
  }

  assert {
    condition     = module.stateless.lambda_functions.query.reserved_concurrency == 20
    error_message = "With room in the account, query is reserved at 20."
  }
}

run "prod_on_a_new_account_leaves_query_capped_by_the_quota" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 10
  }

  assert {
    condition     = module.stateless.lambda_functions.query.reserved_concurrency == -1
    error_message = "A new account's quota (10) cannot spare a reservation: query stays unreserved, capped (and counted) at 10 by the quota."
  }
}

run "prod_on_a_mid_sized_account_counts_query_at_the_quota" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 110
  }

  assert {
    condition     = module.stateless.lambda_functions.query.reserved_concurrency == -1 && module.stateless.lambda_db_connections_bounded == (10 + 110 + 2) * 2
    error_message = "110 cannot spare 20 (Lambda keeps 100): no reservation, query counted at the quota, which prod's budget of 300 absorbs."
  }
}

run "prod_takes_its_stage_anonymous_and_waf_limits_from_its_inputs" {
  command = plan

  variables {
    api_throttle           = { rate_limit = 500, burst_limit = 1000 }
    api_anonymous_throttle = { rate_limit = 5, burst_limit = 10 }
    waf_rate_limit         = 10000
  }

  assert {
    condition = (
      module.stateless.api_limits.stage == { rate_limit = 500, burst_limit = 1000 }
      && alltrue([for l in values(module.stateless.api_limits.anonymous) : l == { rate_limit = 5, burst_limit = 10 }])
      && length(module.stateless.api_limits.anonymous) == 3
    )
    error_message = "prod's stage-wide and anonymous throttles come from its inputs."
  }

  assert {
    condition     = module.stateless.api_limits.waf_rate_limit_per_5_minutes == 10000
    error_message = "prod's per-address WAF limit comes from its input."
  }
}

run "prod_without_limit_inputs_keeps_the_module_defaults" {
  command = plan

  assert {
    condition = (
      module.stateless.api_limits.stage == { rate_limit = 100, burst_limit = 200 }
      && alltrue([for l in values(module.stateless.api_limits.anonymous) : l == { rate_limit = 10, burst_limit = 20 }])
      && module.stateless.api_limits.waf_rate_limit_per_5_minutes == 2000
    )
    error_message = "Unset limit inputs fall back to the module's documented defaults."
  }
}
