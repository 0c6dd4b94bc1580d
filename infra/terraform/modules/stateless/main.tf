# The partition (aws, aws-cn, aws-us-gov) comes from the provider, so no ARN
# here is hard-coded to the commercial partition. It needs no API call.
data "aws_partition" "current" {}

locals {
  name_prefix = "${var.project}-${var.stage}"
  tags        = merge({ Project = var.project, Stage = var.stage }, var.tags)
  partition   = data.aws_partition.current.partition

  # A record that failed transiently is redriven to the DLQ on its third
  # receive. The processor reads the same number (MAX_RECEIVE_COUNT) to send a
  # record on its last allowed receive to the DLQ itself, with a reason.
  max_receive_count = 3

  # Visibility = 6 x processor timeout + batching window (AWS guidance for SQS
  # event sources): a slow batch is never redelivered while still in flight,
  # and a throttled invocation has room for retries before the message returns.
  queue_visibility_timeout_seconds = 6 * var.processor_timeout + var.processor_batching_window_seconds

  # Idempotency lease: outlives one processor invocation (timeout + 30 s) so a
  # live claimant is never overtaken, yet expires long before the message
  # becomes visible again, so a crashed claimant's redelivery can reclaim it.
  claim_lease_seconds = var.processor_timeout + 30

  # Lambda keeps at least this much of an account's concurrency unreserved.
  lambda_minimum_unreserved_concurrency = 100

  # query is reserved at query_concurrency_limit when the account can spare
  # it. An account that cannot (a new account's quota of 10) gets no
  # reservation, and query is then bounded, and counted, at the account quota,
  # the ceiling of every function together. Unknown quota (offline plans):
  # reserved unchecked.
  query_can_be_reserved = (
    var.lambda_account_concurrency_limit == null
    || coalesce(var.lambda_account_concurrency_limit, 0) - var.query_concurrency_limit >= local.lambda_minimum_unreserved_concurrency
  )
  query_reserved_concurrency = local.query_can_be_reserved ? var.query_concurrency_limit : -1
  query_concurrency_bound    = local.query_can_be_reserved ? var.query_concurrency_limit : coalesce(var.lambda_account_concurrency_limit, 0)

  # Database connections the Lambdas can hold at once, every function counted:
  # processor is capped by the event source mapping, query by its reservation
  # (or the account quota), migrate twice: once per deploy (invoked by
  # Terraform, one invocation at a time) and the scheduled key purge, which may
  # overlap it; ingest never connects.
  db_connections_bounded = (var.processor_max_concurrency + local.query_concurrency_bound + 2) * var.db_pool_max
}
