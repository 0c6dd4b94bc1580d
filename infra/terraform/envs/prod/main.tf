# prod: Multi-AZ, deletion-protected database with a final snapshot and two
# weeks of point-in-time recovery; data Terraform refuses to destroy; 90-day
# logs; WAF in front of the API; database alarms and Enhanced Monitoring.

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

  # What makes this environment prod.
  database = {
    engine         = var.db_engine
    read_replica   = var.db_read_replica
    instance_class = var.db_instance_class
    # 2 % of the 500 GiB ceiling (the free-storage alarm) must stay within
    # the 10 % of the allocation at which autoscaling grows the volume.
    allocated_storage_gb      = 100
    max_allocated_storage_gb  = 500
    multi_az                  = true
    deletion_protection       = true
    skip_final_snapshot       = false
    final_snapshot_identifier = "fluxa-prod-db-final"
    backup_retention_days     = 14
    apply_immediately         = false
    # OS metrics every minute, and alarms on connections (against the
    # budget), free storage and CPU.
    monitoring_interval = 60
    alarms              = true
    # db.t4g.medium: max_connections ~400, minus headroom for RDS, operators
    # and a Multi-AZ failover's reconnect burst.
    connection_budget           = 300
    secret_recovery_window_days = 30
  }
  log_retention_days = 90
  functions = {
    processor = { concurrency = 10 }
    query     = { concurrency = 20 }
  }
}

module "fluxa" {
  source = "../../modules/fluxa"

  stage        = local.stage
  region       = var.region
  offline_plan = var.offline_plan

  network = {
    vpc_id                  = var.vpc_id
    private_subnet_ids      = var.private_subnet_ids
    private_route_table_ids = var.private_route_table_ids
    create_vpc_endpoints    = var.create_vpc_endpoints
  }

  dist_dir           = coalesce(var.dist_dir, "${path.module}/../../../../dist")
  lambda_runtime     = var.lambda_runtime
  log_level          = var.log_level
  log_retention_days = local.log_retention_days
  database           = local.database
  functions          = local.functions
  function_overrides = var.functions
  protect_data       = true
  # Per-address rate limit and known-bad-input rules in front of the API.
  waf = { enabled = true, rate_limit = var.waf_rate_limit }

  lambda_account_concurrency_limit  = var.lambda_account_concurrency_limit
  api_clients                       = var.api_clients
  api_authorizer_result_ttl_seconds = var.api_authorizer_result_ttl_seconds
  api_throttle                      = var.api_throttle
  api_anonymous_throttle            = var.api_anonymous_throttle
  manage_api_gateway_account        = var.manage_api_gateway_account
  alarm_subscriptions               = var.alarm_subscriptions
  subscribers                       = var.subscribers
  event_retention_days              = var.event_retention_days
  tenant_retention_days             = var.tenant_retention_days
}

# The two modules used to be composed here; their resources keep their
# addresses under module.fluxa.
moved {
  from = module.stateful
  to   = module.fluxa.module.stateful
}

moved {
  from = module.stateless
  to   = module.fluxa.module.stateless
}

# The queues became one of two variants (prevent_destroy cannot be a
# variable); this environment's are the protected ones.
moved {
  from = module.fluxa.module.stateless.aws_sqs_queue.main
  to   = module.fluxa.module.stateless.aws_sqs_queue.main_protected[0]
}

moved {
  from = module.fluxa.module.stateless.aws_sqs_queue.dlq
  to   = module.fluxa.module.stateless.aws_sqs_queue.dlq_protected[0]
}
