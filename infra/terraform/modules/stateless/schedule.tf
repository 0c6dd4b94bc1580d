# Retention of idempotency keys: EventBridge invokes the migrate function (the
# database owner; the processor's role cannot delete) with
# {"action":"purge-idempotency-keys"}. Each run deletes the `success` keys last
# seen more than idempotency_retention_days ago, oldest first, in batches of
# 5,000 (one short transaction each, skipping rows the processor holds), at most
# 1,000,000 per run; the next run goes on. Purging is safe because a claim
# judges an event stored by its events row, never by its key.
resource "aws_cloudwatch_event_rule" "purge_idempotency_keys" {
  name                = "${local.name_prefix}-purge-idempotency-keys"
  description         = "Purges success idempotency keys older than ${var.idempotency_retention_days} days (migrate function)"
  schedule_expression = var.idempotency_purge_schedule
  tags                = local.tags
}

resource "aws_cloudwatch_event_target" "purge_idempotency_keys" {
  rule  = aws_cloudwatch_event_rule.purge_idempotency_keys.name
  arn   = aws_lambda_alias.live["migrate"].arn
  input = jsonencode({ action = "purge-idempotency-keys" })

  # A missed run is made up by the next one; no retries piling up behind a slow database.
  retry_policy {
    maximum_retry_attempts       = 0
    maximum_event_age_in_seconds = 3600
  }

  # The purge's index comes with the migrations.
  depends_on = [aws_lambda_invocation.migrate]
}

resource "aws_lambda_permission" "purge_schedule" {
  statement_id  = "AllowPurgeScheduleInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.migrate.function_name
  qualifier     = aws_lambda_alias.live["migrate"].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.purge_idempotency_keys.arn
}
