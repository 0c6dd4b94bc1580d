resource "aws_sqs_queue" "dlq" {
  name = "${local.name_prefix}-events-dlq"

  # 14 days (the SQS maximum) to investigate and redrive.
  message_retention_seconds = 1209600
  max_message_size          = var.sqs_max_message_bytes
  sqs_managed_sse_enabled   = true
  tags                      = local.tags
}

resource "aws_sqs_queue" "main" {
  name = "${local.name_prefix}-events"

  visibility_timeout_seconds = local.queue_visibility_timeout_seconds
  message_retention_seconds  = var.queue_message_retention_seconds
  max_message_size           = var.sqs_max_message_bytes
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = local.max_receive_count
  })

  tags = local.tags

  lifecycle {
    precondition {
      condition     = local.queue_visibility_timeout_seconds >= 6 * local.processor_timeout && local.queue_visibility_timeout_seconds <= 43200
      error_message = "The queue visibility timeout must be at least 6 x processor_timeout (and at most 12 h)."
    }

    precondition {
      condition     = local.claim_lease_seconds > local.processor_timeout && local.claim_lease_seconds < local.queue_visibility_timeout_seconds
      error_message = "CLAIM_LEASE_SECONDS must outlive one processor invocation and expire before the message becomes visible again."
    }
  }
}

# Only the main queue may use the DLQ as its dead-letter target; redrive from
# the console/CLI moves messages back to it. A separate resource because the
# DLQ cannot reference the main queue that references it.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.main.arn]
  })
}
