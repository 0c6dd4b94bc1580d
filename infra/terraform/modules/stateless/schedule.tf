# What runs on a clock: EventBridge invokes each function's live alias.
#
# lifecycle: the migrate function (the database owner: the other roles may not
# delete) with {"action":"lifecycle"}. Each run executes pending erasures,
# deletes events past their retention with their S3 payloads, and purges
# success idempotency keys older than idempotency_retention_days, each step
# bounded in time; runs never overlap (the code takes an advisory lock), and
# migrate's reservation of 2 leaves a deploy's migration room beside one.
#
# relay: publishes stored events whose notification is still owed (older than
# relay_grace_seconds) and runs replays, page by page; it stops taking work
# about 10 s before its deadline. Invoke it by hand with
# `aws lambda invoke --function-name <relay_function_name>:live` (RUNBOOK).
locals {
  schedules = {
    lifecycle = {
      function    = "migrate"
      expression  = var.lifecycle_schedule
      input       = { action = "lifecycle" }
      description = "Data lifecycle: erasures, retention, idempotency key purge (migrate function)"
    }
    relay = {
      function    = "relay"
      expression  = "rate(1 minute)"
      input       = {}
      description = "Publishes notifications still owed and runs replays (relay function)"
    }
  }
}

resource "aws_cloudwatch_event_rule" "schedule" {
  for_each = local.schedules

  name                = "${local.name_prefix}-${each.key}"
  description         = each.value.description
  schedule_expression = each.value.expression
  tags                = local.tags
}

resource "aws_cloudwatch_event_target" "schedule" {
  for_each = local.schedules

  rule  = aws_cloudwatch_event_rule.schedule[each.key].name
  arn   = aws_lambda_alias.live[each.value.function].arn
  input = jsonencode(each.value.input)

  # A missed run is made up by the next one; no retries piling up behind a
  # slow database.
  retry_policy {
    maximum_retry_attempts       = 0
    maximum_event_age_in_seconds = 60
  }

  # Both work on tables the migrations create.
  depends_on = [aws_lambda_invocation.migrate]
}

resource "aws_lambda_permission" "schedule" {
  for_each = local.schedules

  statement_id  = "AllowScheduleInvoke-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = local.function_names[each.value.function]
  qualifier     = aws_lambda_alias.live[each.value.function].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[each.key].arn
}

# The hourly idempotency key purge became the lifecycle run.
moved {
  from = aws_cloudwatch_event_rule.purge_idempotency_keys
  to   = aws_cloudwatch_event_rule.schedule["lifecycle"]
}

moved {
  from = aws_cloudwatch_event_target.purge_idempotency_keys
  to   = aws_cloudwatch_event_target.schedule["lifecycle"]
}

moved {
  from = aws_lambda_permission.purge_schedule
  to   = aws_lambda_permission.schedule["lifecycle"]
}
