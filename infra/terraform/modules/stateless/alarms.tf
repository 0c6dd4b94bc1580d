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

# A message arriving in a dead-letter queue is an event that needs a human:
# inspect error_code / error_message, fix, redrive. The alarm counts arrivals,
# not depth: it fires for each minute that brings new dead letters and clears
# in the next quiet minute, so a second failure is a second notification
# instead of hiding behind the first (a depth alarm stays in ALARM until the
# queue is emptied). Arrivals are what was sent (NumberOfMessagesSent: the
# processor's own dead letters) plus any rise in depth (SQS redrive moves
# messages without counting them as sent).
locals {
  dead_letter_queues = merge(
    { events = local.dlq.name },
    { for name, queue in aws_sqs_queue.subscriber_dlq : "subscriber-${name}" => queue.name },
  )
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each = local.dead_letter_queues

  alarm_name          = "${local.name_prefix}-${each.key}-dlq-new-messages"
  alarm_description   = "Fluxa ${var.stage}: new messages in the ${each.key} dead-letter queue (${each.value}). See RUNBOOK: inspect error_code, fix, redrive."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "arrivals"
    label       = "messages arriving in ${each.value}"
    expression  = "sent + IF(DIFF(visible) > 0, DIFF(visible), 0)"
    return_data = true
  }

  metric_query {
    id = "sent"

    metric {
      namespace   = "AWS/SQS"
      metric_name = "NumberOfMessagesSent"
      dimensions  = { QueueName = each.value }
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "visible"

    metric {
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesVisible"
      dimensions  = { QueueName = each.value }
      period      = 60
      stat        = "Maximum"
    }
  }

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_not_empty
  to   = aws_cloudwatch_metric_alarm.dead_letters["events"]
}

# Processing is falling behind (or stuck): the oldest event waits too long.
# It still means that with the processor's backoff (an hour over
# max_receive_count receives): SQS leaves a message received three times or
# more out of ApproximateAgeOfOldestMessage, so one record backing off does
# not hold the age up; a whole queue backing off (the database down) is what
# this should report.
resource "aws_cloudwatch_metric_alarm" "queue_oldest_message_age" {
  alarm_name        = "${local.name_prefix}-queue-oldest-message-age"
  alarm_description = "Fluxa ${var.stage}: oldest queued event older than ${var.queue_oldest_message_alarm_seconds}s; processor throttled, failing or under-provisioned."
  namespace         = "AWS/SQS"
  metric_name       = "ApproximateAgeOfOldestMessage"
  dimensions        = { QueueName = local.queue.name }

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

# A notification owed for more than 5 minutes: the relay publishes what the
# processor could not (it reports the age of the oldest owed notification
# every run). Not running at all is the other failure: no invocation in 5
# minutes of a function scheduled every minute.
resource "aws_cloudwatch_metric_alarm" "relay_owed_notifications" {
  alarm_name        = "${local.name_prefix}-relay-notifications-owed"
  alarm_description = "Fluxa ${var.stage}: a stored event's notification has been owed for more than 5 minutes. See RUNBOOK: Events stored but not notified."
  namespace         = "Fluxa"
  metric_name       = "relay_oldest_owed_seconds"
  dimensions        = { service = "relay" }

  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 300
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}

resource "aws_cloudwatch_metric_alarm" "relay_not_running" {
  alarm_name        = "${local.name_prefix}-relay-not-running"
  alarm_description = "Fluxa ${var.stage}: the relay has not run for 5 minutes (its schedule is every minute): owed notifications wait. See RUNBOOK: Events stored but not notified."
  namespace         = "AWS/Lambda"
  metric_name       = "Invocations"
  dimensions        = { FunctionName = local.function_names["relay"] }

  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}
