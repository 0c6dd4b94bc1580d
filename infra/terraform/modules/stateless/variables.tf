# ------------------------------------------------------------------ naming ---

variable "project" {
  description = "Project name; prefixes every resource name."
  type        = string
  default     = "fluxa"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.project))
    error_message = "project must be 2-16 chars of lower-case letters, digits and '-', starting with a letter."
  }
}

variable "stage" {
  description = "Environment name (dev, prod, ...); part of every resource name and passed to the code as FLUXA_STAGE."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.stage))
    error_message = "stage must be 2-12 chars of lower-case letters, digits and '-', starting with a letter."
  }
}

variable "aws_region" {
  description = "Region the provider targets; the dashboard widgets need it (passed in rather than read from a data source so plans work offline)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like a region name, e.g. eu-west-1."
  }
}

variable "tags" {
  description = "Extra tags merged into every resource's tags (envs normally use the provider's default_tags instead)."
  type        = map(string)
  default     = {}
}

# ----------------------------------------------------------------- lambdas ---

variable "dist_dir" {
  description = "Directory holding the deployment packages <function>.zip (authorizer, ingest, processor, query, control, relay, migrate; each with index.mjs exporting handler), as written by `make package`."
  type        = string

  validation {
    condition     = length(trimspace(var.dist_dir)) > 0
    error_message = "dist_dir must not be empty."
  }
}

variable "lambda_runtime" {
  description = "Lambda runtime for every function. nodejs24.x needs AWS provider >= 6.19; on the 5.x provider line use nodejs22.x."
  type        = string
  default     = "nodejs24.x"
  nullable    = false

  validation {
    condition     = can(regex("^nodejs\\d+\\.x$", var.lambda_runtime))
    error_message = "lambda_runtime must be a Node.js managed runtime such as nodejs24.x (the bundles are ESM index.mjs)."
  }
}

variable "log_level" {
  description = "LOG_LEVEL passed to every function (pino level)."
  type        = string
  default     = "info"
  nullable    = false

  validation {
    condition     = contains(["trace", "debug", "info", "warn", "error", "fatal", "silent"], var.log_level)
    error_message = "log_level must be one of trace, debug, info, warn, error, fatal, silent."
  }
}

variable "lambda_log_format" {
  description = "Lambda log format. Text (default) passes the functions' own JSON lines (pino, EMF) through untouched. JSON makes Lambda wrap console.* output in its own envelope, which hides EMF metrics written with console.log from CloudWatch; choose it only if the code writes logs and EMF to process.stdout directly."
  type        = string
  default     = "Text"

  validation {
    condition     = contains(["Text", "JSON"], var.lambda_log_format)
    error_message = "lambda_log_format must be Text or JSON."
  }
}

variable "log_retention_days" {
  description = "Retention of the Lambda and API access log groups."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...); 0 (never expire) is not allowed."
  }
}

variable "functions" {
  description = "Sizing per function, by name (authorizer, ingest, processor, query, control, relay, migrate); every attribute optional, the rest keep their defaults (main.tf). memory_size: MB (CPU scales with it). timeout: seconds. concurrency: processor = the event source mapping's maximum concurrency; query, control, relay and migrate = their reserved concurrency (relay exactly 1, migrate at least 2); every one of them bounds database connections (x db_pool_max, checked against db_connection_budget). An account that cannot spare the reservations gets none, and each is then counted at the account quota. authorizer and ingest take none (README, Numbers that are decisions)."
  type = map(object({
    memory_size = optional(number)
    timeout     = optional(number)
    concurrency = optional(number)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for name in keys(var.functions) : contains(["authorizer", "ingest", "processor", "query", "control", "relay", "migrate"], name)])
    error_message = "functions: the functions are authorizer, ingest, processor, query, control, relay and migrate."
  }

  validation {
    condition     = alltrue([for f in values(var.functions) : f.memory_size == null || try(f.memory_size >= 128 && f.memory_size <= 10240 && floor(f.memory_size) == f.memory_size, false)])
    error_message = "functions: memory_size must be a whole number of MB, 128-10240 (Lambda's range)."
  }

  # API Gateway gives up on an integration (and on the whole request, the
  # authorizer's time included) after 29 s: a longer timeout only hides a
  # function that the client already saw fail. relay stops taking work about
  # 10 s before its deadline, so it needs a little more than that.
  validation {
    condition = alltrue([
      for name, f in var.functions : f.timeout == null || try(
        floor(f.timeout) == f.timeout
        && f.timeout >= lookup({ processor = 10, relay = 20, migrate = 30 }, name, 1)
        && f.timeout <= lookup({ processor = 900, relay = 900, migrate = 900 }, name, 29),
        false,
      )
    ])
    error_message = "functions: timeout is whole seconds: 1-29 for authorizer, ingest, query and control (API Gateway's 29 s), 10-900 for processor, 20-900 for relay (it stops 10 s before its deadline), 30-900 for migrate (the slowest migration)."
  }

  validation {
    condition = alltrue([
      for name, f in var.functions : f.concurrency == null || try(
        floor(f.concurrency) == f.concurrency && f.concurrency <= 1000 && (
          name == "processor" ? f.concurrency >= 2
          : contains(["query", "control"], name) ? f.concurrency >= 1
          : name == "relay" ? f.concurrency == 1
          : name == "migrate" ? f.concurrency >= 2
          : false
        ),
        false,
      )
    ])
    error_message = "functions: concurrency is the event source mapping's maximum for processor (2-1000) and a reservation for query and control (1-1000), relay (exactly 1) and migrate (2-1000: a deploy's migration beside a lifecycle run); authorizer and ingest are unreserved by design."
  }
}

variable "lambda_account_concurrency_limit" {
  description = "This account's Lambda concurrency quota in the region (aws lambda get-account-settings: AccountLimit.ConcurrentExecutions). Decides whether the reservations fit (Lambda keeps 100 unreserved) or every function is counted at the quota; the plan fails, naming the quota to request, when the connections break db_connection_budget or when the processor's cap leaves another function no room. null = unknown (offline plans): reserved unchecked."
  type        = number
  default     = null

  validation {
    condition     = var.lambda_account_concurrency_limit == null || coalesce(var.lambda_account_concurrency_limit, 0) >= 1
    error_message = "lambda_account_concurrency_limit must be null or at least 1."
  }
}

# ------------------------------------------------------- queue and payloads ---

variable "max_event_bytes" {
  description = "MAX_EVENT_BYTES: largest single event body ingest accepts, as sent and once decompressed (413 above). At most 4 MiB: API Gateway passes the body base64-encoded in an event Lambda takes only up to 6 MB."
  type        = number
  default     = 1048576

  validation {
    condition     = var.max_event_bytes >= 1024 && var.max_event_bytes <= 4194304
    error_message = "max_event_bytes must be 1024-4194304: a larger body, base64-encoded in the invocation event, would exceed Lambda's 6 MB before ingest could refuse it."
  }
}

variable "sqs_max_message_bytes" {
  description = "SQS_MAX_MESSAGE_BYTES and the queues' max_message_size: envelopes larger than this go through S3."
  type        = number
  default     = 262144

  validation {
    condition     = var.sqs_max_message_bytes >= 1024 && var.sqs_max_message_bytes <= 262144
    error_message = "sqs_max_message_bytes must be 1024-262144 (the limit both provider lines accept)."
  }
}

variable "queue_message_retention_seconds" {
  description = "How long an unprocessed event waits in the main queue (default 4 days). Must stay below the DLQ's 14 days: a message keeps its original enqueue time when it is moved to the DLQ."
  type        = number
  default     = 345600

  validation {
    condition     = var.queue_message_retention_seconds >= 3600 && var.queue_message_retention_seconds < 1209600
    error_message = "queue_message_retention_seconds must be at least 1 hour and below the DLQ's 14 days (1209600)."
  }
}

variable "processor_batch_size" {
  description = "Records per processor invocation. Larger batches mean fewer, set-based DB round trips (a constant number of statements per batch); above 10 a batching window is required."
  type        = number
  default     = 100

  validation {
    condition     = var.processor_batch_size >= 1 && var.processor_batch_size <= 10000
    error_message = "processor_batch_size must be 1-10000."
  }
}

variable "processor_batching_window_seconds" {
  description = "How long the event source mapping gathers records before invoking (maximum_batching_window_in_seconds)."
  type        = number
  default     = 1

  validation {
    condition     = var.processor_batching_window_seconds >= 0 && var.processor_batching_window_seconds <= 300
    error_message = "processor_batching_window_seconds must be 0-300."
  }
}

variable "payload_glacier_transition_days" {
  description = "Days after which raw/ payload objects move to S3 Glacier Flexible Retrieval (not when they expire within 90 days of it: Glacier bills 90 days anyway). Kept beyond the DLQ's 14 days so a redriven message still finds its payload readable."
  type        = number
  default     = 30

  validation {
    condition     = var.payload_glacier_transition_days >= 15
    error_message = "payload_glacier_transition_days must be at least 15 (the DLQ keeps messages 14 days; the processor cannot read archived objects)."
  }
}

variable "payload_bucket_versioning" {
  description = "Enable versioning on the payload bucket (noncurrent versions expire after 30 days; delete markers with nothing behind them are removed)."
  type        = bool
  default     = false
}

variable "prevent_destroy" {
  description = "Create the payload bucket and both queues with lifecycle.prevent_destroy (prod): Terraform then refuses any plan that would delete them. prevent_destroy cannot be a variable, so this selects between two variants of each resource; switching an existing stack moves them between addresses (the envs carry the moved blocks; see README)."
  type        = bool
  default     = false
}

variable "payload_bucket_force_destroy" {
  description = "Let terraform destroy delete a non-empty payload bucket (dev convenience). Ignored for the protected bucket."
  type        = bool
  default     = false
}

# -------------------------------------------------------------- database ---

variable "database" {
  description = "How the functions reach the database: the stateful module's `database` output. host: where the writers connect (RDS Proxy or the writer instance); reader_host: where query connects (a read replica's endpoint; null = host); port; name; uses_proxy: then DB_PREPARE=false (prepared statements would pin proxy connections); secret_arns: the RDS-managed master secret (migrate only) and one secret per login role (query: fluxa_query, SELECT only; writer: fluxa_processor; relay: fluxa_relay; control: fluxa_control), written by migrate. Extra attributes of that output are ignored."
  type = object({
    host        = string
    reader_host = optional(string)
    port        = number
    name        = string
    uses_proxy  = bool
    secret_arns = object({
      master  = string
      query   = string
      writer  = string
      relay   = string
      control = string
    })
  })

  validation {
    condition     = alltrue([for arn in values(var.database.secret_arns) : can(regex("^arn:[a-z-]+:secretsmanager:", arn))])
    error_message = "database.secret_arns must be Secrets Manager secret ARNs."
  }
}

variable "db_pool_max" {
  description = "DB_POOL_MAX: connections per Lambda container (at most 2, so functions x pool stays within the database's connections)."
  type        = number
  default     = 2

  validation {
    condition     = var.db_pool_max >= 1 && var.db_pool_max <= 2
    error_message = "db_pool_max must be 1 or 2."
  }
}

variable "db_connection_budget" {
  description = "Connections the Fluxa Lambdas may hold in total: the instance's max_connections minus headroom for RDS, operators and migrations (db.t4g.micro allows ~80, db.t4g.medium ~400; RDS Proxy multiplexes beyond this). Plans fail when (processor's cap + query + control + relay + migrate reservations, at most the account quota) x db_pool_max exceeds it."
  type        = number
  default     = 60

  validation {
    condition     = var.db_connection_budget >= 6
    error_message = "db_connection_budget must be at least 6."
  }
}

variable "vpc_subnet_ids" {
  description = "Private subnets for the in-VPC functions (processor, query, migrate)."
  type        = list(string)

  validation {
    condition     = length(var.vpc_subnet_ids) >= 1
    error_message = "vpc_subnet_ids needs at least one subnet (two AZs recommended)."
  }
}

variable "lambda_security_group_id" {
  description = "Security group for the in-VPC functions (from the stateful module; allowed into the database)."
  type        = string
}

variable "migrate_prerequisites" {
  description = "Ids of what the migrate invocation needs in place besides the database (the stateful module's VPC endpoints and security group rules): passing them orders the invocation after them, and a change re-runs it."
  type        = list(string)
  default     = []
}

# -------------------------------------------------------------------- api ---

variable "api_stage_name" {
  description = "API Gateway stage name; the last path segment of api_endpoint."
  type        = string
  default     = "v1"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_]{1,64}$", var.api_stage_name))
    error_message = "api_stage_name must be 1-64 letters, digits or '_'."
  }
}

variable "api_throttle" {
  description = "Stage-wide throttle across every client and route: rate_limit (requests/s, steady state) and burst_limit (token bucket size). Each client's own limits are its usage plan (api_clients)."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default  = { rate_limit = 100, burst_limit = 200 }
  nullable = false

  validation {
    condition     = var.api_throttle.rate_limit > 0 && var.api_throttle.burst_limit >= 1
    error_message = "api_throttle: rate_limit must be positive and burst_limit at least 1."
  }
}

variable "api_minimum_compression_size" {
  description = "Enables API Gateway payload compression: responses of at least this many bytes are gzip-encoded for clients that accept it, and gzip request bodies (Content-Encoding: gzip) are decompressed before they reach ingest. null disables both."
  type        = number
  default     = 1024

  validation {
    condition     = var.api_minimum_compression_size == null || (coalesce(var.api_minimum_compression_size, 0) >= 0 && coalesce(var.api_minimum_compression_size, 0) <= 10485760)
    error_message = "api_minimum_compression_size must be null or 0-10485760."
  }
}

variable "api_anonymous_throttle" {
  description = "Throttle of each route callable without a key (/health, /health/ready, /openapi.json), across all callers: far below the stage's, so anonymous traffic cannot use up query's concurrency."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default  = { rate_limit = 10, burst_limit = 20 }
  nullable = false

  validation {
    condition     = var.api_anonymous_throttle.rate_limit > 0 && var.api_anonymous_throttle.burst_limit >= 1
    error_message = "api_anonymous_throttle: rate_limit must be positive and burst_limit at least 1."
  }
}

variable "enable_waf" {
  description = "Attach a WAF web ACL to the stage: per-address rate-based rules (waf_rate_limit on every route, waf_anonymous_rate_limit on the routes without a key) answering 429, and the AWS known-bad-inputs rules; blocked requests are logged. About 7 USD/month plus 0.60 USD per million requests."
  type        = bool
  default     = false
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes one client address may make, on any route, before WAF answers it 429 (while it stays above). null = twice the largest client's sustained rate over 5 minutes (at least 2000): above any producer sending at its plan's rate, which its usage plan limits per key anyway."
  type        = number
  default     = null

  validation {
    condition     = var.waf_rate_limit == null || try(var.waf_rate_limit >= 10 && var.waf_rate_limit <= 2000000000, false)
    error_message = "waf_rate_limit must be null or 10-2000000000 (WAF's range)."
  }
}

variable "waf_anonymous_rate_limit" {
  description = "Requests per 5 minutes one address may make to the routes callable without a key (/health, /health/ready, /openapi.json) before WAF answers it 429: well above a health checker, far below what would take the routes' shared throttle (api_anonymous_throttle) from everyone else."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.waf_anonymous_rate_limit >= 10 && var.waf_anonymous_rate_limit <= 2000000000
    error_message = "waf_anonymous_rate_limit must be 10-2000000000 (WAF's range)."
  }
}

variable "api_logging_level" {
  description = "API Gateway execution logging level (OFF, ERROR, INFO), to a managed log group with retention. Anything but OFF (and the access log) needs the account's API Gateway CloudWatch role to be set (manage_api_gateway_account here or elsewhere)."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.api_logging_level)
    error_message = "api_logging_level must be OFF, ERROR or INFO."
  }
}

variable "manage_api_gateway_account" {
  description = "Opt-in: make this stack set the region-wide API Gateway account setting (the CloudWatch Logs role that access and execution logs need). It is one setting per account and region, shared by every API there: turn it on in exactly one stack per account and region (or set the role outside Terraform), and only where it is not set yet."
  type        = bool
  default     = false
}

# ------------------------------------------------------------ api clients ---

variable "api_clients" {
  description = "Who may call the keyed routes. Client name => { tenant (whose events its keys send and read), scopes (write: POST /events and /events/batch; read: the GETs under /events; replay: /replays; erase: /erasures and /suppressions), throttle (per key: requests/s and burst), quota (optional, per key: limit per DAY, WEEK or MONTH), keys (names of the client's current API keys, e.g. [\"2026-11\"]; AWS generates each value), enabled (default true; false disables every key of the client in API Gateway and drops its grants: the emergency stop, see docs/RUNBOOK.md) }. Rotate by listing a second key name, then removing the old one; removing a name deletes that key and its grant. The default keeps a single client: default (tenant default, write and read, 50 req/s, burst 100, 4,320,000 requests/day: the rate for a whole day, one key)."
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
    enabled = optional(bool, true)
  }))
  nullable = false
  # The default quota holds a whole day at the default rate (50/s x 86,400 s):
  # a producer that sends at its plan's rate is throttled by the rate, never
  # cut off by the quota before the day ends.
  default = {
    default = {
      tenant   = "default"
      scopes   = ["write", "read"]
      throttle = { rate_limit = 50, burst_limit = 100 }
      quota    = { limit = 4320000, period = "DAY" }
      keys     = ["initial"]
    }
  }

  # The same rules as the grants the authorizer validates at cold start: a
  # table it refuses would fail every keyed request.
  validation {
    condition     = alltrue([for name in keys(var.api_clients) : length(name) <= 64 && can(regex("^[A-Za-z0-9][A-Za-z0-9._:/-]*$", name))])
    error_message = "api_clients: a client name is 1-64 characters of letters, digits and . _ : / -, starting with a letter or digit."
  }

  validation {
    condition     = alltrue([for c in values(var.api_clients) : can(regex("^[a-z0-9][a-z0-9_-]{0,63}$", c.tenant))])
    error_message = "api_clients: a tenant id is 1-64 characters of lower-case letters, digits, _ and -, starting with a letter or digit."
  }

  validation {
    condition = alltrue([
      for c in values(var.api_clients) :
      length(c.scopes) > 0 && length(distinct(c.scopes)) == length(c.scopes) && alltrue([for s in c.scopes : contains(["write", "read", "replay", "erase"], s)])
    ])
    error_message = "api_clients: scopes must be a non-empty list of distinct scopes out of write, read, replay and erase."
  }

  # Key names end up after the last "/" of the "client/key" addresses (client
  # names may contain "/"), so they cannot contain one themselves.
  validation {
    condition = alltrue([
      for c in values(var.api_clients) :
      length(c.keys) > 0 && length(distinct(c.keys)) == length(c.keys) && alltrue([for k in c.keys : can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$", k))])
    ])
    error_message = "api_clients: keys must be a non-empty list of distinct key names, each 1-32 characters of letters, digits, . _ and -, e.g. [\"2026-11\"]. A client with no key is removed from the map instead."
  }

  validation {
    condition = alltrue([
      for c in values(var.api_clients) :
      c.throttle.rate_limit > 0 && c.throttle.burst_limit >= 1 && floor(c.throttle.burst_limit) == c.throttle.burst_limit
    ])
    error_message = "api_clients: throttle.rate_limit must be positive and throttle.burst_limit a whole number >= 1."
  }

  validation {
    condition = alltrue([
      for c in values(var.api_clients) :
      c.quota == null || try(c.quota.limit >= 1 && floor(c.quota.limit) == c.quota.limit && contains(["DAY", "WEEK", "MONTH"], c.quota.period), false)
    ])
    error_message = "api_clients: quota, when given, is { limit = a whole number >= 1, period = DAY, WEEK or MONTH }."
  }
}

variable "api_authorizer_result_ttl_seconds" {
  description = "How long API Gateway caches the authorizer's answer for one API key (so the function runs about once per key per this many seconds). With api_key_grants_cache_seconds it bounds how long a revoked key keeps working: their sum may not exceed 60. 1-59; 0 (no cache) is refused: every request would invoke the function, and API Gateway documents its own 401 for a request without x-api-key (answered without invoking the function) only for a cached authorizer."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.api_authorizer_result_ttl_seconds >= 1 && var.api_authorizer_result_ttl_seconds <= 59 && floor(var.api_authorizer_result_ttl_seconds) == var.api_authorizer_result_ttl_seconds
    error_message = "api_authorizer_result_ttl_seconds must be a whole number of seconds, 1-59 (with api_key_grants_cache_seconds at most 60)."
  }
}

variable "api_key_grants_cache_seconds" {
  description = "How old the authorizer's copy of the grants object may grow before a request reads it again (a conditional GET: an unchanged object answers 304 with no body). A key added or revoked takes effect within this plus api_authorizer_result_ttl_seconds, which may not exceed 60 together. 1-59."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.api_key_grants_cache_seconds >= 1 && var.api_key_grants_cache_seconds <= 59 && floor(var.api_key_grants_cache_seconds) == var.api_key_grants_cache_seconds
    error_message = "api_key_grants_cache_seconds must be a whole number of seconds, 1-59."
  }
}

variable "api_key_grants_grace_seconds" {
  description = "How long past its cache period the authorizer keeps answering from its last copy of the grants while the object cannot be read (S3 failing, the object deleted or not a grants table); then every keyed request gets 503 until a read succeeds. An unknown key is never allowed either way; a key revoked during such an outage works until the grace ends. 0-3600; 0 = answer 503 as soon as a read fails."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.api_key_grants_grace_seconds >= 0 && var.api_key_grants_grace_seconds <= 3600 && floor(var.api_key_grants_grace_seconds) == var.api_key_grants_grace_seconds
    error_message = "api_key_grants_grace_seconds must be a whole number of seconds, 0-3600."
  }
}

variable "api_key_grants_history_days" {
  description = "How long the grants bucket keeps each replaced version of the grants object: the audit trail of grant changes, and what a restore takes back."
  type        = number
  default     = 400
  nullable    = false

  validation {
    condition     = var.api_key_grants_history_days >= 1 && floor(var.api_key_grants_history_days) == var.api_key_grants_history_days
    error_message = "api_key_grants_history_days must be a whole number of days, at least 1."
  }
}

# ----------------------------------------------------------------- alarms ---

variable "alarm_subscriptions" {
  description = "Who is notified when an alarm fires or clears: subscriptions of the alarm topic this module creates, e.g. [{ protocol = \"email\", endpoint = \"ops@example.com\" }] (email subscriptions must be confirmed from the mail AWS sends). Empty = nobody; the prod env refuses that."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for s in var.alarm_subscriptions : contains(["email", "email-json", "https", "sqs", "lambda", "sms", "firehose"], s.protocol) && length(trimspace(s.endpoint)) > 0])
    error_message = "alarm_subscriptions: protocol must be email, email-json, https, sqs, lambda, sms or firehose, with a non-empty endpoint."
  }
}

variable "queue_oldest_message_alarm_seconds" {
  description = "Alarm when the oldest message in the main queue is older than this (processing is falling behind)."
  type        = number
  default     = 300

  validation {
    condition     = var.queue_oldest_message_alarm_seconds >= 60
    error_message = "queue_oldest_message_alarm_seconds must be at least 60."
  }
}

variable "api_5xx_alarm_threshold" {
  description = "Alarm when the API returns at least this many 5xx responses in 5 minutes."
  type        = number
  default     = 5

  validation {
    condition     = var.api_5xx_alarm_threshold >= 1
    error_message = "api_5xx_alarm_threshold must be at least 1."
  }
}

variable "idempotency_retention_days" {
  description = "IDEMPOTENCY_RETENTION_DAYS: success idempotency keys last seen longer ago are purged (duplicates are judged by the events row, so this bounds the table, not correctness; GET /events/{id}/status then reports such an event as stored, seen once)."
  type        = number
  default     = 30

  validation {
    condition     = var.idempotency_retention_days >= 1 && var.idempotency_retention_days <= 3650
    error_message = "idempotency_retention_days must be 1-3650."
  }
}

variable "lifecycle_schedule" {
  description = "EventBridge schedule of the data lifecycle run: the migrate function with {\"action\":\"lifecycle\"} runs pending erasures, deletes events past their retention with their payloads, and purges old idempotency keys, each bounded in time; runs never overlap."
  type        = string
  default     = "rate(1 minute)"
  nullable    = false

  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.lifecycle_schedule))
    error_message = "lifecycle_schedule must be an EventBridge rate(...) or cron(...) expression."
  }
}

variable "event_retention_days" {
  description = "EVENT_RETENTION_DAYS: events stored longer ago are deleted with their payloads by the lifecycle run, for every tenant without its own retention. null = kept forever (then no tenant's payloads expire in S3 either: they are deleted with their events)."
  type        = number
  default     = null

  validation {
    condition     = var.event_retention_days == null || try(var.event_retention_days >= 1 && var.event_retention_days <= 36500 && floor(var.event_retention_days) == var.event_retention_days, false)
    error_message = "event_retention_days must be null (keep forever) or a whole number of days, 1-36500."
  }
}

variable "tenant_retention_days" {
  description = "TENANT_RETENTION_DAYS: retention per tenant, over event_retention_days, e.g. { acme = 400 }."
  type        = map(number)
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      for tenant, days in var.tenant_retention_days :
      can(regex("^[a-z0-9][a-z0-9_-]{0,63}$", tenant)) && days >= 1 && days <= 36500 && floor(days) == days
    ])
    error_message = "tenant_retention_days: keys are tenant ids (1-64 of a-z, 0-9, _ and -), values whole numbers of days, 1-36500."
  }
}

variable "payload_retention_margin_days" {
  description = "How long S3 keeps a payload beyond the longest retention before it expires on its own (when every retention is finite): the lifecycle run deletes payloads with their events, this only sweeps what it never reaches (payloads of dead-lettered events, of a failed delete)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.payload_retention_margin_days >= 15 && var.payload_retention_margin_days <= 3650
    error_message = "payload_retention_margin_days must be 15-3650: beyond the DLQ's 14 days, so a redriven message still finds its payload."
  }
}

variable "relay_grace_seconds" {
  description = "RELAY_GRACE_SECONDS: how long a stored event may wait for its notification before the relay publishes it (the processor normally publishes within a second)."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.relay_grace_seconds >= 10 && var.relay_grace_seconds <= 3600 && floor(var.relay_grace_seconds) == var.relay_grace_seconds
    error_message = "relay_grace_seconds must be 10-3600 whole seconds."
  }
}

variable "replay_max_per_second" {
  description = "REPLAY_MAX_PER_SECOND: the most notifications a replay publishes per second. SNS's publish quota is per account and region (30,000/s in us-east-1, as low as 300/s elsewhere): keep this plus the live peak under it, so a backfill never throttles live notifications."
  type        = number
  default     = 2000
  nullable    = false

  validation {
    condition     = var.replay_max_per_second >= 10 && var.replay_max_per_second <= 30000 && floor(var.replay_max_per_second) == var.replay_max_per_second
    error_message = "replay_max_per_second must be 10-30000 whole notifications a second."
  }
}

variable "max_receive_count" {
  description = "Receives of a record before it is dead-lettered (the main queue's maxReceiveCount and the processor's MAX_RECEIVE_COUNT). The processor backs a transiently failing record off with ChangeMessageVisibility, exponentially up to a cap, so 10 receives span about an hour of database outage."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.max_receive_count >= 3 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be 3-1000 (SQS allows 1-1000; fewer than 3 gives a transient failure no second chance)."
  }
}

variable "subscribers" {
  description = "Who receives the event notifications, by name (1-40 of a-z, 0-9 and -): protocol (sqs, lambda, https or firehose), endpoint (queue, function or delivery stream ARN, or URL), tenants (only these tenants' events, by the tenant_id message attribute; [] = all), replays (false: no notification that carries a replay_id attribute), raw_message_delivery (sqs, https and firehose only), subscription_role_arn (firehose only: the role SNS writes to the stream with). Each subscription gets a dead-letter queue of its own (SNS redrive) and an alarm on it; an SQS queue in this account gets the queue policy that lets the topic send (see README for one in another account); a Lambda function the permission to be invoked by the topic."
  type = map(object({
    protocol              = string
    endpoint              = string
    tenants               = optional(list(string), [])
    replays               = optional(bool, true)
    raw_message_delivery  = optional(bool, false)
    subscription_role_arn = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for name in keys(var.subscribers) : can(regex("^[a-z0-9][a-z0-9-]{0,39}$", name))])
    error_message = "subscribers: a name is 1-40 of a-z, 0-9 and -, starting with a letter or digit (it names the subscriber's dead-letter queue and alarm)."
  }

  validation {
    condition = alltrue([
      for s in values(var.subscribers) : (
        s.protocol == "sqs" ? can(regex("^arn:[a-z-]+:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", s.endpoint))
        : s.protocol == "lambda" ? can(regex("^arn:[a-z-]+:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$", s.endpoint))
        : s.protocol == "https" ? startswith(s.endpoint, "https://")
        : s.protocol == "firehose" ? can(regex("^arn:[a-z-]+:firehose:[a-z0-9-]+:[0-9]{12}:deliverystream/.+$", s.endpoint))
        : false
      )
    ])
    error_message = "subscribers: protocol must be sqs, lambda, https or firehose, with an endpoint of that kind: a queue ARN, a function ARN (optionally :alias), an https:// URL or a delivery stream ARN."
  }

  validation {
    condition = alltrue([
      for s in values(var.subscribers) :
      (s.protocol == "firehose") == (s.subscription_role_arn != null)
      && (!s.raw_message_delivery || s.protocol != "lambda")
      && alltrue([for t in s.tenants : can(regex("^[a-z0-9][a-z0-9_-]{0,63}$", t))])
    ])
    error_message = "subscribers: subscription_role_arn is required for firehose and only for it; raw_message_delivery is not available to lambda; tenants are tenant ids."
  }
}
