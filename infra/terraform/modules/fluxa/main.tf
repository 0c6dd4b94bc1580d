# One Fluxa stack: the stateful module (database, its secrets, the network
# wiring) feeding the stateless one (API, functions, queues, topic, bucket,
# alarms). An environment is this module with the choices that make it dev or
# prod; everything they share is wired here, once.

# The account's Lambda concurrency quota: given (deploy.sh passes what
# `aws lambda get-account-settings` reports), else read from Service Quotas;
# unknown in an offline plan.
data "aws_servicequotas_service_quota" "lambda_concurrency" {
  count = var.offline_plan || var.lambda_account_concurrency_limit != null ? 0 : 1

  service_code = "lambda"
  quota_code   = "L-B99A9384" # Concurrent executions
}

locals {
  lambda_account_concurrency_limit = (
    var.lambda_account_concurrency_limit != null ? var.lambda_account_concurrency_limit
    : var.offline_plan ? null
    : one(data.aws_servicequotas_service_quota.lambda_concurrency[*].value)
  )

  functions = {
    for name in setunion(keys(var.functions), keys(var.function_overrides)) : name => merge(
      { for attribute, value in try(var.functions[name], {}) : attribute => value if value != null },
      { for attribute, value in try(var.function_overrides[name], {}) : attribute => value if value != null },
    )
  }
}

module "stateful" {
  source = "../stateful"

  stage      = var.stage
  aws_region = var.region

  vpc_id                  = var.network.vpc_id
  private_subnet_ids      = var.network.private_subnet_ids
  private_route_table_ids = var.network.private_route_table_ids
  create_vpc_endpoints    = var.network.create_vpc_endpoints
  vpc_endpoint_subnet_ids = var.network.endpoint_subnet_ids

  engine                           = var.database.engine
  read_replica                     = var.database.read_replica
  aurora_io_optimized              = var.database.aurora_io_optimized
  instance_class                   = var.database.instance_class
  allocated_storage_gb             = var.database.allocated_storage_gb
  max_allocated_storage_gb         = var.database.max_allocated_storage_gb
  multi_az                         = var.database.multi_az
  deletion_protection              = var.database.deletion_protection
  skip_final_snapshot              = var.database.skip_final_snapshot
  final_snapshot_identifier        = var.database.final_snapshot_identifier
  backup_retention_days            = var.database.backup_retention_days
  apply_immediately                = var.database.apply_immediately
  enable_rds_proxy                 = var.database.rds_proxy
  monitoring_interval              = var.database.monitoring_interval
  role_secret_recovery_window_days = var.database.secret_recovery_window_days
  log_retention_days               = var.log_retention_days

  # Connections above the functions' budget, free storage and CPU, to the
  # stack's alarm topic.
  enable_alarms        = var.database.alarms
  alarm_topic_arn      = var.database.alarms ? module.stateless.sns_alarm_topic_arn : null
  db_connection_budget = var.database.connection_budget
}

module "stateless" {
  source = "../stateless"

  stage      = var.stage
  aws_region = var.region

  dist_dir           = var.dist_dir
  lambda_runtime     = var.lambda_runtime
  log_level          = var.log_level
  log_retention_days = var.log_retention_days

  functions                        = local.functions
  lambda_account_concurrency_limit = local.lambda_account_concurrency_limit

  database                 = module.stateful.database
  db_connection_budget     = var.database.connection_budget
  migrate_prerequisites    = module.stateful.network_dependency_ids
  vpc_subnet_ids           = module.stateful.private_subnet_ids
  lambda_security_group_id = module.stateful.lambda_security_group_id

  # Data that must survive a mistaken destroy (the bucket and the queues), or
  # a stack that may be thrown away with everything in it.
  prevent_destroy              = var.protect_data
  payload_bucket_versioning    = var.protect_data
  payload_bucket_force_destroy = !var.protect_data

  api_clients                       = var.api_clients
  api_authorizer_result_ttl_seconds = var.api_authorizer_result_ttl_seconds
  api_throttle                      = var.api_throttle
  api_anonymous_throttle            = var.api_anonymous_throttle
  enable_waf                        = var.waf.enabled
  waf_rate_limit                    = var.waf.rate_limit
  manage_api_gateway_account        = var.manage_api_gateway_account

  subscribers           = var.subscribers
  event_retention_days  = var.event_retention_days
  tenant_retention_days = var.tenant_retention_days

  alarm_subscriptions = var.alarm_subscriptions
}
