# Plans the whole dev environment (both modules, as composed in main.tf)
# against a mocked AWS provider: offline, no credentials, no dist/ needed.

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
  private_subnet_ids      = ["subnet-0aaa1111", "subnet-0bbb2222"]
  private_route_table_ids = ["rtb-0aaa1111"]
  dist_dir                = "../../modules/stateless/tests/fixtures/lambda-packages"
  lambda_runtime          = "nodejs22.x" # nodejs24.x needs provider >= 6.19; the mirror has 5.100
}

override_resource {
  target          = module.stateless.aws_api_gateway_stage.this
  override_during = plan
  values          = { invoke_url = "https://abc123.execute-api.eu-west-1.amazonaws.com/v1" }
}

override_resource {
  target          = module.stateless.aws_api_gateway_api_key.client["default/initial"]
  override_during = plan
  values          = { id = "key-default" }
}

override_resource {
  target          = module.stateful.aws_secretsmanager_secret.writer_role
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-dev-db-writer-role-AbCdEf" }
}

override_resource {
  target          = module.stateful.aws_secretsmanager_secret.query_role
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-dev-db-query-role-AbCdEf" }
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

run "dev_plan" {
  command = plan

  # ------------------------------------------------------------- database ---
  assert {
    condition = (
      module.stateful.db_instance_settings.storage_encrypted
      && !module.stateful.db_instance_settings.publicly_accessible
      && module.stateful.db_instance_settings.manage_master_user_password
      && module.stateful.db_instance_settings.force_ssl == "1"
    )
    error_message = "dev database must be encrypted, private, with an RDS-managed password and forced TLS."
  }

  assert {
    condition = (
      !module.stateful.db_instance_settings.multi_az
      && !module.stateful.db_instance_settings.deletion_protection
      && module.stateful.db_instance_settings.skip_final_snapshot
      && module.stateful.db_instance_settings.final_snapshot_identifier == null
    )
    error_message = "dev is disposable: single-AZ, no deletion protection, no final snapshot."
  }

  assert {
    condition     = module.stateful.db_instance_settings.engine_version == "16" && module.stateful.db_instance_settings.backup_retention_period >= 1
    error_message = "dev runs PostgreSQL 16 (major pinned only) with backups on."
  }

  # ----------------------------------------------------------------- api ---
  assert {
    condition = alltrue([
      for route, r in module.stateless.api_gateway_routes :
      r.api_key_required == !contains(["GET /health", "GET /health/ready", "GET /openapi.json"], route)
      && r.authorization == (r.api_key_required ? "CUSTOM" : "NONE")
    ]) && length(module.stateless.api_gateway_routes) == 8
    error_message = "All 8 routes must exist; every one but /health, /health/ready and /openapi.json requires x-api-key and goes through the API key authorizer."
  }

  assert {
    condition = module.stateless.api_gateway_usage_plans == {
      default = { tenant = "default", scopes = tolist(["write", "read"]), rate_limit = 50, burst_limit = 100, quota = { limit = 100000, period = "DAY" }, keys = tolist(["initial"]) }
    }
    error_message = "Without api_clients, dev has the single default client: tenant default, write and read, 50 req/s, burst 100, 100,000 requests a day."
  }

  assert {
    condition     = output.api_key_id == "key-default" && output.api_client_key_ids == { "default/initial" = "key-default" }
    error_message = "api_key_id (read by the scripts) must be the default client's key, and api_client_key_ids must list every key."
  }

  assert {
    condition     = module.stateless.api_gateway_authorizer_result_ttl_seconds == 300
    error_message = "The authorizer's answers are cached 300 s unless the env says otherwise."
  }

  assert {
    condition     = output.api_endpoint == "https://abc123.execute-api.eu-west-1.amazonaws.com/v1"
    error_message = "api_endpoint must be the stage's invoke URL."
  }

  # ------------------------------------------------------------- lambdas ---
  assert {
    condition = alltrue([
      for name, f in module.stateless.lambda_functions :
      f.tracing_mode == "Active" && f.log_retention_days == 14 && f.log_group == "/aws/lambda/fluxa-dev-${name}" && f.runtime == "nodejs22.x"
    ]) && length(module.stateless.lambda_functions) == 5
    error_message = "Every dev function must be traced and log to a retained /aws/lambda/<name> group."
  }

  assert {
    condition = (
      contains(module.stateless.lambda_event_source_mapping.function_response_types, "ReportBatchItemFailures")
      && module.stateless.lambda_event_source_mapping.maximum_concurrency == 5
    )
    error_message = "The processor must report partial batch failures and be concurrency-capped."
  }

  assert {
    condition     = module.stateless.sqs_queue_visibility_timeout_seconds >= 6 * module.stateless.lambda_functions.processor.timeout
    error_message = "Queue visibility timeout must be at least 6 x the processor timeout."
  }

  # ----------------------------------------------------------------- iam ---
  assert {
    condition     = alltrue(flatten([for name, actions in module.stateless.lambda_role_actions : [for a in actions : !strcontains(a, "*")]]))
    error_message = "No Lambda role may be granted a wildcard action."
  }

  assert {
    condition = alltrue([
      for a in module.stateless.lambda_role_actions.query :
      !can(regex("^(sqs:Send|sns:Publish|s3:Put|secretsmanager:Put)", a))
    ])
    error_message = "The query role must be read-only."
  }

  # ------------------------------------------------------------- storage ---
  assert {
    condition     = !module.stateless.s3_bucket_prevent_destroy
    error_message = "dev's payload bucket stays destroyable."
  }

  assert {
    condition     = output.migrate_function_name == "fluxa-dev-migrate" && output.aws_region == "eu-west-1"
    error_message = "Operators need the migrate function name and the region as outputs."
  }

  # ------------------------------------------------------------ hardening ---
  assert {
    condition = (
      module.stateless.lambda_functions.processor.environment.DB_SECRET_ARN == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-dev-db-writer-role-AbCdEf"
      && module.stateless.lambda_functions.migrate.environment.DB_SECRET_ARN == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      && alltrue([for name in ["processor", "query", "migrate"] : module.stateless.lambda_functions[name].environment.DB_SSL == "verify-full"])
    )
    error_message = "processor connects as the writer role, only migrate as the master; every database client verifies the server certificate."
  }

  assert {
    condition     = module.stateless.lambda_functions.query.reserved_concurrency == 5 && module.stateless.lambda_db_connections_bounded == (5 + 5 + 2) * 2
    error_message = "dev reserves query (5) and counts it in the connection budget."
  }

  assert {
    condition     = module.stateless.lambda_invocation_migrate_function_name == "fluxa-dev-migrate"
    error_message = "dev migrates inside the apply, before traffic."
  }

  assert {
    condition     = module.stateless.wafv2_web_acl_arn == null && length(module.stateful.db_alarm_names) == 0
    error_message = "dev stays cheap: no WAF, no database alarms."
  }
}

run "dev_on_a_new_account_leaves_query_capped_by_the_quota" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 10
  }

  assert {
    condition     = module.stateless.lambda_functions.query.reserved_concurrency == -1
    error_message = "A new account (quota 10) cannot reserve: query stays unreserved, capped by the quota."
  }
}
