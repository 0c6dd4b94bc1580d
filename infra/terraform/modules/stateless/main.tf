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
    # Replays and erasures are started and read here; the work runs in relay
    # and migrate. A few at a time is plenty.
    control = { memory_size = 512, timeout = 10, concurrency = 5 }
    # Runs every minute and stops taking work ~10 s before its deadline. One
    # at a time: a second would only contend for the same pages.
    relay = { memory_size = 512, timeout = 60, concurrency = 1 }
    # Long enough for the slowest migration (index builds). Two at a time: the
    # lifecycle run every minute (its runs never overlap: an advisory lock)
    # must not throttle a deploy's migration.
    migrate = { memory_size = 512, timeout = 300, concurrency = 2 }
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

  # A record that failed transiently is retried with backoff (the processor
  # extends its visibility, exponentially up to a cap) and redriven to the DLQ
  # on its max_receive_count-th receive. The processor reads the same number
  # (MAX_RECEIVE_COUNT) to send a record on its last allowed receive to the
  # DLQ itself, with a reason.
  max_receive_count = var.max_receive_count

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

  # Reserved concurrency, by function: what each would reserve. They are
  # reserved together when the account can spare them all; an account that
  # cannot (a new account's quota of 10) reserves nothing, and each is then
  # bounded only by the account quota, the ceiling of every function
  # together. Unknown quota (offline plans): reserved unchecked.
  reservations_wanted = {
    for name in ["query", "control", "relay", "migrate"] : name => local.function_settings[name].concurrency
  }
  reservations_fit = (
    var.lambda_account_concurrency_limit == null
    || coalesce(var.lambda_account_concurrency_limit, 0) - sum(values(local.reservations_wanted)) >= local.lambda_minimum_unreserved_concurrency
  )
  reserved_concurrency = {
    for name in keys(local.function_defaults) : name => (
      local.reservations_fit && contains(keys(local.reservations_wanted), name) ? local.reservations_wanted[name] : -1
    )
  }

  # Most concurrent invocations of each function that connects to the
  # database: processor is capped by the event source mapping, a reserved
  # function by its reservation (migrate's 2: a deploy's migration and a
  # lifecycle run), an unreserved one by the account quota. ingest and the
  # authorizer never connect.
  database_function_bounds = merge(
    { processor = local.processor_max_concurrency },
    {
      for name, wanted in local.reservations_wanted :
      name => local.reservations_fit ? wanted : coalesce(var.lambda_account_concurrency_limit, 0)
    },
  )
  # No more can run at once than the account allows for all functions together.
  database_concurrency_bound = (
    var.lambda_account_concurrency_limit == null
    ? sum(values(local.database_function_bounds))
    : min(sum(values(local.database_function_bounds)), coalesce(var.lambda_account_concurrency_limit, 0))
  )
  db_connections_bounded = local.database_concurrency_bound * var.db_pool_max

  # The account concurrency the processor's cap leaves the others: each keeps
  # its reservation, or at least one invocation (the authorizer and ingest
  # above all: starved, every request fails). On a new account (quota 10) a
  # cap of 10 would take every slot.
  lambda_concurrency_needed = local.processor_max_concurrency + sum([
    for name in keys(local.function_defaults) : max(local.reserved_concurrency[name], 1) if name != "processor"
  ])
}
