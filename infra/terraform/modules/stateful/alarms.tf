# Database alarms (enable_alarms; on in prod), notifying the stack's alarm topic.

locals {
  db_alarms = var.enable_alarms ? {
    # More connections than the functions' budget: something the budget does
    # not count is connecting, or the budget is wrong; next comes "too many
    # connections" for everyone.
    connections = {
      metric      = "DatabaseConnections"
      statistic   = "Maximum"
      operator    = "GreaterThanThreshold"
      threshold   = var.db_connection_budget
      periods     = 3
      description = "more connections than the functions' budget (${var.db_connection_budget})"
    }
    # Below the autoscaling trigger: autoscaling is stuck at its ceiling or
    # cannot keep up.
    free_storage = {
      metric      = "FreeStorageSpace"
      statistic   = "Minimum"
      operator    = "LessThanThreshold"
      threshold   = floor(var.allocated_storage_gb * var.free_storage_alarm_percent / 100 * 1073741824)
      periods     = 3
      description = "free storage below ${var.free_storage_alarm_percent} % of the allocated ${var.allocated_storage_gb} GiB"
    }
    cpu = {
      metric      = "CPUUtilization"
      statistic   = "Average"
      operator    = "GreaterThanThreshold"
      threshold   = var.cpu_alarm_percent
      periods     = 3
      description = "CPU above ${var.cpu_alarm_percent} % for 15 minutes"
    }
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "db" {
  for_each = local.db_alarms

  alarm_name        = "${local.db_identifier}-${replace(each.key, "_", "-")}"
  alarm_description = "Fluxa ${var.stage} database: ${each.value.description}."
  namespace         = "AWS/RDS"
  metric_name       = each.value.metric
  dimensions        = { DBInstanceIdentifier = aws_db_instance.this.identifier }

  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = each.value.periods
  comparison_operator = each.value.operator
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"

  alarm_actions = [var.alarm_topic_arn]
  ok_actions    = [var.alarm_topic_arn]
  tags          = local.tags

  lifecycle {
    precondition {
      condition     = var.alarm_topic_arn != null
      error_message = "enable_alarms needs alarm_topic_arn: an alarm that notifies nobody is not an alarm."
    }
  }
}
