# Plans the whole prod environment against a mocked AWS provider and asserts
# what distinguishes prod: durability of the data and bounded concurrency.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json          = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
      minified_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
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
    ]) && length(module.stateless.api_gateway_routes) == 8
    error_message = "Every data route must require x-api-key; only health and openapi are open."
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
}
