# The partition (aws, aws-cn, aws-us-gov) comes from the provider, so no ARN
# here is hard-coded to the commercial partition. It needs no API call.
data "aws_partition" "current" {}

locals {
  name_prefix = "${var.project}-${var.stage}"
  tags        = merge({ Project = var.project, Stage = var.stage }, var.tags)
  partition   = data.aws_partition.current.partition

  # Sizing per function: these defaults, overridden attribute by attribute by
  # var.functions (validated there).
  function_defaults = {
    # Hashes one header and looks it up in a table read at cold start; 256 MB
    # mostly buys a faster cold start. Its time counts against API Gateway's
    # 29 s for the whole request.
    authorizer = { memory_size = 256, timeout = 5, concurrency = null }
    ingest     = { memory_size = 512, timeout = 10, concurrency = null }
    # Queue visibility (6x + batching window) and the idempotency lease
    # (timeout + 30 s) derive from its timeout.
    processor = { memory_size = 1024, timeout = 60, concurrency = 5 }
    query     = { memory_size = 512, timeout = 10, concurrency = 10 }
    # Long enough for the slowest migration (index builds).
    migrate = { memory_size = 512, timeout = 300, concurrency = null }
  }
  function_settings = {
    for name, defaults in local.function_defaults : name => merge(
      defaults,
      { for attribute, value in try(var.functions[name], {}) : attribute => value if value != null },
    )
  }

  processor_timeout         = local.function_settings.processor.timeout
  processor_max_concurrency = local.function_settings.processor.concurrency
  query_concurrency_limit   = local.function_settings.query.concurrency

  # A record that failed transiently is redriven to the DLQ on its third
  # receive. The processor reads the same number (MAX_RECEIVE_COUNT) to send a
  # record on its last allowed receive to the DLQ itself, with a reason.
  max_receive_count = 3

  # Visibility = 6 x processor timeout + batching window (AWS guidance for SQS
  # event sources): a slow batch is never redelivered while still in flight,
  # and a throttled invocation has room for retries before the message returns.
  queue_visibility_timeout_seconds = 6 * local.processor_timeout + var.processor_batching_window_seconds

  # Idempotency lease: outlives one processor invocation (timeout + 30 s) so a
  # live claimant is never overtaken, yet expires long before the message
  # becomes visible again, so a crashed claimant's redelivery can reclaim it.
  claim_lease_seconds = local.processor_timeout + 30

  # Lambda keeps at least this much of an account's concurrency unreserved.
  lambda_minimum_unreserved_concurrency = 100

  # query is reserved at its concurrency when the account can spare it. An
  # account that cannot (a new account's quota of 10) gets no reservation,
  # and query is then bounded, and counted, at the account quota, the ceiling
  # of every function together. Unknown quota (offline plans): reserved
  # unchecked.
  query_can_be_reserved = (
    var.lambda_account_concurrency_limit == null
    || coalesce(var.lambda_account_concurrency_limit, 0) - local.query_concurrency_limit >= local.lambda_minimum_unreserved_concurrency
  )
  query_reserved_concurrency = local.query_can_be_reserved ? local.query_concurrency_limit : -1
  query_concurrency_bound    = local.query_can_be_reserved ? local.query_concurrency_limit : coalesce(var.lambda_account_concurrency_limit, 0)

  # Database connections the Lambdas can hold at once, every function counted:
  # processor is capped by the event source mapping, query by its reservation
  # (or the account quota), migrate twice: once per deploy (invoked by
  # Terraform, one invocation at a time) and the scheduled key purge, which may
  # overlap it; ingest never connects.
  db_connections_bounded = (local.processor_max_concurrency + local.query_concurrency_bound + 2) * var.db_pool_max
}
