locals {
  name_prefix = "${var.project}-${var.stage}"
  tags        = merge({ Project = var.project, Stage = var.stage }, var.tags)

  # SPEC 5.3: a record that failed transiently is redriven to the DLQ on its
  # third receive.
  max_receive_count = 3

  # Visibility = 6 x processor timeout + batching window (AWS guidance for SQS
  # event sources): a slow batch is never redelivered while still in flight,
  # and a throttled invocation has room for retries before the message returns.
  queue_visibility_timeout_seconds = 6 * var.processor_timeout + var.processor_batching_window_seconds

  # Idempotency lease: outlives one processor invocation (timeout + 30 s) so a
  # live claimant is never overtaken, yet expires long before the message
  # becomes visible again, so a crashed claimant's redelivery can reclaim it.
  claim_lease_seconds = var.processor_timeout + 30

  # Database connections the Lambdas can hold at once (SPEC 5.9): processor is
  # capped by the event source mapping, query only when its concurrency is
  # reserved, migrate runs once per deploy.
  db_connections_bounded = (var.processor_max_concurrency + lookup(var.reserved_concurrency, "query", 0) + 1) * var.db_pool_max
}
