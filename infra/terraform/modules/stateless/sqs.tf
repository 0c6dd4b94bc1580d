# The main queue and its DLQ. prevent_destroy cannot come from a variable, so
# each exists as one of two resources: `<name>_protected` (prevent_destroy,
# prod: the queues hold events accepted and not yet stored) or `<name>`.
# Everything else refers to local.queue and local.dlq.

resource "aws_sqs_queue" "dlq" {
  count = var.prevent_destroy ? 0 : 1

  name = "${local.name_prefix}-events-dlq"

  # 14 days (the SQS maximum) to investigate and redrive.
  message_retention_seconds = 1209600
  max_message_size          = var.sqs_max_message_bytes
  sqs_managed_sse_enabled   = true
  tags                      = local.tags
}

resource "aws_sqs_queue" "dlq_protected" {
  count = var.prevent_destroy ? 1 : 0

  name                      = "${local.name_prefix}-events-dlq"
  message_retention_seconds = 1209600
  max_message_size          = var.sqs_max_message_bytes
  sqs_managed_sse_enabled   = true
  tags                      = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

locals {
  dlq = one(concat(aws_sqs_queue.dlq, aws_sqs_queue.dlq_protected))

  # A record that failed transiently is redriven to the DLQ on its
  # max_receive_count-th receive (main.tf).
  redrive_policy = jsonencode({
    deadLetterTargetArn = local.dlq.arn
    maxReceiveCount     = local.max_receive_count
  })
}

resource "aws_sqs_queue" "main" {
  count = var.prevent_destroy ? 0 : 1

  name = "${local.name_prefix}-events"

  visibility_timeout_seconds = local.queue_visibility_timeout_seconds
  message_retention_seconds  = var.queue_message_retention_seconds
  max_message_size           = var.sqs_max_message_bytes
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = true
  redrive_policy             = local.redrive_policy
  tags                       = local.tags
}

resource "aws_sqs_queue" "main_protected" {
  count = var.prevent_destroy ? 1 : 0

  name                       = "${local.name_prefix}-events"
  visibility_timeout_seconds = local.queue_visibility_timeout_seconds
  message_retention_seconds  = var.queue_message_retention_seconds
  max_message_size           = var.sqs_max_message_bytes
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = true
  redrive_policy             = local.redrive_policy
  tags                       = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

locals {
  queue = one(concat(aws_sqs_queue.main, aws_sqs_queue.main_protected))
}

# Only the main queue may use the DLQ as its dead-letter target; redrive from
# the console/CLI moves messages back to it. A separate resource because the
# DLQ cannot reference the main queue that references it.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = local.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [local.queue.arn]
  })
}
