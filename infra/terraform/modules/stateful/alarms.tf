# Database alarms (enable_alarms; on in prod), notifying the stack's alarm topic.

locals {
  free_storage_alarm_bytes = floor(var.max_allocated_storage_gb * var.free_storage_alarm_percent / 100 * 1073741824)

  db_alarms = var.enable_alarms ? { for name, alarm in {
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
    # Free storage below a share of the autoscaling ceiling. Autoscaling
    # grows the volume once free space is at most 10 % of the allocation, and
    # this threshold is at most 10 % of the smallest allocation (checked
    # below): while the volume can grow, autoscaling acts before the alarm,
    # so the alarm means it cannot (at its ceiling, or within its 6-hour
    # cooldown while writes outrun it). Someone must raise
    # max_allocated_storage_gb or free space.
    # Aurora storage grows on its own (to 128 TiB): no ceiling to watch there.
    free_storage = local.aurora ? null : {
      metric      = "FreeStorageSpace"
      statistic   = "Minimum"
      operator    = "LessThanThreshold"
      threshold   = local.free_storage_alarm_bytes
      periods     = 3
      description = "free storage below ${var.free_storage_alarm_percent} % of the ${var.max_allocated_storage_gb} GiB autoscaling ceiling"
    }
    cpu = {
      metric      = "CPUUtilization"
      statistic   = "Average"
      operator    = "GreaterThanThreshold"
      threshold   = var.cpu_alarm_percent
      periods     = 3
      description = "CPU above ${var.cpu_alarm_percent} % for 15 minutes"
    }
  } : name => alarm if alarm != null } : {}
}

resource "aws_cloudwatch_metric_alarm" "db" {
  for_each = local.db_alarms

  alarm_name        = "${local.db_identifier}-${replace(each.key, "_", "-")}"
  alarm_description = "Fluxa ${var.stage} database: ${each.value.description}."
  namespace         = "AWS/RDS"
  metric_name       = each.value.metric
  # An Aurora cluster's writer, whichever instance it is.
  dimensions = local.aurora ? { DBClusterIdentifier = local.writer.identifier, Role = "WRITER" } : { DBInstanceIdentifier = local.writer.identifier }

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

    precondition {
      condition     = each.key != "free_storage" || local.free_storage_alarm_bytes <= var.allocated_storage_gb * 1073741824 / 10
      error_message = "The free-storage alarm's threshold (${var.free_storage_alarm_percent} % of the ${var.max_allocated_storage_gb} GiB ceiling) is above 10 % of the ${var.allocated_storage_gb} GiB allocation, where storage autoscaling acts: it would fire while autoscaling can still grow the volume. Allocate at least ${ceil(var.max_allocated_storage_gb * var.free_storage_alarm_percent / 10)} GiB, or lower free_storage_alarm_percent."
    }
  }
}
