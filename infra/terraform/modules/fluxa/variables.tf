# The modules validate every value; here each input says what it is. An
# optional attribute left null takes the module's default.

variable "stage" {
  description = "Environment name (dev, prod, ...): part of every resource name and FLUXA_STAGE of every function."
  type        = string
}

variable "region" {
  description = "AWS region the provider targets (endpoint service names, dashboard)."
  type        = string
}

variable "offline_plan" {
  description = "Plan without AWS access: the account's Lambda concurrency quota is not looked up (see the envs' offline_plan)."
  type        = bool
  default     = false
}

variable "dist_dir" {
  description = "Directory with the Lambda packages (<name>.zip) written by `make package`."
  type        = string
}

variable "lambda_runtime" {
  description = "Lambda runtime of every function; null = the stateless module's default (nodejs24.x)."
  type        = string
  default     = null
}

variable "log_level" {
  description = "LOG_LEVEL of every function; null = info."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Retention of every log group: functions, API access and execution logs, WAF, database exports."
  type        = number
}

variable "network" {
  description = "The existing VPC: vpc_id, private_subnet_ids (two AZs at least), private_route_table_ids (for the S3 gateway endpoint), create_vpc_endpoints (false: the subnets already route through a NAT), endpoint_subnet_ids (null = every private subnet; one subnet halves the endpoints' cost)."
  type = object({
    vpc_id                  = string
    private_subnet_ids      = list(string)
    private_route_table_ids = optional(list(string), [])
    create_vpc_endpoints    = optional(bool, true)
    endpoint_subnet_ids     = optional(list(string))
  })
}

variable "database" {
  description = "The database and what protects it: engine (postgres or aurora-postgresql); read_replica (the query function reads from a replica, or Aurora's reader endpoint); aurora_io_optimized (Aurora's I/O-Optimized storage); instance_class; storage (allocated_storage_gb, max_allocated_storage_gb: autoscaling ceiling); multi_az; deletion_protection; skip_final_snapshot and final_snapshot_identifier; backup_retention_days; apply_immediately; rds_proxy; monitoring_interval (Enhanced Monitoring, seconds); alarms (connections, free storage, CPU); connection_budget (connections the functions may hold, checked at plan time); secret_recovery_window_days (of the login roles' secrets)."
  type = object({
    engine                      = optional(string)
    read_replica                = optional(bool)
    aurora_io_optimized         = optional(bool)
    instance_class              = string
    allocated_storage_gb        = number
    max_allocated_storage_gb    = number
    multi_az                    = bool
    deletion_protection         = bool
    skip_final_snapshot         = bool
    final_snapshot_identifier   = optional(string)
    backup_retention_days       = number
    apply_immediately           = bool
    rds_proxy                   = optional(bool)
    monitoring_interval         = optional(number)
    alarms                      = optional(bool, false)
    connection_budget           = number
    secret_recovery_window_days = number
  })
}

variable "functions" {
  description = "The environment's sizing per function (memory_size, timeout, concurrency), as the stateless module's `functions`."
  type = map(object({
    memory_size = optional(number)
    timeout     = optional(number)
    concurrency = optional(number)
  }))
  default = {}
}

variable "function_overrides" {
  description = "The operator's sizing (terraform.tfvars), attribute by attribute over `functions`: { processor = { memory_size = 2048 } } keeps the environment's processor concurrency."
  type = map(object({
    memory_size = optional(number)
    timeout     = optional(number)
    concurrency = optional(number)
  }))
  default  = {}
  nullable = false
}

variable "lambda_account_concurrency_limit" {
  description = "The account's Lambda concurrency quota in the region; null = read it from Service Quotas (or unknown in an offline plan)."
  type        = number
  default     = null
}

variable "protect_data" {
  description = "true: Terraform refuses to destroy the payload bucket (versioned) and the queues (prod). false: a destroy removes them with what they hold (dev)."
  type        = bool
}

variable "api_clients" {
  description = "Who may call the keyed routes (the stateless module's api_clients); null = the single default client."
  type = map(object({
    tenant = string
    scopes = list(string)
    throttle = object({
      rate_limit  = number
      burst_limit = number
    })
    quota = optional(object({
      limit  = number
      period = string
    }))
    keys    = list(string)
    enabled = optional(bool)
  }))
  default = null
}

variable "api_authorizer_result_ttl_seconds" {
  description = "How long API Gateway caches the authorizer's answer per key (1-59; with the grants cache at most 60 s); null = 30."
  type        = number
  default     = null
}

variable "api_throttle" {
  description = "Stage-wide throttle { rate_limit, burst_limit }; null = the module's default."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = null
}

variable "api_anonymous_throttle" {
  description = "Throttle of each route callable without a key { rate_limit, burst_limit }; null = the module's default."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = null
}

variable "waf" {
  description = "WAF in front of the stage: enabled, rate_limit (requests per 5 minutes per address; null = the module's default)."
  type = object({
    enabled    = bool
    rate_limit = optional(number)
  })
}

variable "manage_api_gateway_account" {
  description = "This stack sets the account-wide API Gateway CloudWatch Logs role (once per account and region)."
  type        = bool
  default     = false
}

variable "alarm_subscriptions" {
  description = "Who hears the alarms: subscriptions of the stack's alarm topic."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []
}

variable "subscribers" {
  description = "Who receives the event notifications (the stateless module's subscribers): by name, { protocol, endpoint, tenants, replays, raw_message_delivery, subscription_role_arn }."
  type = map(object({
    protocol              = string
    endpoint              = string
    tenants               = optional(list(string))
    replays               = optional(bool)
    raw_message_delivery  = optional(bool)
    subscription_role_arn = optional(string)
  }))
  default = {}
}

variable "event_retention_days" {
  description = "Days events are kept (then deleted with their payloads); null = forever."
  type        = number
  default     = null
}

variable "tenant_retention_days" {
  description = "Retention per tenant, over event_retention_days, e.g. { acme = 400 }."
  type        = map(number)
  default     = {}
}
