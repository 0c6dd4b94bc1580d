variable "region" {
  description = "AWS region to deploy into."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like a region name, e.g. eu-west-1."
  }
}

variable "offline_plan" {
  description = "Plan without AWS access (fake credentials, no STS/IMDS calls), e.g. to review a change on an air-gapped machine. Never apply with it: account-dependent values are not looked up."
  type        = bool
  default     = false
}

variable "vpc_id" {
  description = "Existing VPC (this stack does not create one). It needs DNS support and DNS hostnames enabled for the interface endpoints' private DNS."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets in at least two AZs (one per AZ) for the database, the in-VPC Lambdas and the interface endpoints."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "private_subnet_ids needs at least two subnets in different AZs (RDS subnet groups require two AZs)."
  }
}

variable "private_route_table_ids" {
  description = "Route tables of the private subnets (for the S3 gateway endpoint). Empty when create_vpc_endpoints is false."
  type        = list(string)
  default     = []
}

variable "create_vpc_endpoints" {
  description = "true: create the SQS/SNS/Secrets Manager/X-Ray interface endpoints and the S3 gateway endpoint. false: the private subnets already have a NAT route (or these endpoints)."
  type        = bool
  default     = true
}

variable "dist_dir" {
  description = "Directory with the Lambda packages (<function>.zip for authorizer, ingest, processor, query, control, relay, migrate); null = the repository's dist/ (written by `make package`)."
  type        = string
  default     = null
}

variable "lambda_runtime" {
  description = "Lambda runtime. nodejs24.x needs AWS provider >= 6.19; with a 5.x provider use nodejs22.x."
  type        = string
  default     = "nodejs24.x"

  validation {
    condition     = can(regex("^nodejs\\d+\\.x$", var.lambda_runtime))
    error_message = "lambda_runtime must be a Node.js managed runtime such as nodejs24.x."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of every function."
  type        = string
  default     = "debug"
}

variable "alarm_subscriptions" {
  description = "Who hears the alarms: subscriptions of the stack's alarm topic, e.g. [{ protocol = \"email\", endpoint = \"oncall@example.com\" }] (confirm the mail AWS sends). Empty = nobody (dev only; prod refuses it)."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []
}

variable "manage_api_gateway_account" {
  description = "Opt-in: make this stack set the account-wide API Gateway CloudWatch Logs role (one setting per account and region, shared by every API there). Turn it on in exactly one stack per account and region where it is not set yet; API logging fails to deploy until some stack (or someone) has set it."
  type        = bool
  default     = false
}

variable "lambda_account_concurrency_limit" {
  description = "This account's Lambda concurrency quota in the region; null = read it from Service Quotas (deploy.sh passes what `aws lambda get-account-settings` reports). The plan fails, naming the quota to request, when the database connections or the other functions' room beside the processor do not fit."
  type        = number
  default     = null
}

variable "api_clients" {
  description = "Who may call the keyed routes: client name => { tenant, scopes (write, read, replay, erase), throttle = { rate_limit, burst_limit }, quota = { limit, period } (optional), keys = [key names], enabled = true (false: the client's keys stop working at once) }; see docs/SECURITY.md for rotation and revocation. null = one client default (tenant default, write and read, 50 req/s, burst 100, 4,320,000 requests/day: its rate all day, key initial)."
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
  description = "How long API Gateway caches the authorizer's answer per key (1-59). With the authorizer's own 30 s cache of the grants it bounds how long a revoked key keeps working: 60 s at most. null = 30."
  type        = number
  default     = null
}

variable "tags" {
  description = "Extra tags added to every resource through the provider's default_tags."
  type        = map(string)
  default     = {}
}

variable "api_throttle" {
  description = "Stage-wide throttle across every client and route: { rate_limit (requests/s), burst_limit }. Each client's own limits are in api_clients. null = 100 requests/s, burst 200."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = null
}

variable "api_anonymous_throttle" {
  description = "Throttle of each route callable without a key (/health, /health/ready, /openapi.json), across all callers: { rate_limit (requests/s), burst_limit }. null = 10 requests/s, burst 20."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = null
}

variable "functions" {
  description = "Sizing per function, attribute by attribute over this environment's: { <function> = { memory_size, timeout, concurrency } } (see modules/stateless, functions). concurrency is processor's event source mapping cap and the reserved concurrency of query, control, relay and migrate; each counts against the database's connection budget."
  type = map(object({
    memory_size = optional(number)
    timeout     = optional(number)
    concurrency = optional(number)
  }))
  default = {}
}

variable "subscribers" {
  description = "Who receives the event notifications, by name: { protocol = sqs | lambda | https | firehose, endpoint, tenants = [] (only these tenants' events; [] = all), replays = true (false: no replayed notifications), raw_message_delivery = false, subscription_role_arn (firehose only) }. Each gets its own dead-letter queue and alarm (docs/RUNBOOK.md, Adding a subscriber)."
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
  description = "Days an event is kept after it was stored; then the lifecycle run deletes it with its payload. null = forever."
  type        = number
  default     = null
}

variable "tenant_retention_days" {
  description = "Retention per tenant, over event_retention_days, e.g. { acme = 400 }."
  type        = map(number)
  default     = {}
}

variable "db_engine" {
  description = "postgres (an RDS instance) or aurora-postgresql (an Aurora cluster: db.t4g.medium or larger; storage grows on its own). Same driver and SQL. Changing it on a deployed stack creates a new, empty database."
  type        = string
  default     = "postgres"
}

variable "db_read_replica" {
  description = "A read replica (Aurora: a reader instance) the query function reads from, so reads take nothing from the writer; it lags by seconds (a 202 never promised read-your-writes)."
  type        = bool
  default     = false
}
