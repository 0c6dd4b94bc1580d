# Plans the module with a mocked provider (offline, no credentials) and asserts
# lambda.tf: the functions, their environment contract, the migrate invocation
# that runs before anything takes traffic, and the event source mapping.

mock_provider "aws" {
  # The mock cannot render policy JSON; resources that validate policies need a
  # syntactically valid document. Assertions read the statements instead.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json          = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
      minified_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  # The partition data source needs no API call; the mock stands in for the
  # commercial partition (tests that need another override it).
  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }
}

variables {
  stage          = "test"
  aws_region     = "eu-west-1"
  dist_dir       = "./tests/fixtures/lambda-packages"
  lambda_runtime = "nodejs22.x" # nodejs24.x needs provider >= 6.19; the mirror has 5.100

  database = {
    host       = "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    port       = 5432
    name       = "fluxa"
    uses_proxy = false
    secret_arns = {
      master  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      query   = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf"
      writer  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf"
      relay   = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-relay-role-AbCdEf"
      control = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-control-role-AbCdEf"
    }
  }
  vpc_subnet_ids           = ["subnet-0aaa1111", "subnet-0bbb2222"]
  lambda_security_group_id = "sg-0lambda0000"
}

override_resource {
  target          = aws_sqs_queue.main
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events"
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events"
  }
}

override_resource {
  target          = aws_sqs_queue.dlq
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
  }
}

override_resource {
  target          = aws_sns_topic.events
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"
  }
}

override_resource {
  target          = aws_s3_bucket.payloads
  override_during = plan
  values = {
    id  = "fluxa-test-payloads-20250101"
    arn = "arn:aws:s3:::fluxa-test-payloads-20250101"
  }
}

run "each_function_is_packaged_configured_and_sized_as_its_code_expects" {
  command = plan

  # Lambdas are traced logged and packaged.
  assert {
    condition     = toset(keys(aws_lambda_function.this)) == toset(["authorizer", "ingest", "processor", "query", "control", "relay"]) && aws_lambda_function.migrate.function_name == "fluxa-test-migrate"
    error_message = "Expected exactly the authorizer, ingest, processor, query, control, relay and migrate functions."
  }

  assert {
    condition     = alltrue([for f in concat(values(aws_lambda_function.this), [aws_lambda_function.migrate]) : f.tracing_config[0].mode == "Active"])
    error_message = "Every function must have X-Ray active tracing."
  }

  assert {
    condition = alltrue([
      for name, f in merge(aws_lambda_function.this, { migrate = aws_lambda_function.migrate }) :
      aws_cloudwatch_log_group.lambda[name].name == "/aws/lambda/${f.function_name}"
      && aws_cloudwatch_log_group.lambda[name].retention_in_days > 0
      && f.logging_config[0].log_group == aws_cloudwatch_log_group.lambda[name].name
    ])
    error_message = "Every function must log to its own /aws/lambda/<name> group with a finite retention."
  }

  assert {
    condition = alltrue([
      for f in concat(values(aws_lambda_function.this), [aws_lambda_function.migrate]) :
      f.runtime == "nodejs22.x" && f.handler == "index.handler" && f.architectures == tolist(["arm64"])
    ])
    error_message = "Every function must run index.handler on the configured Node.js runtime on arm64."
  }

  assert {
    condition = alltrue([
      for name, f in merge(aws_lambda_function.this, { migrate = aws_lambda_function.migrate }) :
      f.filename == "./tests/fixtures/lambda-packages/${name}.zip"
      && f.source_code_hash == filebase64sha256("./tests/fixtures/lambda-packages/${name}.zip")
    ])
    error_message = "Each function must deploy <dist_dir>/<name>.zip with its source_code_hash, so a new package redeploys."
  }

  assert {
    condition = (
      length(aws_lambda_function.this["ingest"].vpc_config) == 0
      && length(aws_lambda_function.this["authorizer"].vpc_config) == 0
      && alltrue([
        for f in [aws_lambda_function.this["processor"], aws_lambda_function.this["query"], aws_lambda_function.this["control"], aws_lambda_function.this["relay"], aws_lambda_function.migrate] :
        f.vpc_config[0].security_group_ids == toset(["sg-0lambda0000"])
        && f.vpc_config[0].subnet_ids == toset(["subnet-0aaa1111", "subnet-0bbb2222"])
      ])
    )
    error_message = "The functions that reach the database (processor, query, control, relay, migrate) must run in the VPC with the Lambda security group; ingest and the authorizer outside it."
  }

  assert {
    condition = (
      aws_lambda_function.this["processor"].timeout == 60
      && aws_lambda_function.this["relay"].timeout == 60
      && alltrue([for name in ["authorizer", "ingest", "query", "control"] : aws_lambda_function.this[name].timeout <= 29])
    )
    error_message = "Timeouts: processor and relay 60 s by default; API-facing functions within API Gateway's 29 s."
  }

  # Functions get exactly the environment the code reads.
  assert {
    condition = toset(keys(aws_lambda_function.this["ingest"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME",
      "QUEUE_URL", "PAYLOAD_BUCKET", "MAX_EVENT_BYTES", "SQS_MAX_MESSAGE_BYTES",
    ])
    error_message = "ingest environment variable names differ from the contract."
  }

  assert {
    condition = toset(keys(aws_lambda_function.this["authorizer"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME",
      "API_KEY_GRANTS_BUCKET", "API_KEY_GRANTS_KEY", "API_KEY_GRANTS_CACHE_SECONDS", "API_KEY_GRANTS_GRACE_SECONDS",
    ])
    error_message = "authorizer environment variable names differ from the contract: where the grants object is and how long a copy holds, no grants."
  }

  assert {
    condition = (
      aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS_KEY == "api-key-grants.json"
      && aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS_CACHE_SECONDS == "30"
      && aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS_GRACE_SECONDS == "300"
      && aws_api_gateway_authorizer.api_key.authorizer_result_ttl_in_seconds + tonumber(aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS_CACHE_SECONDS) <= 60
    )
    error_message = "The authorizer reads api-key-grants.json with a 30 s cache and a 300 s grace by default; its cache and API Gateway's TTL together stay within a minute."
  }

  assert {
    condition = toset(keys(aws_lambda_function.this["processor"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME",
      "QUEUE_URL", "DLQ_URL", "TOPIC_ARN", "PAYLOAD_BUCKET", "CLAIM_LEASE_SECONDS", "MAX_RECEIVE_COUNT",
      "DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ARN", "DB_SSL", "NODE_EXTRA_CA_CERTS", "DB_PREPARE", "DB_POOL_MAX",
    ])
    error_message = "processor environment variable names differ from the contract."
  }

  assert {
    condition = toset(keys(aws_lambda_function.this["query"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME",
      "DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ARN", "DB_SSL", "NODE_EXTRA_CA_CERTS", "DB_PREPARE", "DB_POOL_MAX",
    ])
    error_message = "query environment variable names differ from the contract."
  }

  assert {
    condition = toset(keys(aws_lambda_function.this["control"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME", "PAYLOAD_BUCKET",
      "DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ARN", "DB_SSL", "NODE_EXTRA_CA_CERTS", "DB_PREPARE", "DB_POOL_MAX",
    ])
    error_message = "control environment variable names differ from the contract."
  }

  assert {
    condition = toset(keys(aws_lambda_function.this["relay"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME", "TOPIC_ARN", "RELAY_GRACE_SECONDS", "REPLAY_MAX_PER_SECOND",
      "DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ARN", "DB_SSL", "NODE_EXTRA_CA_CERTS", "DB_PREPARE", "DB_POOL_MAX",
    ])
    error_message = "relay environment variable names differ from the contract."
  }

  assert {
    condition = toset(keys(aws_lambda_function.migrate.environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME",
      "DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ARN",
      "QUERY_ROLE_SECRET_ARN", "WRITER_ROLE_SECRET_ARN", "RELAY_ROLE_SECRET_ARN", "CONTROL_ROLE_SECRET_ARN",
      "DB_SSL", "NODE_EXTRA_CA_CERTS", "DB_PREPARE", "DB_POOL_MAX",
      "PAYLOAD_BUCKET", "IDEMPOTENCY_RETENTION_DAYS", "TENANT_RETENTION_DAYS",
    ])
    error_message = "migrate environment variable names differ from the contract (EVENT_RETENTION_DAYS unset: events are kept forever)."
  }

  assert {
    condition = alltrue([
      for name, f in merge(aws_lambda_function.this, { migrate = aws_lambda_function.migrate }) :
      f.environment[0].variables.SERVICE_NAME == name && f.environment[0].variables.FLUXA_STAGE == "test"
    ])
    error_message = "SERVICE_NAME must be the function's role and FLUXA_STAGE the stage."
  }

  assert {
    condition = (
      aws_lambda_function.this["ingest"].environment[0].variables.QUEUE_URL == "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events"
      && aws_lambda_function.this["ingest"].environment[0].variables.PAYLOAD_BUCKET == "fluxa-test-payloads-20250101"
      && aws_lambda_function.this["ingest"].environment[0].variables.MAX_EVENT_BYTES == "1048576"
      && aws_lambda_function.this["ingest"].environment[0].variables.SQS_MAX_MESSAGE_BYTES == "262144"
    )
    error_message = "ingest must enqueue to the main queue, store large payloads in the payload bucket, with the default limits."
  }

  assert {
    condition = (
      aws_lambda_function.this["processor"].environment[0].variables.DLQ_URL == "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
      && aws_lambda_function.this["processor"].environment[0].variables.TOPIC_ARN == "arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"
      && aws_lambda_function.this["processor"].environment[0].variables.CLAIM_LEASE_SECONDS == "90"
    )
    error_message = "processor must get the DLQ, the topic and a claim lease of timeout + 30 s."
  }

  assert {
    condition = (
      aws_lambda_function.this["query"].environment[0].variables.DB_SECRET_ARN == var.database.secret_arns.query
      && aws_lambda_function.migrate.environment[0].variables.DB_SECRET_ARN == var.database.secret_arns.master
      && aws_lambda_function.migrate.environment[0].variables.QUERY_ROLE_SECRET_ARN == var.database.secret_arns.query
      && aws_lambda_function.migrate.environment[0].variables.WRITER_ROLE_SECRET_ARN == var.database.secret_arns.writer
      && aws_lambda_function.migrate.environment[0].variables.RELAY_ROLE_SECRET_ARN == var.database.secret_arns.relay
      && aws_lambda_function.migrate.environment[0].variables.CONTROL_ROLE_SECRET_ARN == var.database.secret_arns.control
    )
    error_message = "query must connect with the read-only role's secret; migrate with the master secret, filling every role's secret."
  }

  assert {
    condition = (
      aws_lambda_function.this["relay"].environment[0].variables.TOPIC_ARN == "arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"
      && aws_lambda_function.this["relay"].environment[0].variables.RELAY_GRACE_SECONDS == "60"
      && aws_lambda_function.this["relay"].environment[0].variables.REPLAY_MAX_PER_SECOND == "2000"
      && aws_lambda_function.this["control"].environment[0].variables.PAYLOAD_BUCKET == "fluxa-test-payloads-20250101"
      && aws_lambda_function.migrate.environment[0].variables.PAYLOAD_BUCKET == "fluxa-test-payloads-20250101"
      && aws_lambda_function.migrate.environment[0].variables.TENANT_RETENTION_DAYS == "{}"
      && aws_lambda_function.migrate.environment[0].variables.IDEMPOTENCY_RETENTION_DAYS == "30"
    )
    error_message = "relay publishes to the events topic after a 60 s grace, replays at most 2,000/s; control and migrate work in the payload bucket; no retention by default."
  }

  assert {
    condition = alltrue([
      for name in ["processor", "query", "control", "relay"] :
      aws_lambda_function.this[name].environment[0].variables.DB_PREPARE == "true"
      && aws_lambda_function.this[name].environment[0].variables.DB_POOL_MAX == "2"
      && aws_lambda_function.this[name].environment[0].variables.DB_HOST == var.database.host
    ])
    error_message = "Without RDS Proxy: prepared statements on, pool of 2; without a replica every function connects to the writer."
  }

  # The processor consumes the main queue in capped batches.
  assert {
    condition     = contains(aws_lambda_event_source_mapping.processor.function_response_types, "ReportBatchItemFailures")
    error_message = "The event source mapping must use ReportBatchItemFailures (partial batch responses)."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.processor.scaling_config[0].maximum_concurrency == 5
    error_message = "The event source mapping must cap processor concurrency (scaling_config.maximum_concurrency), 5 by default."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.processor.batch_size == 100 && aws_lambda_event_source_mapping.processor.maximum_batching_window_in_seconds == 1
    error_message = "Default batch: 100 records, 1 s batching window."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.processor.event_source_arn == "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"
    error_message = "The processor must consume the main queue."
  }

  # The authorizer calls nothing and is sized for it.
  assert {
    condition = (
      length(aws_lambda_function.this["authorizer"].vpc_config) == 0
      && aws_lambda_function.this["authorizer"].reserved_concurrent_executions == -1
      && aws_lambda_function.this["authorizer"].memory_size == 256
      && aws_lambda_function.this["authorizer"].timeout == 5
    )
    error_message = "The authorizer calls nothing: outside the VPC, unreserved, 256 MB, 5 s."
  }

  # Each database function connects with its own role.
  assert {
    condition = (
      aws_lambda_function.this["processor"].environment[0].variables.DB_SECRET_ARN == var.database.secret_arns.writer
      && aws_lambda_function.this["query"].environment[0].variables.DB_SECRET_ARN == var.database.secret_arns.query
      && aws_lambda_function.this["control"].environment[0].variables.DB_SECRET_ARN == var.database.secret_arns.control
      && aws_lambda_function.this["relay"].environment[0].variables.DB_SECRET_ARN == var.database.secret_arns.relay
      && aws_lambda_function.migrate.environment[0].variables.DB_SECRET_ARN == var.database.secret_arns.master
    )
    error_message = "Each database function connects with its own role's secret (processor writer, query read-only, control, relay), migrate alone with the master."
  }

  # TLS to the database verifies the server certificate.
  assert {
    condition = alltrue([
      for f in [aws_lambda_function.this["processor"], aws_lambda_function.this["query"], aws_lambda_function.this["control"], aws_lambda_function.this["relay"], aws_lambda_function.migrate] :
      f.environment[0].variables.DB_SSL == "verify-full"
      && f.environment[0].variables.NODE_EXTRA_CA_CERTS == "/var/runtime/ca-cert.pem"
    ])
    error_message = "Every database client must verify the server certificate (verify-full) against the RDS CAs the Lambda runtime ships."
  }

  # Max receive count reaches the processor.
  assert {
    condition = (
      aws_lambda_function.this["processor"].environment[0].variables.MAX_RECEIVE_COUNT == tostring(jsondecode(aws_sqs_queue.main[0].redrive_policy).maxReceiveCount)
      && aws_lambda_function.this["processor"].environment[0].variables.MAX_RECEIVE_COUNT == "10"
    )
    error_message = "The processor's MAX_RECEIVE_COUNT must be the redrive policy's maxReceiveCount, 10 by default (an hour of backoff)."
  }

  # Relay and control are sized for their work.
  assert {
    condition = (
      aws_lambda_function.this["relay"].reserved_concurrent_executions == 1
      && aws_lambda_function.this["control"].reserved_concurrent_executions == 5
      && aws_lambda_function.migrate.reserved_concurrent_executions == 2
      && aws_lambda_function.this["query"].reserved_concurrent_executions == 10
      && alltrue([for name in ["authorizer", "ingest", "processor"] : aws_lambda_function.this[name].reserved_concurrent_executions == -1])
    )
    error_message = "relay runs one at a time, control a few (5), migrate two (a deploy's migration beside a lifecycle run), query 10; the authorizer, ingest and the processor (capped by its mapping) are unreserved."
  }

  # Migrations run before anything takes traffic.
  assert {
    condition = (
      aws_lambda_invocation.migrate.function_name == "fluxa-test-migrate"
      && aws_lambda_invocation.migrate.triggers.package == filebase64sha256("./tests/fixtures/lambda-packages/migrate.zip")
    )
    error_message = "Terraform must invoke migrate, again whenever a new migrate package is deployed."
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.processor.tags.MigratedBy == aws_lambda_invocation.migrate.function_name
      && alltrue([for f in aws_lambda_function.this : f.tags.MigratedBy == aws_lambda_invocation.migrate.function_name])
      && strcontains(aws_api_gateway_deployment.this.description, aws_lambda_invocation.migrate.function_name)
    )
    error_message = "The event source mapping, the API deployment and the functions that take traffic must come after the migrate invocation."
  }

  # Every version names its release.
  # The release ids of the two fixture sets (scripts/make-fixture-zips.py), as
  # `sha256sum` of their packages' hashes gives them.
  assert {
    condition = alltrue([
      for f in concat(values(aws_lambda_function.this), [aws_lambda_function.migrate]) :
      endswith(f.description, " (release 07c30a138270)") && length(f.description) <= 256
    ])
    error_message = "Every function's description (copied into each version it publishes) must end with the release, within Lambda's 256 characters."
  }
}



run "each_setting_reaches_what_reads_it" {
  command = plan

  variables {
    event_retention_days  = 365
    tenant_retention_days = { acme = 400, globex = 30 }
    database              = merge(var.database, { reader_host = "fluxa-test-db-replica.abcdefghijkl.eu-west-1.rds.amazonaws.com" })
    functions = {
      processor = { memory_size = 2048 }
      ingest    = { timeout = 20, memory_size = 1024 }
    }
    max_receive_count = 5
  }

  # Retention (event_retention_days, tenant_retention_days) reaches the lifecycle run.
  assert {
    condition = (
      aws_lambda_function.migrate.environment[0].variables.EVENT_RETENTION_DAYS == "365"
      && jsondecode(aws_lambda_function.migrate.environment[0].variables.TENANT_RETENTION_DAYS) == { acme = 400, globex = 30 }
    )
    error_message = "migrate's lifecycle run must get the default retention and each tenant's."
  }

  # With a read replica (database.reader_host), query reads from it.
  assert {
    condition = (
      aws_lambda_function.this["query"].environment[0].variables.DB_HOST == "fluxa-test-db-replica.abcdefghijkl.eu-west-1.rds.amazonaws.com"
      && alltrue([for name in ["processor", "control", "relay"] : aws_lambda_function.this[name].environment[0].variables.DB_HOST == var.database.host])
      && aws_lambda_function.migrate.environment[0].variables.DB_HOST == var.database.host
    )
    error_message = "With a read replica, query connects to the reader; everything that writes stays on the writer."
  }

  # functions sizes each function attribute by attribute.
  assert {
    condition = (
      aws_lambda_function.this["processor"].memory_size == 2048
      && aws_lambda_function.this["processor"].timeout == 60
      && aws_lambda_event_source_mapping.processor.scaling_config[0].maximum_concurrency == 5
      && aws_lambda_function.this["ingest"].timeout == 20
      && aws_lambda_function.this["ingest"].memory_size == 1024
      && aws_lambda_function.this["query"].memory_size == 512
    )
    error_message = "functions overrides exactly the attributes it names; every other attribute and function keeps its default."
  }

  # max_receive_count reaches the redrive policy and the processor.
  assert {
    condition = (
      jsondecode(aws_sqs_queue.main[0].redrive_policy).maxReceiveCount == 5
      && aws_lambda_function.this["processor"].environment[0].variables.MAX_RECEIVE_COUNT == "5"
    )
    error_message = "max_receive_count must reach both the redrive policy and the processor."
  }
}

run "rds_proxy_turns_prepared_statements_off" {
  command = plan

  variables {
    database = merge(var.database, { uses_proxy = true })
  }

  assert {
    condition = alltrue([
      for f in [aws_lambda_function.this["processor"], aws_lambda_function.this["query"], aws_lambda_function.this["control"], aws_lambda_function.this["relay"], aws_lambda_function.migrate] : f.environment[0].variables.DB_PREPARE == "false"
    ])
    error_message = "Behind RDS Proxy every database client must run with DB_PREPARE=false."
  }
}



run "rejects_large_batches_without_a_window" {
  command = plan

  variables {
    processor_batching_window_seconds = 0
  }

  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "every_function_publishes_a_version_of_each_release_behind_its_live_alias" {
  command = plan

  # A release whose ingest package alone changed.
  variables {
    dist_dir = "./tests/fixtures/lambda-packages-next"
  }

  override_resource {
    target          = aws_lambda_function.this["ingest"]
    override_during = plan
    values          = { version = "7" }
  }

  override_resource {
    target          = aws_lambda_function.this["processor"]
    override_during = plan
    values          = { version = "12" }
  }

  override_resource {
    target          = aws_lambda_function.migrate
    override_during = plan
    values          = { version = "4" }
  }

  override_resource {
    target          = aws_lambda_alias.live["processor"]
    override_during = plan
    values          = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-processor:live" }
  }

  # Versions and aliases: each function publishes, its live alias points at
  # the version this apply published, and callers go through the alias.
  assert {
    condition = alltrue([
      for f in concat(values(aws_lambda_function.this), [aws_lambda_function.migrate]) : f.publish
    ])
    error_message = "Every function must publish a version on each change: a rollback moves an alias back to one."
  }

  assert {
    condition = (
      toset(keys(aws_lambda_alias.live)) == toset(["authorizer", "ingest", "processor", "query", "control", "relay", "migrate"])
      && alltrue([for alias in aws_lambda_alias.live : alias.name == "live"])
      && aws_lambda_alias.live["ingest"].function_version == "7"
      && aws_lambda_alias.live["processor"].function_version == "12"
      && aws_lambda_alias.live["migrate"].function_version == "4"
      && aws_lambda_alias.live["ingest"].function_name == "fluxa-test-ingest"
    )
    error_message = "Each function's live alias must point at the version this apply published."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.processor.function_name == "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-processor:live"
    error_message = "The event source mapping must invoke the processor's live alias."
  }

  assert {
    condition     = aws_lambda_invocation.migrate.qualifier == "4"
    error_message = "Terraform must run the migrations of the version it just published."
  }

  # One package changed: every function's release changes with it.
  assert {
    condition = alltrue([
      for f in concat(values(aws_lambda_function.this), [aws_lambda_function.migrate]) :
      endswith(f.description, " (release eb3ba814c5ff)")
    ])
    error_message = "A new ingest package must change every function's release (its description), so each publishes a version of the same release."
  }
}
