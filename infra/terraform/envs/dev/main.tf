# dev: one small single-AZ database that may be thrown away, short log
# retention, a bucket terraform destroy may empty. Cheap and disposable.

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
  stage = "dev"
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

  # db.t4g.micro: max_connections ~80, minus headroom for RDS and operators.
  db_connection_budget = 60

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
  # One AZ of interface endpoints halves their cost; fine for a dev stack.
  vpc_endpoint_subnet_ids = slice(var.private_subnet_ids, 0, 1)

  instance_class                   = "db.t4g.micro"
  allocated_storage_gb             = 20
  max_allocated_storage_gb         = 50
  multi_az                         = false
  deletion_protection              = false
  skip_final_snapshot              = true
  backup_retention_days            = 1
  performance_insights_enabled     = true
  apply_immediately                = true
  enable_rds_proxy                 = false
  role_secret_recovery_window_days = 0
  log_retention_days               = 14
  db_connection_budget             = local.db_connection_budget
}

module "stateless" {
  source = "../../modules/stateless"

  stage      = local.stage
  aws_region = var.region

  dist_dir       = local.dist_dir
  lambda_runtime = var.lambda_runtime
  log_level      = var.log_level

  # 14 days is enough to debug a dev deploy.
  log_retention_days = 14

  # db.t4g.micro allows ~80 connections; (5 processors + 5 query + 2 migrate)
  # x 2 = 24, well inside a budget of 60.
  processor_max_concurrency        = 5
  query_concurrency_limit          = var.query_concurrency_limit
  lambda_account_concurrency_limit = local.lambda_account_concurrency_limit
  db_connection_budget             = local.db_connection_budget

  payload_bucket_prevent_destroy = false
  payload_bucket_force_destroy   = true

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

  alarm_subscriptions        = var.alarm_subscriptions
  manage_api_gateway_account = var.manage_api_gateway_account
}
