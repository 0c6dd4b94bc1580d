locals {
  # TLS to PostgreSQL verifies the server certificate: chain and hostname
  # (verify-full). The instance's certificate chains to the RDS CA, which the
  # Node.js 20+ Lambda runtimes ship in /var/runtime/ca-cert.pem but no longer
  # load by default; NODE_EXTRA_CA_CERTS adds that bundle to Node's own list
  # (which already holds the Amazon roots an RDS Proxy's certificate chains to).
  db_ca_bundle = "/var/runtime/ca-cert.pem"

  db_environment = {
    DB_HOST             = var.database.host
    DB_PORT             = tostring(var.database.port)
    DB_NAME             = var.database.name
    DB_SSL              = "verify-full"
    NODE_EXTRA_CA_CERTS = local.db_ca_bundle
    # RDS Proxy pins a session that uses server-side prepared statements.
    DB_PREPARE  = var.database.uses_proxy ? "false" : "true"
    DB_POOL_MAX = tostring(var.db_pool_max)
  }

  functions = {
    authorizer = {
      description = "API Gateway REQUEST authorizer: x-api-key (by its SHA-256) to client, tenant and scopes, from the grants object; the key itself selects the usage plan"
      # Reads one S3 object over S3's public endpoint: no VPC, no cold ENI.
      in_vpc = false
      environment = {
        # Where the grants are (api_keys.tf): hashes of the keys, never their
        # values. None of these changes when a key is added or revoked.
        API_KEY_GRANTS_BUCKET        = aws_s3_bucket.api_keys.id
        API_KEY_GRANTS_KEY           = aws_s3_object.api_key_grants.key
        API_KEY_GRANTS_CACHE_SECONDS = tostring(var.api_key_grants_cache_seconds)
        API_KEY_GRANTS_GRACE_SECONDS = tostring(var.api_key_grants_grace_seconds)
      }
    }

    ingest = {
      description = "POST /events, POST /events/batch: validate and enqueue (large payloads to S3)"
      # Talks only to SQS and S3 over their public endpoints: no VPC, no cold ENI.
      in_vpc = false
      environment = {
        QUEUE_URL             = local.queue.url
        PAYLOAD_BUCKET        = local.payload_bucket.id
        MAX_EVENT_BYTES       = tostring(var.max_event_bytes)
        SQS_MAX_MESSAGE_BYTES = tostring(var.sqs_max_message_bytes)
      }
    }

    processor = {
      description = "SQS consumer: verify, persist exactly once, notify; partial batch failures; as role fluxa_processor"
      in_vpc      = true
      environment = merge(local.db_environment, {
        # The least-privilege writer role's secret, never the master secret.
        DB_SECRET_ARN = var.database.secret_arns.writer
        # The main queue: a record to retry has its visibility (its backoff) set there.
        QUEUE_URL           = local.queue.url
        DLQ_URL             = local.dlq.url
        TOPIC_ARN           = aws_sns_topic.events.arn
        PAYLOAD_BUCKET      = local.payload_bucket.id
        CLAIM_LEASE_SECONDS = tostring(local.claim_lease_seconds)
        # The same number as the redrive policy's maxReceiveCount (sqs.tf).
        MAX_RECEIVE_COUNT = tostring(local.max_receive_count)
      })
    }

    query = {
      description = "GET /events*, /health*, /openapi.json: read-only, as role fluxa_query"
      in_vpc      = true
      environment = merge(local.db_environment, {
        # The read replica when there is one: a 202 is not read-your-writes
        # anyway, and reads then take nothing from the writer.
        DB_HOST       = coalesce(var.database.reader_host, var.database.host)
        DB_SECRET_ARN = var.database.secret_arns.query
      })
    }

    control = {
      description = "POST/GET /replays*, /erasures*, DELETE /suppressions/{user_id}: start and report replays and erasures, as role fluxa_control"
      in_vpc      = true
      environment = merge(local.db_environment, {
        DB_SECRET_ARN = var.database.secret_arns.control
        # Each tenant's suppression list, under control/ (ingest reads it).
        PAYLOAD_BUCKET = local.payload_bucket.id
      })
    }

    relay = {
      description = "Every minute and on demand: publishes stored events whose notification is owed, and runs replays, as role fluxa_relay"
      in_vpc      = true
      environment = merge(local.db_environment, {
        DB_SECRET_ARN         = var.database.secret_arns.relay
        TOPIC_ARN             = aws_sns_topic.events.arn
        RELAY_GRACE_SECONDS   = tostring(var.relay_grace_seconds)
        REPLAY_MAX_PER_SECOND = tostring(var.replay_max_per_second)
      })
    }

    migrate = {
      description = "Applies migrations/ and provisions the login roles; invoked by Terraform before new code takes traffic, and every minute by EventBridge for the data lifecycle (erasures, retention, key purge)"
      in_vpc      = true
      environment = merge(
        local.db_environment,
        {
          # The master secret is the migrate function's alone.
          DB_SECRET_ARN              = var.database.secret_arns.master
          QUERY_ROLE_SECRET_ARN      = var.database.secret_arns.query
          WRITER_ROLE_SECRET_ARN     = var.database.secret_arns.writer
          RELAY_ROLE_SECRET_ARN      = var.database.secret_arns.relay
          CONTROL_ROLE_SECRET_ARN    = var.database.secret_arns.control
          PAYLOAD_BUCKET             = local.payload_bucket.id
          IDEMPOTENCY_RETENTION_DAYS = tostring(var.idempotency_retention_days)
          TENANT_RETENTION_DAYS      = jsonencode(var.tenant_retention_days)
        },
        # Unset: events are kept forever.
        var.event_retention_days == null ? {} : { EVENT_RETENTION_DAYS = tostring(var.event_retention_days) },
      )
    }
  }

  # What every function gets besides its own variables.
  base_environment = {
    for name in keys(local.functions) : name => { LOG_LEVEL = var.log_level, FLUXA_STAGE = var.stage, SERVICE_NAME = name }
  }

  # Everything but migrate serves traffic and must wait for the migrations.
  traffic_functions = { for name, fn in local.functions : name => fn if name != "migrate" }
  all_functions     = merge(aws_lambda_function.this, { migrate = aws_lambda_function.migrate })

  function_names = { for name in keys(local.functions) : name => "${local.name_prefix}-${name}" }
  artifacts      = { for name in keys(local.functions) : name => "${var.dist_dir}/${name}.zip" }

  # The release: a digest of every package. It ends each function's
  # description, so every published version says which release it belongs to
  # (PublishVersion copies the description), and a release that changes any
  # package publishes a version of every function: the rollback script moves
  # all aliases back to the previous release as one (scripts/rollback.sh).
  release_id = substr(sha256(join(",", [for name in sort(keys(local.functions)) : filebase64sha256(local.artifacts[name])])), 0, 12)
  descriptions = {
    for name, fn in local.functions : name => "${fn.description} (release ${local.release_id})"
  }
}

# Created before the functions so Lambda never auto-creates a group without
# retention.
resource "aws_cloudwatch_log_group" "lambda" {
  for_each = local.functions

  name              = "/aws/lambda/${local.function_names[each.key]}"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

# The migrate function on its own, so that everything serving traffic can be
# ordered after its invocation (one for_each block cannot depend on itself).
resource "aws_lambda_function" "migrate" {
  function_name = local.function_names["migrate"]
  description   = local.descriptions["migrate"]
  role          = aws_iam_role.lambda["migrate"].arn
  # Every change publishes a version; the live alias (below) points at it.
  publish = true

  filename         = local.artifacts["migrate"]
  source_code_hash = filebase64sha256(local.artifacts["migrate"])
  handler          = "index.handler"
  runtime          = var.lambda_runtime
  architectures    = ["arm64"]

  memory_size                    = local.function_settings.migrate.memory_size
  timeout                        = local.function_settings.migrate.timeout
  reserved_concurrent_executions = local.reserved_concurrency["migrate"]

  environment {
    variables = merge(local.base_environment["migrate"], local.functions.migrate.environment)
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = var.lambda_log_format
    log_group  = aws_cloudwatch_log_group.lambda["migrate"].name
  }

  vpc_config {
    subnet_ids         = var.vpc_subnet_ids
    security_group_ids = [var.lambda_security_group_id]
  }

  tags = local.tags

  # Lambda checks the role's permissions at create time (ENIs for VPC
  # functions), so the inline policies must exist first.
  depends_on = [aws_iam_role_policy.lambda]
}

moved {
  from = aws_lambda_function.this["migrate"]
  to   = aws_lambda_function.migrate
}

# Migrations run inside `terraform apply`, before anything that takes traffic:
# the functions below, the event source mapping and the API deployment all
# reference this invocation, so a first deploy never polls an empty database
# and new code never runs against an old schema. A migration that fails makes
# the invocation (and the apply) fail before the new code is rolled out.
# It runs again whenever a new migrate package (which carries migrations/) is
# deployed or the database or role secrets change; the migrate function is
# idempotent. Its result (migration names, role status) is kept in state and
# holds no secret.
resource "aws_lambda_invocation" "migrate" {
  function_name = aws_lambda_function.migrate.function_name
  # The version this apply published: the new release's migrations.
  qualifier = aws_lambda_function.migrate.version
  input     = jsonencode({ source = "terraform" })

  triggers = {
    package       = aws_lambda_function.migrate.source_code_hash
    configuration = sha1(jsonencode(aws_lambda_function.migrate.environment))
    prerequisites = sha1(jsonencode(var.migrate_prerequisites))
  }
}

resource "aws_lambda_function" "this" {
  for_each = local.traffic_functions

  function_name = local.function_names[each.key]
  description   = local.descriptions[each.key]
  role          = aws_iam_role.lambda[each.key].arn
  # Every change publishes a version; the live alias (below) points at it.
  publish = true

  filename         = local.artifacts[each.key]
  source_code_hash = filebase64sha256(local.artifacts[each.key])
  handler          = "index.handler"
  runtime          = var.lambda_runtime
  architectures    = ["arm64"]

  memory_size                    = local.function_settings[each.key].memory_size
  timeout                        = local.function_settings[each.key].timeout
  reserved_concurrent_executions = local.reserved_concurrency[each.key]

  environment {
    variables = merge(local.base_environment[each.key], each.value.environment)
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = var.lambda_log_format
    log_group  = aws_cloudwatch_log_group.lambda[each.key].name
  }

  dynamic "vpc_config" {
    for_each = each.value.in_vpc ? [true] : []

    content {
      subnet_ids         = var.vpc_subnet_ids
      security_group_ids = [var.lambda_security_group_id]
    }
  }

  # The reference orders every create and code update after the migrations
  # (and shows in the plan which invocation that is).
  tags = merge(local.tags, { MigratedBy = aws_lambda_invocation.migrate.function_name })

  # Lambda checks the role's permissions at create time (ENIs for VPC
  # functions), so the inline policies must exist first.
  depends_on = [aws_iam_role_policy.lambda]
}

# Everything that invokes a function invokes its live alias: API Gateway's
# integrations and authorizer, the event source mapping, the schedules. A
# deploy moves each alias to the version it published, after the migrations;
# scripts/rollback.sh moves them all back to the previous release in seconds,
# without touching the schema.
resource "aws_lambda_alias" "live" {
  for_each = local.all_functions

  name             = "live"
  description      = "The version that takes traffic; moved by each deploy and by scripts/rollback.sh"
  function_name    = each.value.function_name
  function_version = each.value.version
}

resource "aws_lambda_event_source_mapping" "processor" {
  event_source_arn = local.queue.arn
  function_name    = aws_lambda_alias.live["processor"].arn

  batch_size                         = var.processor_batch_size
  maximum_batching_window_in_seconds = var.processor_batching_window_seconds

  # The processor returns batchItemFailures: only the records it names return
  # to the queue; their batch-mates are deleted.
  function_response_types = ["ReportBatchItemFailures"]

  # Caps concurrent processors so that functions x DB_POOL_MAX stays within the
  # database's connections (see db_connection_budget).
  scaling_config {
    maximum_concurrency = local.processor_max_concurrency
  }

  # The reference orders the mapping after the migrations: a first deploy
  # never polls an empty database.
  tags = merge(local.tags, { MigratedBy = aws_lambda_invocation.migrate.function_name })

  depends_on = [aws_iam_role_policy.lambda]

  lifecycle {
    precondition {
      condition     = local.queue_visibility_timeout_seconds >= 6 * local.processor_timeout && local.queue_visibility_timeout_seconds <= 43200
      error_message = "The queue visibility timeout must be at least 6 x the processor's timeout (and at most 12 h)."
    }

    precondition {
      condition     = local.claim_lease_seconds > local.processor_timeout && local.claim_lease_seconds < local.queue_visibility_timeout_seconds
      error_message = "CLAIM_LEASE_SECONDS must outlive one processor invocation and expire before the message becomes visible again."
    }

    precondition {
      condition     = var.processor_batch_size <= 10 || var.processor_batching_window_seconds >= 1
      error_message = "processor_batch_size above 10 requires processor_batching_window_seconds >= 1 (SQS event source rule)."
    }

    precondition {
      condition     = local.db_connections_bounded <= var.db_connection_budget
      error_message = "The functions can hold ${local.db_connections_bounded} database connections (${join(" + ", [for name, bound in local.database_function_bounds : "${name} ${bound}"])} invocations${var.lambda_account_concurrency_limit == null ? "" : ", at most the account's ${coalesce(var.lambda_account_concurrency_limit, 0)}"}, x db_pool_max ${var.db_pool_max}), more than db_connection_budget = ${var.db_connection_budget}.${local.reservations_fit ? "" : " The reservations (${join(", ", [for name, n in local.reservations_wanted : "${name} ${n}"])}) do not fit this account's Lambda concurrency quota of ${coalesce(var.lambda_account_concurrency_limit, 0)} (Lambda keeps ${local.lambda_minimum_unreserved_concurrency} unreserved), so each function is counted at the whole quota: request at least ${sum(values(local.reservations_wanted)) + local.lambda_minimum_unreserved_concurrency} (Service Quotas, AWS Lambda, Concurrent executions, L-B99A9384)."} Otherwise lower the concurrency, raise the budget (bigger instance) or enable RDS Proxy."
    }

    precondition {
      condition     = var.lambda_account_concurrency_limit == null || local.lambda_concurrency_needed <= coalesce(var.lambda_account_concurrency_limit, 0)
      error_message = "The processor's cap (functions.processor.concurrency = ${local.processor_max_concurrency}) would leave the other functions no room: with each of them able to run (${join(", ", [for name in sort(keys(local.function_defaults)) : "${name} ${max(local.reserved_concurrency[name], 1)}" if name != "processor"])}) the stack needs a Lambda concurrency quota of ${local.lambda_concurrency_needed}, and this account's is ${coalesce(var.lambda_account_concurrency_limit, 0)}. Request at least ${local.lambda_concurrency_needed} (Service Quotas, AWS Lambda, Concurrent executions, L-B99A9384), or lower the processor's concurrency to ${max(coalesce(var.lambda_account_concurrency_limit, 0) - local.lambda_concurrency_needed + local.processor_max_concurrency, 0)}."
    }
  }
}
