locals {
  db_environment = {
    DB_HOST = var.db_host
    DB_PORT = tostring(var.db_port)
    DB_NAME = var.db_name
    DB_SSL  = "require"
    # RDS Proxy pins a session that uses server-side prepared statements.
    DB_PREPARE  = var.db_uses_proxy ? "false" : "true"
    DB_POOL_MAX = tostring(var.db_pool_max)
  }

  functions = {
    ingest = {
      description = "POST /events, POST /events/batch: validate and enqueue (large payloads to S3)"
      memory_size = var.ingest_memory_size
      timeout     = var.ingest_timeout
      # Talks only to SQS and S3 over their public endpoints: no VPC, no cold ENI.
      in_vpc = false
      environment = {
        QUEUE_URL             = aws_sqs_queue.main.url
        PAYLOAD_BUCKET        = local.payload_bucket.id
        MAX_EVENT_BYTES       = tostring(var.max_event_bytes)
        SQS_MAX_MESSAGE_BYTES = tostring(var.sqs_max_message_bytes)
      }
    }

    processor = {
      description = "SQS consumer: verify, persist exactly once, notify; partial batch failures"
      memory_size = var.processor_memory_size
      timeout     = var.processor_timeout
      in_vpc      = true
      environment = merge(local.db_environment, {
        DB_SECRET_ARN       = var.db_master_secret_arn
        DLQ_URL             = aws_sqs_queue.dlq.url
        TOPIC_ARN           = aws_sns_topic.events.arn
        PAYLOAD_BUCKET      = local.payload_bucket.id
        CLAIM_LEASE_SECONDS = tostring(local.claim_lease_seconds)
      })
    }

    query = {
      description = "GET /events*, /health*, /openapi.json: read-only, as role fluxa_query"
      memory_size = var.query_memory_size
      timeout     = var.query_timeout
      in_vpc      = true
      environment = merge(local.db_environment, {
        DB_SECRET_ARN = var.db_query_secret_arn
      })
    }

    migrate = {
      description = "Applies migrations/ and provisions the read-only role fluxa_query; invoked after each deploy"
      memory_size = var.migrate_memory_size
      timeout     = var.migrate_timeout
      in_vpc      = true
      environment = {
        DB_HOST               = var.db_host
        DB_PORT               = tostring(var.db_port)
        DB_NAME               = var.db_name
        DB_SSL                = "require"
        DB_PREPARE            = local.db_environment.DB_PREPARE
        DB_SECRET_ARN         = var.db_master_secret_arn
        QUERY_ROLE_SECRET_ARN = var.db_query_secret_arn
      }
    }
  }

  function_names = { for name in keys(local.functions) : name => "${local.name_prefix}-${name}" }
  artifacts      = { for name in keys(local.functions) : name => "${var.dist_dir}/${name}.zip" }
}

# Created before the functions so Lambda never auto-creates a group without
# retention.
resource "aws_cloudwatch_log_group" "lambda" {
  for_each = local.functions

  name              = "/aws/lambda/${local.function_names[each.key]}"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name = local.function_names[each.key]
  description   = each.value.description
  role          = aws_iam_role.lambda[each.key].arn

  filename         = local.artifacts[each.key]
  source_code_hash = filebase64sha256(local.artifacts[each.key])
  handler          = "index.handler"
  runtime          = var.lambda_runtime
  architectures    = ["arm64"]

  memory_size                    = each.value.memory_size
  timeout                        = each.value.timeout
  reserved_concurrent_executions = lookup(var.reserved_concurrency, each.key, -1)

  environment {
    variables = merge(
      {
        LOG_LEVEL    = var.log_level
        FLUXA_STAGE  = var.stage
        SERVICE_NAME = each.key
      },
      each.value.environment,
    )
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

  tags = local.tags

  # Lambda checks the role's permissions at create time (ENIs for VPC
  # functions), so the inline policies must exist first.
  depends_on = [aws_iam_role_policy.lambda]
}

resource "aws_lambda_event_source_mapping" "processor" {
  event_source_arn = aws_sqs_queue.main.arn
  function_name    = aws_lambda_function.this["processor"].arn

  batch_size                         = var.processor_batch_size
  maximum_batching_window_in_seconds = var.processor_batching_window_seconds

  # The processor returns batchItemFailures: only the records it names return
  # to the queue; their batch-mates are deleted (SPEC 5.2).
  function_response_types = ["ReportBatchItemFailures"]

  # Caps concurrent processors so that functions x DB_POOL_MAX stays within the
  # database's connections (see db_connection_budget).
  scaling_config {
    maximum_concurrency = var.processor_max_concurrency
  }

  tags = local.tags

  depends_on = [aws_iam_role_policy.lambda]

  lifecycle {
    precondition {
      condition     = var.processor_batch_size <= 10 || var.processor_batching_window_seconds >= 1
      error_message = "processor_batch_size above 10 requires processor_batching_window_seconds >= 1 (SQS event source rule)."
    }

    precondition {
      condition     = local.db_connections_bounded <= var.db_connection_budget
      error_message = "(processor_max_concurrency + reserved query concurrency + 1) x db_pool_max = ${local.db_connections_bounded} exceeds db_connection_budget = ${var.db_connection_budget}. Lower the concurrency, raise the budget (bigger instance) or enable RDS Proxy."
    }
  }
}
