# prod: Multi-AZ, deletion-protected database with a final snapshot and two
# weeks of point-in-time recovery; a payload bucket Terraform refuses to
# destroy; 90-day logs; bounded query concurrency.

provider "aws" {
  region = var.region

  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan

  default_tags {
    tags = local.tags
  }
}

locals {
  stage = "prod"
  tags = merge(
    {
      Project     = "fluxa"
      Environment = local.stage
      ManagedBy   = "terraform"
      Repository  = "fluxa/infra/terraform/envs/${local.stage}"
    },
    var.tags,
  )

  dist_dir = coalesce(var.dist_dir, "${path.module}/../../../../dist")

  # db.t4g.medium: max_connections ~400, minus headroom for RDS, operators and
  # a Multi-AZ failover's reconnect burst.
  db_connection_budget = 300

  # The account's Lambda concurrency quota: given (deploy.sh passes what
  # `aws lambda get-account-settings` reports), else read from Service Quotas;
  # unknown in an offline plan.
  lambda_account_concurrency_limit = (
    var.lambda_account_concurrency_limit != null ? var.lambda_account_concurrency_limit
    : var.offline_plan ? null
    : one(data.aws_servicequotas_service_quota.lambda_concurrency[*].value)
  )
}

data "aws_servicequotas_service_quota" "lambda_concurrency" {
  count = var.offline_plan || var.lambda_account_concurrency_limit != null ? 0 : 1

  service_code = "lambda"
  quota_code   = "L-B99A9384" # Concurrent executions
}

module "stateful" {
  source = "../../modules/stateful"

  stage      = local.stage
  aws_region = var.region

  vpc_id                  = var.vpc_id
  private_subnet_ids      = var.private_subnet_ids
  private_route_table_ids = var.private_route_table_ids
  create_vpc_endpoints    = var.create_vpc_endpoints

  instance_class                   = var.db_instance_class
  allocated_storage_gb             = 50
  max_allocated_storage_gb         = 500
  multi_az                         = true
  deletion_protection              = true
  skip_final_snapshot              = false
  final_snapshot_identifier        = "fluxa-prod-db-final"
  backup_retention_days            = 14
  performance_insights_enabled     = true
  apply_immediately                = false
  enable_rds_proxy                 = false
  role_secret_recovery_window_days = 30
  log_retention_days               = 90

  # OS metrics every minute, and alarms on connections (against the budget
  # below), free storage and CPU, to the stack's alarm topic.
  monitoring_interval  = 60
  enable_alarms        = true
  alarm_topic_arn      = module.stateless.sns_alarm_topic_arn
  db_connection_budget = local.db_connection_budget
}

module "stateless" {
  source = "../../modules/stateless"

  stage      = local.stage
  aws_region = var.region

  dist_dir       = local.dist_dir
  lambda_runtime = var.lambda_runtime
  log_level      = var.log_level

  log_retention_days = 90

  # (10 processors + 20 query + 2 migrate) x 2 = 64 connections, well inside
  # db.t4g.medium's ~400 minus headroom.
  processor_max_concurrency        = var.processor_max_concurrency
  query_concurrency_limit          = var.query_concurrency_limit
  lambda_account_concurrency_limit = local.lambda_account_concurrency_limit
  db_connection_budget             = local.db_connection_budget

  # Per-address rate limit and known-bad-input rules in front of the API.
  enable_waf = true

  payload_bucket_prevent_destroy = true
  payload_bucket_versioning      = true

  db_host                  = module.stateful.db_host
  db_port                  = module.stateful.db_port
  db_name                  = module.stateful.db_name
  db_uses_proxy            = module.stateful.db_uses_proxy
  db_master_secret_arn     = module.stateful.db_master_secret_arn
  db_query_secret_arn      = module.stateful.db_query_secret_arn
  db_writer_secret_arn     = module.stateful.db_writer_secret_arn
  migrate_prerequisites    = module.stateful.network_dependency_ids
  vpc_subnet_ids           = module.stateful.private_subnet_ids
  lambda_security_group_id = module.stateful.lambda_security_group_id

  # Who may call the API, with which tenant, scopes, throttle and quota
  # (null: the module's single default client).
  api_clients                       = var.api_clients
  api_authorizer_result_ttl_seconds = var.api_authorizer_result_ttl_seconds

  # Stage-wide and anonymous throttles (null: the module's defaults).
  api_throttle_rate_limit            = var.api_throttle == null ? null : var.api_throttle.rate_limit
  api_throttle_burst_limit           = var.api_throttle == null ? null : var.api_throttle.burst_limit
  api_anonymous_throttle_rate_limit  = var.api_anonymous_throttle == null ? null : var.api_anonymous_throttle.rate_limit
  api_anonymous_throttle_burst_limit = var.api_anonymous_throttle == null ? null : var.api_anonymous_throttle.burst_limit
  waf_rate_limit                     = var.waf_rate_limit

  alarm_subscriptions        = var.alarm_subscriptions
  manage_api_gateway_account = var.manage_api_gateway_account
}
