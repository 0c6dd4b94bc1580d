# Every alarm notifies this topic; who hears it is an input (alarm_subscriptions).
# An alarm nobody receives is a console curiosity, so the envs refuse to deploy
# prod without a subscriber.
resource "aws_sns_topic" "alarms" {
  name = "${local.name_prefix}-alarms"

  # Not encrypted at rest: CloudWatch cannot publish to a topic encrypted with
  # the AWS-managed aws/sns key, and the notifications carry alarm names,
  # thresholds and states only, no event data (see docs/SECURITY.md).
  tags = local.tags
}

resource "aws_sns_topic_subscription" "alarms" {
  for_each = { for s in var.alarm_subscriptions : "${s.protocol}:${s.endpoint}" => s }

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = each.value.protocol
  endpoint  = each.value.endpoint
}

locals {
  alarm_actions = [aws_sns_topic.alarms.arn]
}

# Any message in the DLQ is a permanently failed (or thrice-failed) event that
# needs a human: inspect error_code / error_message, fix, redrive.
resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  alarm_name        = "${local.name_prefix}-dlq-not-empty"
  alarm_description = "Fluxa ${var.stage}: messages in the DLQ. See RUNBOOK: inspect error_code, fix, redrive."
  namespace         = "AWS/SQS"
  metric_name       = "ApproximateNumberOfMessagesVisible"
  dimensions        = { QueueName = aws_sqs_queue.dlq.name }

  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}

# Processing is falling behind (or stuck): the oldest event waits too long.
resource "aws_cloudwatch_metric_alarm" "queue_oldest_message_age" {
  alarm_name        = "${local.name_prefix}-queue-oldest-message-age"
  alarm_description = "Fluxa ${var.stage}: oldest queued event older than ${var.queue_oldest_message_alarm_seconds}s; processor throttled, failing or under-provisioned."
  namespace         = "AWS/SQS"
  metric_name       = "ApproximateAgeOfOldestMessage"
  dimensions        = { QueueName = aws_sqs_queue.main.name }

  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.queue_oldest_message_alarm_seconds
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each = local.functions

  alarm_name        = "${local.function_names[each.key]}-errors"
  alarm_description = "Fluxa ${var.stage}: ${each.key} invocations failed (unhandled errors or timeouts)."
  namespace         = "AWS/Lambda"
  metric_name       = "Errors"
  dimensions        = { FunctionName = local.function_names[each.key] }

  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  for_each = local.functions

  alarm_name        = "${local.function_names[each.key]}-throttles"
  alarm_description = "Fluxa ${var.stage}: ${each.key} invocations throttled (reserved or account concurrency exhausted)."
  namespace         = "AWS/Lambda"
  metric_name       = "Throttles"
  dimensions        = { FunctionName = local.function_names[each.key] }

  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name        = "${local.name_prefix}-api-5xx"
  alarm_description = "Fluxa ${var.stage}: API returned >= ${var.api_5xx_alarm_threshold} 5xx responses in 5 minutes."
  namespace         = "AWS/ApiGateway"
  metric_name       = "5XXError"
  dimensions = {
    ApiName = aws_api_gateway_rest_api.this.name
    Stage   = aws_api_gateway_stage.this.stage_name
  }

  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.api_5xx_alarm_threshold
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}
