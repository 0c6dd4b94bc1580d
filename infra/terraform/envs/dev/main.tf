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

  # What makes this environment dev.
  database = {
    engine       = var.db_engine
    read_replica = var.db_read_replica
    # db.t4g.micro: max_connections ~80; a budget of 60 leaves headroom for RDS
    # and operators.
    instance_class              = "db.t4g.micro"
    allocated_storage_gb        = 20
    max_allocated_storage_gb    = 50
    multi_az                    = false
    deletion_protection         = false
    skip_final_snapshot         = true
    backup_retention_days       = 1
    apply_immediately           = true
    connection_budget           = 60
    secret_recovery_window_days = 0
  }
  log_retention_days = 14
  # 4 processors leave the six other functions one invocation each on a new
  # account (Lambda concurrency quota 10).
  functions = {
    processor = { concurrency = 4 }
    query     = { concurrency = 5 }
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
    # One AZ of interface endpoints halves their cost; fine for a dev stack.
    endpoint_subnet_ids = slice(var.private_subnet_ids, 0, 1)
  }

  dist_dir           = coalesce(var.dist_dir, "${path.module}/../../../../dist")
  lambda_runtime     = var.lambda_runtime
  log_level          = var.log_level
  log_retention_days = local.log_retention_days
  database           = local.database
  functions          = local.functions
  function_overrides = var.functions
  protect_data       = false
  waf                = { enabled = false }

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
# variable); this environment's are the unprotected ones.
moved {
  from = module.fluxa.module.stateless.aws_sqs_queue.main
  to   = module.fluxa.module.stateless.aws_sqs_queue.main[0]
}

moved {
  from = module.fluxa.module.stateless.aws_sqs_queue.dlq
  to   = module.fluxa.module.stateless.aws_sqs_queue.dlq[0]
}
