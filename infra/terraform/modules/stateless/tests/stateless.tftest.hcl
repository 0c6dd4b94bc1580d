# Plans the stateless module against a mocked AWS provider (offline, no
# credentials) and asserts the processing and deployment invariants. ARNs and URLs the
# assertions compare are pinned with plan-time overrides; everything else comes
# from the module's own configuration.

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

  db_host                  = "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
  db_name                  = "fluxa"
  db_master_secret_arn     = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
  db_query_secret_arn      = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf"
  db_writer_secret_arn     = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf"
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
  target          = aws_sns_topic.alarms
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
  }
}

override_resource {
  target          = aws_api_gateway_stage.this
  override_during = plan
  values = {
    arn = "arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/v1"
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

override_resource {
  target          = aws_s3_bucket.payloads_protected
  override_during = plan
  values = {
    id  = "fluxa-test-payloads-20250101"
    arn = "arn:aws:s3:::fluxa-test-payloads-20250101"
  }
}

override_resource {
  target          = aws_api_gateway_rest_api.this
  override_during = plan
  values = {
    id               = "abc123"
    root_resource_id = "root000"
    execution_arn    = "arn:aws:execute-api:eu-west-1:123456789012:abc123"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["authorizer"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-authorizer" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["ingest"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-ingest" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["processor"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-processor" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["query"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-query" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["migrate"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-migrate" }
}

override_resource {
  target          = aws_lambda_function.this["authorizer"]
  override_during = plan
  values          = { invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-authorizer/invocations" }
}

override_resource {
  target          = aws_api_gateway_authorizer.api_key
  override_during = plan
  values          = { id = "auth01" }
}

override_resource {
  target          = aws_lambda_function.this["ingest"]
  override_during = plan
  values          = { invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-ingest/invocations" }
}

override_resource {
  target          = aws_lambda_function.this["query"]
  override_during = plan
  values          = { invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-query/invocations" }
}

# ------------------------------------------------------------------ lambdas ---

run "lambdas_are_traced_logged_and_packaged" {
  command = plan

  assert {
    condition     = toset(keys(aws_lambda_function.this)) == toset(["authorizer", "ingest", "processor", "query"]) && aws_lambda_function.migrate.function_name == "fluxa-test-migrate"
    error_message = "Expected exactly the authorizer, ingest, processor, query and migrate functions."
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
        for f in [aws_lambda_function.this["processor"], aws_lambda_function.this["query"], aws_lambda_function.migrate] :
        f.vpc_config[0].security_group_ids == toset(["sg-0lambda0000"])
        && f.vpc_config[0].subnet_ids == toset(["subnet-0aaa1111", "subnet-0bbb2222"])
      ])
    )
    error_message = "processor, query and migrate must run in the VPC with the Lambda security group; ingest and the authorizer outside it."
  }

  assert {
    condition     = aws_lambda_function.this["processor"].timeout == 60 && alltrue([for name in ["authorizer", "ingest", "query"] : aws_lambda_function.this[name].timeout <= 29])
    error_message = "Timeouts: processor 60 s by default; API-facing functions within API Gateway's 29 s."
  }
}

run "functions_get_exactly_the_environment_the_code_reads" {
  command = plan

  assert {
    condition = toset(keys(aws_lambda_function.this["ingest"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME",
      "QUEUE_URL", "PAYLOAD_BUCKET", "MAX_EVENT_BYTES", "SQS_MAX_MESSAGE_BYTES",
    ])
    error_message = "ingest environment variable names differ from the contract."
  }

  assert {
    condition = toset(keys(aws_lambda_function.this["authorizer"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME", "API_KEY_GRANTS",
    ])
    error_message = "authorizer environment variable names differ from the contract: it reads API_KEY_GRANTS and nothing else of its own."
  }

  assert {
    condition = toset(keys(aws_lambda_function.this["processor"].environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME",
      "DLQ_URL", "TOPIC_ARN", "PAYLOAD_BUCKET", "CLAIM_LEASE_SECONDS", "MAX_RECEIVE_COUNT",
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
    condition = toset(keys(aws_lambda_function.migrate.environment[0].variables)) == toset([
      "LOG_LEVEL", "FLUXA_STAGE", "SERVICE_NAME",
      "DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ARN", "QUERY_ROLE_SECRET_ARN", "WRITER_ROLE_SECRET_ARN",
      "DB_SSL", "NODE_EXTRA_CA_CERTS", "DB_PREPARE", "DB_POOL_MAX", "IDEMPOTENCY_RETENTION_DAYS",
    ])
    error_message = "migrate environment variable names differ from the contract."
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
      aws_lambda_function.this["query"].environment[0].variables.DB_SECRET_ARN == var.db_query_secret_arn
      && aws_lambda_function.migrate.environment[0].variables.DB_SECRET_ARN == var.db_master_secret_arn
      && aws_lambda_function.migrate.environment[0].variables.QUERY_ROLE_SECRET_ARN == var.db_query_secret_arn
      && aws_lambda_function.migrate.environment[0].variables.WRITER_ROLE_SECRET_ARN == var.db_writer_secret_arn
    )
    error_message = "query must connect with the read-only role's secret; migrate with the master secret, filling both role secrets."
  }

  assert {
    condition = alltrue([
      for name in ["processor", "query"] :
      aws_lambda_function.this[name].environment[0].variables.DB_PREPARE == "true"
      && aws_lambda_function.this[name].environment[0].variables.DB_POOL_MAX == "2"
    ])
    error_message = "Without RDS Proxy: prepared statements on, pool of 2."
  }
}

run "the_idempotency_key_purge_runs_hourly_as_the_migrate_function" {
  command = plan

  assert {
    condition = (
      aws_cloudwatch_event_rule.purge_idempotency_keys.schedule_expression == "rate(1 hour)"
      && aws_cloudwatch_event_target.purge_idempotency_keys.input == jsonencode({ action = "purge-idempotency-keys" })
      && aws_cloudwatch_event_target.purge_idempotency_keys.retry_policy[0].maximum_retry_attempts == 0
      && aws_lambda_permission.purge_schedule.principal == "events.amazonaws.com"
      && aws_lambda_permission.purge_schedule.function_name == "fluxa-test-migrate"
      && aws_lambda_function.migrate.environment[0].variables.IDEMPOTENCY_RETENTION_DAYS == "30"
    )
    error_message = "EventBridge must invoke the migrate function hourly with the purge action (purgeKeysAction in packages/models), and migrate must get the retention (30 days by default)."
  }
}

run "the_key_retention_is_a_setting" {
  command = plan

  variables {
    idempotency_retention_days = 7
    idempotency_purge_schedule = "cron(15 3 * * ? *)"
  }

  assert {
    condition = (
      aws_lambda_function.migrate.environment[0].variables.IDEMPOTENCY_RETENTION_DAYS == "7"
      && aws_cloudwatch_event_rule.purge_idempotency_keys.schedule_expression == "cron(15 3 * * ? *)"
    )
    error_message = "idempotency_retention_days and idempotency_purge_schedule must reach the function and the rule."
  }
}

run "rejects_a_purge_schedule_that_is_not_an_expression" {
  command = plan

  variables {
    idempotency_purge_schedule = "hourly"
  }

  expect_failures = [var.idempotency_purge_schedule]
}

run "rds_proxy_turns_prepared_statements_off" {
  command = plan

  variables {
    db_uses_proxy = true
  }

  assert {
    condition = alltrue([
      for f in [aws_lambda_function.this["processor"], aws_lambda_function.this["query"], aws_lambda_function.migrate] : f.environment[0].variables.DB_PREPARE == "false"
    ])
    error_message = "Behind RDS Proxy every database client must run with DB_PREPARE=false."
  }
}

# ----------------------------------------------------------- queue and ESM ---

run "queue_redrive_and_event_source_mapping" {
  command = plan

  assert {
    condition     = contains(aws_lambda_event_source_mapping.processor.function_response_types, "ReportBatchItemFailures")
    error_message = "The event source mapping must use ReportBatchItemFailures (partial batch responses)."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.processor.scaling_config[0].maximum_concurrency == 5
    error_message = "The event source mapping must cap processor concurrency (scaling_config.maximum_concurrency)."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.processor.batch_size == 100 && aws_lambda_event_source_mapping.processor.maximum_batching_window_in_seconds == 1
    error_message = "Default batch: 100 records, 1 s batching window."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.processor.event_source_arn == "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"
    error_message = "The processor must consume the main queue."
  }

  assert {
    condition     = aws_sqs_queue.main.visibility_timeout_seconds >= 6 * aws_lambda_function.this["processor"].timeout
    error_message = "Queue visibility timeout must be at least 6 x the processor timeout."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.main.redrive_policy).maxReceiveCount == 3
    error_message = "Redrive policy must move a message to the DLQ after 3 receives."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.main.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"
    error_message = "Redrive policy must target the DLQ."
  }

  assert {
    condition = (
      jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).redrivePermission == "byQueue"
      && jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).sourceQueueArns == ["arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"]
      && aws_sqs_queue_redrive_allow_policy.dlq.queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
    )
    error_message = "The DLQ must only accept the main queue as source (redrive_allow_policy byQueue)."
  }

  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds == 1209600 && aws_sqs_queue.main.message_retention_seconds < aws_sqs_queue.dlq.message_retention_seconds
    error_message = "DLQ must keep messages 14 days, longer than the main queue."
  }

  assert {
    condition     = aws_sqs_queue.main.sqs_managed_sse_enabled && aws_sqs_queue.dlq.sqs_managed_sse_enabled
    error_message = "Both queues must be encrypted (SSE-SQS)."
  }

  assert {
    condition     = aws_sqs_queue.main.max_message_size == 262144 && aws_sqs_queue.dlq.max_message_size == 262144
    error_message = "Queues must accept messages up to SQS_MAX_MESSAGE_BYTES."
  }
}

run "visibility_timeout_follows_the_processor_timeout" {
  command = plan

  variables {
    processor_timeout                 = 120
    processor_batching_window_seconds = 5
  }

  assert {
    condition     = aws_sqs_queue.main.visibility_timeout_seconds == 6 * 120 + 5
    error_message = "Visibility must be derived as 6 x processor_timeout + batching window."
  }

  assert {
    condition     = aws_lambda_function.this["processor"].environment[0].variables.CLAIM_LEASE_SECONDS == "150"
    error_message = "CLAIM_LEASE_SECONDS must follow the processor timeout (+30 s)."
  }
}

# ---------------------------------------------------------------------- api ---

run "api_routes_keys_and_throttling" {
  command = plan

  assert {
    condition = toset(keys(aws_api_gateway_method.route)) == toset([
      "POST /events", "POST /events/batch", "GET /events", "GET /events/{event_id}",
      "GET /events/{event_id}/status", "GET /health", "GET /health/ready", "GET /openapi.json",
    ])
    error_message = "The API must expose every public route, and only those."
  }

  assert {
    condition = alltrue([
      for route in jsondecode(file("routes.json")) :
      aws_api_gateway_method.route["${route.method} ${route.resource}"].api_key_required == route.apiKeyRequired
      && aws_api_gateway_integration.route["${route.method} ${route.resource}"].uri == aws_lambda_function.this[route.target].invoke_arn
    ]) && length(aws_api_gateway_method.route) == length(jsondecode(file("routes.json")))
    error_message = "API Gateway's methods must be exactly the route table of the models package (routes.json): method, path, key, function."
  }

  assert {
    condition     = aws_api_gateway_rest_api.this.binary_media_types == tolist(["application/json"])
    error_message = "JSON bodies must reach the functions as bytes, so invalid UTF-8 is refused rather than replaced."
  }

  assert {
    condition = alltrue([
      for key in ["POST /events", "POST /events/batch", "GET /events", "GET /events/{event_id}", "GET /events/{event_id}/status"] :
      aws_api_gateway_method.route[key].api_key_required
    ])
    error_message = "Every data route must require x-api-key."
  }

  assert {
    condition = alltrue([
      for key in ["GET /health", "GET /health/ready", "GET /openapi.json"] :
      !aws_api_gateway_method.route[key].api_key_required
    ])
    error_message = "/health, /health/ready and /openapi.json must be reachable without a key."
  }

  assert {
    condition = alltrue([
      for key, integration in aws_api_gateway_integration.route :
      integration.type == "AWS_PROXY" && integration.integration_http_method == "POST"
      && integration.uri == aws_lambda_function.this[startswith(key, "POST ") ? "ingest" : "query"].invoke_arn
    ])
    error_message = "POST routes must proxy to ingest and GET routes to query."
  }

  assert {
    condition = (
      aws_lambda_permission.api_route["POST /events"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/POST/events"
      && aws_lambda_permission.api_route["POST /events/batch"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/POST/events/batch"
      && aws_lambda_permission.api_route["GET /events/{event_id}/status"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/events/*/status"
      && aws_lambda_permission.api_route["GET /openapi.json"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/openapi.json"
    )
    error_message = "Invoke permissions must be scoped to the exact stage, method and path."
  }

  assert {
    condition = alltrue([
      for key, permission in aws_lambda_permission.api_route :
      !strcontains(permission.source_arn, "/*/*") && permission.principal == "apigateway.amazonaws.com"
      && permission.function_name == aws_lambda_function.this[startswith(key, "POST ") ? "ingest" : "query"].function_name
    ])
    error_message = "No invoke permission may use a /*/* wildcard or grant a function it does not serve."
  }

  assert {
    condition = (
      aws_api_gateway_method_settings.all.method_path == "*/*"
      && aws_api_gateway_method_settings.all.settings[0].throttling_rate_limit == 100
      && aws_api_gateway_method_settings.all.settings[0].throttling_burst_limit == 200
      && aws_api_gateway_method_settings.all.settings[0].metrics_enabled
    )
    error_message = "The stage must be throttled and emit metrics for every method."
  }

  assert {
    condition = (
      aws_api_gateway_stage.this.xray_tracing_enabled
      && jsondecode(aws_api_gateway_stage.this.access_log_settings[0].format).requestId == "$context.requestId"
      && aws_cloudwatch_log_group.api_access.retention_in_days > 0
    )
    error_message = "The stage must trace with X-Ray and write JSON access logs to a retained log group."
  }

  assert {
    condition = (
      aws_api_gateway_gateway_response.error["INVALID_API_KEY"].status_code == "403"
      && strcontains(aws_api_gateway_gateway_response.error["INVALID_API_KEY"].response_templates["application/json"], "\"code\":\"FORBIDDEN\"")
      && aws_api_gateway_gateway_response.error["THROTTLED"].response_parameters["gatewayresponse.header.Retry-After"] == "'1'"
      && alltrue([
        for r in aws_api_gateway_gateway_response.error :
        r.response_parameters["gatewayresponse.header.X-Content-Type-Options"] == "'nosniff'"
        && r.response_parameters["gatewayresponse.header.Cache-Control"] == "'no-store'"
      ])
    )
    error_message = "Gateway errors (bad key, throttling) must use the API's error body and headers; 429 carries Retry-After."
  }

  assert {
    condition     = alltrue([for r in aws_api_gateway_gateway_response.error : can(jsondecode(replace(replace(r.response_templates["application/json"], "$context.error.messageString", "\"m\""), "$context.requestId", "r")))])
    error_message = "Every gateway response template must be valid JSON."
  }

  assert {
    condition = alltrue([
      for r in aws_api_gateway_gateway_response.error : contains([
        "ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE",
        "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN",
        "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "INVALID_API_KEY", "INVALID_SIGNATURE",
        "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND",
        "THROTTLED", "UNAUTHORIZED", "UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED",
      ], r.response_type)
    ])
    error_message = "Every gateway response must be one of API Gateway's response types (PutGatewayResponse refuses any other at apply time; the provider does not check)."
  }
}

# ------------------------------------------------------- api keys, clients ---

run "keyed_routes_go_through_the_api_key_authorizer_and_anonymous_routes_do_not" {
  command = plan

  assert {
    condition = alltrue([
      for route in jsondecode(file("routes.json")) :
      route.scope == null ? (
        aws_api_gateway_method.route["${route.method} ${route.resource}"].authorization == "NONE"
        && aws_api_gateway_method.route["${route.method} ${route.resource}"].authorizer_id == null
        && !aws_api_gateway_method.route["${route.method} ${route.resource}"].api_key_required
        ) : (
        aws_api_gateway_method.route["${route.method} ${route.resource}"].authorization == "CUSTOM"
        && aws_api_gateway_method.route["${route.method} ${route.resource}"].authorizer_id == "auth01"
        && aws_api_gateway_method.route["${route.method} ${route.resource}"].api_key_required
      )
    ])
    error_message = "Every route with a scope must use the API key authorizer (CUSTOM) and require a key; the anonymous routes neither."
  }

  assert {
    condition = (
      toset([for key, route in output.api_gateway_routes : key if route.scope == null]) == toset(["GET /health", "GET /health/ready", "GET /openapi.json"])
      && alltrue([for route in output.api_gateway_routes : route.api_key_required == (route.scope != null)])
    )
    error_message = "routes.json: exactly /health, /health/ready and /openapi.json are anonymous, and a route needs a key exactly when it has a scope."
  }

  assert {
    condition = (
      aws_api_gateway_authorizer.api_key.type == "REQUEST"
      && aws_api_gateway_authorizer.api_key.identity_source == "method.request.header.x-api-key"
      && aws_api_gateway_authorizer.api_key.authorizer_result_ttl_in_seconds == 300
      && aws_api_gateway_authorizer.api_key.authorizer_uri == aws_lambda_function.this["authorizer"].invoke_arn
      && aws_api_gateway_authorizer.api_key.rest_api_id == "abc123"
    )
    error_message = "The authorizer must be the authorizer function as a REQUEST authorizer on x-api-key, its answers cached 300 s by default."
  }

  assert {
    condition     = aws_api_gateway_rest_api.this.api_key_source == "AUTHORIZER"
    error_message = "The key that selects the usage plan must be the one the authorizer returns (api_key_source = AUTHORIZER), so each client gets its own throttle and quota."
  }

  assert {
    condition = (
      aws_lambda_permission.api_authorizer.source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/authorizers/auth01"
      && aws_lambda_permission.api_authorizer.function_name == "fluxa-test-authorizer"
      && aws_lambda_permission.api_authorizer.principal == "apigateway.amazonaws.com"
      && aws_lambda_permission.api_authorizer.action == "lambda:InvokeFunction"
      && alltrue([for p in aws_lambda_permission.api_route : p.function_name != "fluxa-test-authorizer"])
    )
    error_message = "API Gateway may invoke the authorizer function as this API's authorizer only, and no route may invoke it."
  }

  assert {
    condition = (
      aws_api_gateway_gateway_response.error["UNAUTHORIZED"].status_code == "401"
      && jsondecode(replace(aws_api_gateway_gateway_response.error["UNAUTHORIZED"].response_templates["application/json"], "$context.requestId", "r")).error == { code = "UNAUTHORIZED", message = "x-api-key header is required" }
      && aws_api_gateway_gateway_response.error["ACCESS_DENIED"].status_code == "403"
      && jsondecode(replace(aws_api_gateway_gateway_response.error["ACCESS_DENIED"].response_templates["application/json"], "$context.requestId", "r")).error == { code = "FORBIDDEN", message = "the API key is not valid" }
      && aws_api_gateway_gateway_response.error["INVALID_API_KEY"].status_code == "403"
      && jsondecode(replace(aws_api_gateway_gateway_response.error["INVALID_API_KEY"].response_templates["application/json"], "$context.requestId", "r")).error.code == "FORBIDDEN"
    )
    error_message = "No key must be a 401 UNAUTHORIZED and an unknown or revoked key a 403 FORBIDDEN, with the local server's messages."
  }

  assert {
    condition = (
      aws_api_gateway_gateway_response.error["AUTHORIZER_CONFIGURATION_ERROR"].status_code == "503"
      && jsondecode(replace(aws_api_gateway_gateway_response.error["AUTHORIZER_CONFIGURATION_ERROR"].response_templates["application/json"], "$context.requestId", "r")).error.code == "SERVICE_UNAVAILABLE"
      && aws_api_gateway_gateway_response.error["AUTHORIZER_CONFIGURATION_ERROR"].response_parameters["gatewayresponse.header.Retry-After"] == "'1'"
      && aws_api_gateway_gateway_response.error["AUTHORIZER_FAILURE"].status_code == "500"
      && jsondecode(replace(aws_api_gateway_gateway_response.error["AUTHORIZER_FAILURE"].response_templates["application/json"], "$context.requestId", "r")).error.code == "INTERNAL"
    )
    error_message = "An authorizer that cannot run must be a 503 (retry) and one that answers nonsense a 500, both in the API's error body."
  }
}

run "the_authorizer_is_outside_the_vpc_and_may_only_log_and_trace" {
  command = plan

  assert {
    condition = (
      length(aws_lambda_function.this["authorizer"].vpc_config) == 0
      && aws_lambda_function.this["authorizer"].reserved_concurrent_executions == -1
      && aws_lambda_function.this["authorizer"].memory_size == 256
      && aws_lambda_function.this["authorizer"].timeout == 5
    )
    error_message = "The authorizer calls nothing: outside the VPC, unreserved, 256 MB, 5 s."
  }

  assert {
    condition = toset(flatten([for s in data.aws_iam_policy_document.lambda["authorizer"].statement : tolist(s.actions)])) == toset([
      "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    ])
    error_message = "The authorizer's role may write its own logs and traces, nothing else."
  }

  assert {
    condition     = output.lambda_db_connections_bounded == (5 + 10 + 2) * 2
    error_message = "The authorizer has no database: the connection budget counts processor, query and migrate only."
  }
}

run "each_client_gets_exactly_its_tenant_and_scopes" {
  command = plan

  variables {
    api_clients = {
      "acme-pos"        = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 20, burst_limit = 40 }, quota = { limit = 50000, period = "DAY" }, keys = ["2026-11"] }
      "acme-dashboards" = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, quota = { limit = 1000, period = "WEEK" }, keys = ["2026-10", "2026-11"] }
      "globex/app"      = { tenant = "globex", scopes = ["write", "read"], throttle = { rate_limit = 50, burst_limit = 100 }, keys = ["k1"] }
    }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-pos/2026-11"]
    override_during = plan
    values          = { value = "PosKey2026x11xAAAAAAAAAAAAAAAAAAAAAAAAAA" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-dashboards/2026-10"]
    override_during = plan
    values          = { value = "DashKey2026x10xBBBBBBBBBBBBBBBBBBBBBBBBB" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-dashboards/2026-11"]
    override_during = plan
    values          = { value = "DashKey2026x11xCCCCCCCCCCCCCCCCCCCCCCCCC" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["globex/app/k1"]
    override_during = plan
    values          = { value = "GlobexKeyK1xDDDDDDDDDDDDDDDDDDDDDDDDDDDD" }
  }

  # The authorizer allows a key exactly as its grant says; the functions then
  # refuse a route whose scope the grant lacks (403 naming it).
  assert {
    condition = aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS == jsonencode({
      (sha256("PosKey2026x11xAAAAAAAAAAAAAAAAAAAAAAAAAA")) = { client = "acme-pos", tenant_id = "acme", scopes = ["write"] }
      (sha256("DashKey2026x10xBBBBBBBBBBBBBBBBBBBBBBBBB")) = { client = "acme-dashboards", tenant_id = "acme", scopes = ["read"] }
      (sha256("DashKey2026x11xCCCCCCCCCCCCCCCCCCCCCCCCC")) = { client = "acme-dashboards", tenant_id = "acme", scopes = ["read"] }
      (sha256("GlobexKeyK1xDDDDDDDDDDDDDDDDDDDDDDDDDDDD")) = { client = "globex/app", tenant_id = "globex", scopes = ["write", "read"] }
    })
    error_message = "API_KEY_GRANTS must grant each key its client's tenant and exactly its scopes, by the SHA-256 of the key."
  }

  # What the scopes mean: every POST needs write and every keyed GET needs
  # read, so the write-only acme-pos can reach no GET under /events and the
  # read-only acme-dashboards no POST.
  assert {
    condition = (
      alltrue([for key, route in output.api_gateway_routes : !startswith(key, "POST ") || route.scope == "write"])
      && alltrue([for key, route in output.api_gateway_routes : !startswith(key, "GET ") || route.scope == "read" || route.scope == null])
      && alltrue([for key, route in output.api_gateway_routes : route.scope == null || startswith(key, "POST /events") || startswith(key, "GET /events")])
    )
    error_message = "routes.json: every POST must need the write scope and every keyed GET (all under /events) the read scope."
  }

  assert {
    condition     = output.lambda_authorizer_environment_bytes == length(jsonencode(aws_lambda_function.this["authorizer"].environment[0].variables))
    error_message = "The size the plan checks before the keys exist must be exactly the size of the authorizer's environment as Lambda measures it (its JSON)."
  }
}

run "api_key_grants_hold_hashes_never_key_values" {
  command = plan

  override_resource {
    target          = aws_api_gateway_api_key.client["default/initial"]
    override_during = plan
    values          = { value = "DefaultKeyInitialEEEEEEEEEEEEEEEEEEEEEEE" }
  }

  assert {
    condition = alltrue([
      for f in concat(values(aws_lambda_function.this), [aws_lambda_function.migrate]) :
      !strcontains(jsonencode(f.environment[0].variables), "DefaultKeyInitialEEEEEEEEEEEEEEEEEEEEEEE")
    ])
    error_message = "No function's environment may contain an API key value."
  }

  assert {
    condition = alltrue([
      for hash in keys(jsondecode(aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS)) : can(regex("^[0-9a-f]{64}$", hash))
    ]) && length(jsondecode(aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS)) == 1
    error_message = "API_KEY_GRANTS must name each key by 64 lower-case hex digits (its SHA-256)."
  }
}

run "each_client_gets_its_usage_plan_and_an_attached_key_per_key_name" {
  command = plan

  variables {
    api_clients = {
      "acme-pos"        = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 20, burst_limit = 40 }, quota = { limit = 50000, period = "DAY" }, keys = ["2026-11"] }
      "acme-dashboards" = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, quota = { limit = 1000, period = "WEEK" }, keys = ["2026-10", "2026-11"] }
      "globex/app"      = { tenant = "globex", scopes = ["write", "read"], throttle = { rate_limit = 50, burst_limit = 100 }, keys = ["k1"] }
    }
  }

  override_resource {
    target          = aws_api_gateway_usage_plan.client["acme-pos"]
    override_during = plan
    values          = { id = "plan-pos" }
  }

  override_resource {
    target          = aws_api_gateway_usage_plan.client["acme-dashboards"]
    override_during = plan
    values          = { id = "plan-dash" }
  }

  override_resource {
    target          = aws_api_gateway_usage_plan.client["globex/app"]
    override_during = plan
    values          = { id = "plan-globex" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-pos/2026-11"]
    override_during = plan
    values          = { id = "key-pos-2611" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-dashboards/2026-10"]
    override_during = plan
    values          = { id = "key-dash-2610" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-dashboards/2026-11"]
    override_during = plan
    values          = { id = "key-dash-2611" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["globex/app/k1"]
    override_during = plan
    values          = { id = "key-globex-k1" }
  }

  assert {
    condition = (
      toset(keys(aws_api_gateway_usage_plan.client)) == toset(["acme-pos", "acme-dashboards", "globex/app"])
      && alltrue([for plan in aws_api_gateway_usage_plan.client : [for s in plan.api_stages : [s.api_id, s.stage]] == [["abc123", "v1"]]])
    )
    error_message = "Each client must have one usage plan, on the deployed stage."
  }

  assert {
    condition = (
      aws_api_gateway_usage_plan.client["acme-pos"].throttle_settings[0].rate_limit == 20
      && aws_api_gateway_usage_plan.client["acme-pos"].throttle_settings[0].burst_limit == 40
      && aws_api_gateway_usage_plan.client["acme-pos"].quota_settings[0].limit == 50000
      && aws_api_gateway_usage_plan.client["acme-pos"].quota_settings[0].period == "DAY"
      && aws_api_gateway_usage_plan.client["acme-dashboards"].throttle_settings[0].rate_limit == 5
      && aws_api_gateway_usage_plan.client["acme-dashboards"].quota_settings[0].limit == 1000
      && aws_api_gateway_usage_plan.client["acme-dashboards"].quota_settings[0].period == "WEEK"
      && aws_api_gateway_usage_plan.client["globex/app"].throttle_settings[0].burst_limit == 100
      && length(aws_api_gateway_usage_plan.client["globex/app"].quota_settings) == 0
    )
    error_message = "Each usage plan must carry its client's throttle, and its quota when it has one."
  }

  assert {
    condition = (
      toset(keys(aws_api_gateway_api_key.client)) == toset(["acme-pos/2026-11", "acme-dashboards/2026-10", "acme-dashboards/2026-11", "globex/app/k1"])
      && alltrue([for key in aws_api_gateway_api_key.client : key.enabled])
      && aws_api_gateway_api_key.client["globex/app/k1"].name == "fluxa-test-globex/app-k1"
    )
    error_message = "Each key name of each client must be one enabled API key."
  }

  assert {
    condition = (
      toset(keys(aws_api_gateway_usage_plan_key.client)) == toset(keys(aws_api_gateway_api_key.client))
      && alltrue([for id, attachment in aws_api_gateway_usage_plan_key.client : attachment.key_type == "API_KEY" && attachment.key_id == aws_api_gateway_api_key.client[id].id])
      && aws_api_gateway_usage_plan_key.client["acme-pos/2026-11"].usage_plan_id == "plan-pos"
      && aws_api_gateway_usage_plan_key.client["acme-dashboards/2026-10"].usage_plan_id == "plan-dash"
      && aws_api_gateway_usage_plan_key.client["acme-dashboards/2026-11"].usage_plan_id == "plan-dash"
      && aws_api_gateway_usage_plan_key.client["globex/app/k1"].usage_plan_id == "plan-globex"
    )
    error_message = "Every key must be attached to its own client's usage plan, and only to it."
  }

  assert {
    condition = (
      output.api_gateway_api_key_ids == {
        "acme-pos/2026-11"        = "key-pos-2611"
        "acme-dashboards/2026-10" = "key-dash-2610"
        "acme-dashboards/2026-11" = "key-dash-2611"
        "globex/app/k1"           = "key-globex-k1"
      }
      && output.api_gateway_api_key_id == null
    )
    error_message = "api_gateway_api_key_ids must name every key's id by client/key; without a client named default there is no default key id."
  }
}

run "the_default_client_keeps_the_single_key_limits" {
  command = plan

  override_resource {
    target          = aws_api_gateway_api_key.client["default/initial"]
    override_during = plan
    values          = { id = "key-default" }
  }

  assert {
    condition = (
      keys(aws_api_gateway_usage_plan.client) == ["default"]
      && aws_api_gateway_usage_plan.client["default"].throttle_settings[0].rate_limit == 50
      && aws_api_gateway_usage_plan.client["default"].throttle_settings[0].burst_limit == 100
      && aws_api_gateway_usage_plan.client["default"].quota_settings[0].limit == 100000
      && aws_api_gateway_usage_plan.client["default"].quota_settings[0].period == "DAY"
      && keys(aws_api_gateway_api_key.client) == ["default/initial"]
    )
    error_message = "By default there is one client, default, with one key, 50 req/s, burst 100 and 100,000 requests a day."
  }

  assert {
    condition     = output.api_gateway_usage_plans["default"].tenant == "default" && output.api_gateway_usage_plans["default"].scopes == tolist(["write", "read"])
    error_message = "The default client writes and reads for the tenant default."
  }

  assert {
    condition     = output.api_gateway_api_key_id == "key-default"
    error_message = "api_gateway_api_key_id must be the default client's key, which the deploy and verify scripts use."
  }
}

run "a_rotation_keeps_both_keys_and_the_default_key_id_follows_the_newest" {
  command = plan

  variables {
    api_clients = {
      default = { tenant = "default", scopes = ["write", "read"], throttle = { rate_limit = 50, burst_limit = 100 }, quota = { limit = 100000, period = "DAY" }, keys = ["initial", "2027-01"] }
    }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["default/initial"]
    override_during = plan
    values          = { id = "key-initial", value = "DefaultKeyInitialFFFFFFFFFFFFFFFFFFFFFFF" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["default/2027-01"]
    override_during = plan
    values          = { id = "key-2027", value = "DefaultKey2027x01GGGGGGGGGGGGGGGGGGGGGGG" }
  }

  assert {
    condition = (
      jsondecode(aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS)[sha256("DefaultKeyInitialFFFFFFFFFFFFFFFFFFFFFFF")].client == "default"
      && jsondecode(aws_lambda_function.this["authorizer"].environment[0].variables.API_KEY_GRANTS)[sha256("DefaultKey2027x01GGGGGGGGGGGGGGGGGGGGGGG")].client == "default"
      && toset([for k in aws_api_gateway_usage_plan_key.client : k.key_id]) == toset(["key-initial", "key-2027"])
    )
    error_message = "During a rotation both keys of the client must be granted and attached to its plan."
  }

  assert {
    condition     = output.api_gateway_api_key_id == "key-2027"
    error_message = "api_gateway_api_key_id must follow the default client's newest key (the last listed)."
  }
}

run "rejects_more_keys_than_the_authorizer_environment_holds" {
  command = plan

  # 27 keys of about 150 bytes each: 4,248 bytes, over Lambda's 4,096.
  variables {
    api_clients = {
      for i in range(27) : format("client-%02d", i) => {
        tenant   = "default"
        scopes   = ["write", "read"]
        throttle = { rate_limit = 50, burst_limit = 100 }
        keys     = ["initial"]
      }
    }
  }

  expect_failures = [aws_lambda_function.this]
}

run "accepts_as_many_keys_as_the_authorizer_environment_holds" {
  command = plan

  # 26 such keys still fit: 4,094 bytes.
  variables {
    api_clients = {
      for i in range(26) : format("client-%02d", i) => {
        tenant   = "default"
        scopes   = ["write", "read"]
        throttle = { rate_limit = 50, burst_limit = 100 }
        keys     = ["initial"]
      }
    }
  }

  assert {
    condition     = output.lambda_authorizer_environment_bytes == 4094
    error_message = "26 keys with short names fit in the authorizer's 4 KB environment (4,094 bytes): the check must not refuse what Lambda accepts."
  }
}

run "rejects_a_tenant_id_the_authorizer_would_refuse" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "Acme Corp", scopes = ["write"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_an_unknown_scope" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = ["write", "admin"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_without_scopes" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = [], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_without_keys" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = [] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_key_name_with_a_slash" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["2026/11"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_name_the_authorizer_would_refuse" {
  command = plan

  variables {
    api_clients = {
      "-acme" = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_quota_period_api_gateway_does_not_know" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, quota = { limit = 100, period = "YEAR" }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_an_uncached_authorizer" {
  command = plan

  variables {
    api_authorizer_result_ttl_seconds = 0
  }

  expect_failures = [var.api_authorizer_result_ttl_seconds]
}

# ---------------------------------------------------------------------- iam ---

run "iam_is_least_privilege" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for name, doc in data.aws_iam_policy_document.lambda : [
        for statement in doc.statement : [for action in statement.actions : !strcontains(action, "*")]
      ]
    ]))
    error_message = "No Lambda policy statement may use a wildcard action."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in data.aws_iam_policy_document.lambda : [
        for statement in doc.statement : statement.effect == "Allow" && try(length(statement.not_actions), 0) == 0 && try(length(statement.not_resources), 0) == 0
      ]
    ]))
    error_message = "Lambda policies must be plain allow-lists (no NotAction/NotResource)."
  }

  assert {
    condition = alltrue([
      for statement in data.aws_iam_policy_document.lambda["query"].statement : alltrue([
        for action in statement.actions : !can(regex("^(sqs:(Send|Delete|Purge|ChangeMessage)|sns:Publish|s3:(Put|Delete)|secretsmanager:(Put|Update|Create|Delete|Restore|Rotate))", action))
      ])
    ])
    error_message = "The query role must not be able to write anything."
  }

  assert {
    condition = (
      [for s in data.aws_iam_policy_document.lambda["query"].statement : s.resources if contains(s.actions, "secretsmanager:GetSecretValue")] == [toset([var.db_query_secret_arn])]
    )
    error_message = "query may read only the read-only role's secret, never the master secret."
  }

  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if s.sid == "EnqueueEvents"]).resources == toset(["arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"])
      && one([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if s.sid == "StoreLargePayloads"]).resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101/raw/*"])
      && one([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if s.sid == "StoreLargePayloads"]).actions == toset(["s3:PutObject"])
    )
    error_message = "ingest may only send to the main queue and put raw/ objects."
  }

  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["processor"].statement : s if s.sid == "DeadLetterPermanentFailures"]).resources == toset(["arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"])
      && one([for s in data.aws_iam_policy_document.lambda["processor"].statement : s if s.sid == "NotifySubscribers"]).resources == toset(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"])
      && one([for s in data.aws_iam_policy_document.lambda["processor"].statement : s if s.sid == "ReadWriterRoleCredentials"]).resources == toset([var.db_writer_secret_arn])
    )
    error_message = "processor's grants must name the DLQ, the topic and the writer role's secret exactly."
  }

  assert {
    condition = alltrue([
      for name, doc in data.aws_iam_policy_document.lambda :
      one([for s in doc.statement : s if s.sid == "WriteOwnLogGroup"]).resources == toset(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-${name}:*"])
    ])
    error_message = "Each function may write only to its own log group."
  }

  assert {
    condition = (
      alltrue([for name in ["authorizer", "ingest"] : !contains(flatten([for s in data.aws_iam_policy_document.lambda[name].statement : tolist(s.actions)]), "ec2:CreateNetworkInterface")])
      && alltrue([for name in ["processor", "query", "migrate"] : contains(flatten([for s in data.aws_iam_policy_document.lambda[name].statement : tolist(s.actions)]), "ec2:CreateNetworkInterface")])
    )
    error_message = "Only the in-VPC functions may manage network interfaces."
  }

  assert {
    condition     = alltrue([for name, policy in aws_iam_role_policy.lambda : policy.role == aws_iam_role.lambda[name].name && policy.role == "fluxa-test-${name}"])
    error_message = "Each function's policy must be attached to that function's own role."
  }
}

# ----------------------------------------------------------------- s3 / sns ---

run "payload_bucket_is_private_encrypted_and_expiring" {
  command = plan

  assert {
    condition = (
      aws_s3_bucket_public_access_block.payloads.block_public_acls
      && aws_s3_bucket_public_access_block.payloads.block_public_policy
      && aws_s3_bucket_public_access_block.payloads.ignore_public_acls
      && aws_s3_bucket_public_access_block.payloads.restrict_public_buckets
    )
    error_message = "The payload bucket must block all public access."
  }

  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.payloads.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"
    error_message = "The payload bucket must encrypt objects at rest."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.payloads.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.payloads_bucket.statement :
      s.effect == "Deny" && contains(s.actions, "s3:*")
      && anytrue([for c in s.condition : c.test == "Bool" && c.variable == "aws:SecureTransport" && c.values == tolist(["false"])])
      && s.resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101", "arn:aws:s3:::fluxa-test-payloads-20250101/*"])
    ])
    error_message = "The bucket policy must deny every request made without TLS."
  }

  assert {
    condition     = aws_s3_bucket_policy.payloads.bucket == "fluxa-test-payloads-20250101"
    error_message = "The TLS-only policy must be attached to the payload bucket."
  }

  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_lifecycle_configuration.payloads.rule :
      rule.status == "Enabled" && rule.filter[0].prefix == "raw/"
    ]) && length(aws_s3_bucket_lifecycle_configuration.payloads.rule) > 0
    error_message = "Every lifecycle rule must be enabled and filtered to raw/."
  }

  assert {
    condition = (
      one(aws_s3_bucket_lifecycle_configuration.payloads.rule[0].transition).storage_class == "GLACIER"
      && one(aws_s3_bucket_lifecycle_configuration.payloads.rule[0].transition).days == 30
      && aws_s3_bucket_lifecycle_configuration.payloads.rule[0].expiration[0].days == 365
    )
    error_message = "raw/ payloads must move to Glacier, then expire."
  }

  assert {
    condition     = length(aws_s3_bucket.payloads) == 1 && length(aws_s3_bucket.payloads_protected) == 0
    error_message = "By default the bucket is the unprotected variant."
  }

  assert {
    condition     = aws_sns_topic.events.kms_master_key_id == "alias/aws/sns"
    error_message = "The events topic must be KMS-encrypted."
  }
}

run "protected_bucket_variant" {
  command = plan

  variables {
    payload_bucket_prevent_destroy = true
  }

  assert {
    condition     = length(aws_s3_bucket.payloads) == 0 && length(aws_s3_bucket.payloads_protected) == 1 && aws_s3_bucket.payloads_protected[0].force_destroy == false
    error_message = "payload_bucket_prevent_destroy must select the prevent_destroy bucket, never force-destroyable."
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.payloads.bucket == "fluxa-test-payloads-20250101"
    error_message = "Bucket settings must follow the protected bucket."
  }
}

# --------------------------------------------------------- alarms/dashboard ---

run "alarms_and_dashboard" {
  command = plan

  variables {
    alarm_subscriptions = [{ protocol = "email", endpoint = "ops@example.com" }]
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.dlq_not_empty.metric_name == "ApproximateNumberOfMessagesVisible"
      && aws_cloudwatch_metric_alarm.dlq_not_empty.threshold == 0
      && aws_cloudwatch_metric_alarm.dlq_not_empty.comparison_operator == "GreaterThanThreshold"
      && aws_cloudwatch_metric_alarm.dlq_not_empty.dimensions.QueueName == "fluxa-test-events-dlq"
    )
    error_message = "An alarm must fire as soon as the DLQ holds a message."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.queue_oldest_message_age.metric_name == "ApproximateAgeOfOldestMessage" && aws_cloudwatch_metric_alarm.queue_oldest_message_age.dimensions.QueueName == "fluxa-test-events"
    error_message = "An alarm must watch the age of the oldest queued message."
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.lambda_errors)) == toset(["authorizer", "ingest", "processor", "query", "migrate"]) && toset(keys(aws_cloudwatch_metric_alarm.lambda_throttles)) == toset(["authorizer", "ingest", "processor", "query", "migrate"])
    error_message = "Every function needs an errors and a throttles alarm."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.api_5xx.metric_name == "5XXError" && aws_cloudwatch_metric_alarm.api_5xx.namespace == "AWS/ApiGateway"
    error_message = "An alarm must watch API 5xx responses."
  }

  assert {
    condition = alltrue([
      for alarm in concat(
        [aws_cloudwatch_metric_alarm.dlq_not_empty, aws_cloudwatch_metric_alarm.queue_oldest_message_age, aws_cloudwatch_metric_alarm.api_5xx],
        values(aws_cloudwatch_metric_alarm.lambda_errors), values(aws_cloudwatch_metric_alarm.lambda_throttles),
      ) : alarm.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"]) && alarm.ok_actions == alarm.alarm_actions
    ])
    error_message = "Every alarm must notify (and clear on) the module's alarm topic."
  }

  assert {
    condition = (
      aws_sns_topic_subscription.alarms["email:ops@example.com"].topic_arn == "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
      && aws_sns_topic_subscription.alarms["email:ops@example.com"].protocol == "email"
      && output.sns_alarm_topic_arn == "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
    )
    error_message = "Each alarm subscriber must be subscribed to the alarm topic."
  }

  assert {
    condition = alltrue([
      for metric in ["ingest_success", "processed_success", "dlq_sent", "notify_published", "query_success"] :
      strcontains(aws_cloudwatch_dashboard.this.dashboard_body, jsonencode(["Fluxa", metric, "service", metric == "query_success" ? "query" : (startswith(metric, "ingest") ? "ingest" : "processor")]))
    ])
    error_message = "The dashboard must chart the Fluxa EMF metrics by service."
  }

  assert {
    condition = alltrue(flatten([
      for widget in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : [
        for metric in widget.properties.metrics : can(metric[0]) && widget.properties.region == "eu-west-1"
      ]
    ]))
    error_message = "Every dashboard metric must be its own array (namespace, name, dimensions..., options) in the stack's region."
  }

  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets[3].properties.metrics) == 15
    error_message = "The Lambda widget must chart invocations, errors and throttles of all five functions as 15 series."
  }
}

# ------------------------------------------------------ rejected settings ---

run "rejects_non_node_runtime" {
  command = plan

  variables {
    lambda_runtime = "python3.12"
  }

  expect_failures = [var.lambda_runtime]
}

run "rejects_unbounded_processor_concurrency" {
  command = plan

  variables {
    processor_max_concurrency = 1
  }

  expect_failures = [var.processor_max_concurrency]
}

run "rejects_api_timeouts_beyond_api_gateway" {
  command = plan

  variables {
    ingest_timeout = 60
  }

  expect_failures = [var.ingest_timeout]
}

run "rejects_more_connections_than_the_database_allows" {
  command = plan

  variables {
    processor_max_concurrency = 40
    db_connection_budget      = 60
  }

  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "rejects_large_batches_without_a_window" {
  command = plan

  variables {
    processor_batching_window_seconds = 0
  }

  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "rejects_glacier_before_dlq_retention_ends" {
  command = plan

  variables {
    payload_glacier_transition_days = 7
  }

  expect_failures = [var.payload_glacier_transition_days]
}

# ------------------------------------------------------------- hardening ---

run "a_missing_payload_is_a_404_not_a_403" {
  command = plan

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.lambda["processor"].statement :
      s.actions == toset(["s3:ListBucket"])
      && s.resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101"])
      && anytrue([for c in s.condition : c.test == "StringLike" && c.variable == "s3:prefix" && c.values == tolist(["raw/*"])])
    ])
    error_message = "processor needs s3:ListBucket on the payload bucket (limited to raw/*): without it a missing payload is a 403, retried as transient, instead of a 404 dead-lettered at once."
  }

  assert {
    condition = alltrue([
      for name in ["ingest", "query", "migrate"] :
      !contains(flatten([for s in data.aws_iam_policy_document.lambda[name].statement : tolist(s.actions)]), "s3:ListBucket")
    ])
    error_message = "Only the processor, which reads payloads, may list the payload prefix."
  }
}

run "alarms_notify_nobody_without_subscribers_but_still_target_the_topic" {
  command = plan

  assert {
    condition     = length(aws_sns_topic_subscription.alarms) == 0 && aws_cloudwatch_metric_alarm.dlq_not_empty.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"])
    error_message = "Alarms always target the module's topic; subscribers are an input."
  }
}

run "rejects_an_unknown_alarm_protocol" {
  command = plan

  variables {
    alarm_subscriptions = [{ protocol = "pager", endpoint = "ops" }]
  }

  expect_failures = [var.alarm_subscriptions]
}

run "processor_connects_as_the_writer_role_and_only_migrate_holds_the_master_secret" {
  command = plan

  assert {
    condition     = aws_lambda_function.this["processor"].environment[0].variables.DB_SECRET_ARN == var.db_writer_secret_arn
    error_message = "processor must connect with the least-privilege writer role's secret."
  }

  assert {
    condition = [
      for name, doc in data.aws_iam_policy_document.lambda : name
      if anytrue([for s in doc.statement : contains(s.resources, var.db_master_secret_arn)])
    ] == ["migrate"]
    error_message = "The master secret must be the migrate function's alone."
  }

  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["migrate"].statement : s if s.sid == "ProvisionLoginRoleCredentials"]).resources == toset([var.db_query_secret_arn, var.db_writer_secret_arn])
      && [for s in data.aws_iam_policy_document.lambda["processor"].statement : s.resources if contains(s.actions, "secretsmanager:GetSecretValue")] == [toset([var.db_writer_secret_arn])]
    )
    error_message = "migrate fills both role secrets; processor reads only the writer's."
  }
}

run "tls_to_the_database_verifies_the_server_certificate" {
  command = plan

  assert {
    condition = alltrue([
      for f in [aws_lambda_function.this["processor"], aws_lambda_function.this["query"], aws_lambda_function.migrate] :
      f.environment[0].variables.DB_SSL == "verify-full"
      && f.environment[0].variables.NODE_EXTRA_CA_CERTS == "/var/runtime/ca-cert.pem"
    ])
    error_message = "Every database client must verify the server certificate (verify-full) against the RDS CAs the Lambda runtime ships."
  }
}

run "max_receive_count_reaches_the_processor" {
  command = plan

  assert {
    condition     = aws_lambda_function.this["processor"].environment[0].variables.MAX_RECEIVE_COUNT == tostring(jsondecode(aws_sqs_queue.main.redrive_policy).maxReceiveCount)
    error_message = "The processor's MAX_RECEIVE_COUNT must be the redrive policy's maxReceiveCount."
  }
}

run "migrations_run_before_anything_takes_traffic" {
  command = plan

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
}

run "every_database_function_is_counted_against_the_connection_budget" {
  command = plan

  assert {
    condition     = output.lambda_db_connections_bounded == (5 + 10 + 2) * 2 && aws_lambda_function.this["query"].reserved_concurrent_executions == 10
    error_message = "query is reserved (default 10) and counted: (processor 5 + query 10 + migrate 1) x pool 2."
  }
}

run "rejects_a_budget_that_only_fits_without_query" {
  command = plan

  variables {
    processor_max_concurrency = 20
    query_concurrency_limit   = 10
    db_connection_budget      = 60
  }

  # (20 + 2) x 2 = 44 would fit; (20 + 10 + 2) x 2 = 64 does not.
  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "anonymous_routes_have_their_own_small_throttle" {
  command = plan

  assert {
    condition = (
      toset(keys(aws_api_gateway_method_settings.anonymous)) == toset(["GET /health", "GET /health/ready", "GET /openapi.json"])
      && aws_api_gateway_method_settings.anonymous["GET /health/ready"].method_path == "health/ready/GET"
      && aws_api_gateway_method_settings.anonymous["GET /openapi.json"].method_path == "openapi.json/GET"
      && alltrue([
        for m in aws_api_gateway_method_settings.anonymous :
        m.settings[0].throttling_rate_limit == 10 && m.settings[0].throttling_burst_limit == 20
      ])
    )
    error_message = "Routes without a key must be throttled on their own, far below the stage's limits."
  }
}

run "query_reservation_fits_a_large_account" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 1000
  }

  assert {
    condition     = aws_lambda_function.this["query"].reserved_concurrent_executions == 10
    error_message = "With room in the account, query is reserved at query_concurrency_limit."
  }
}

run "query_is_capped_by_a_new_accounts_quota" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 10
    query_concurrency_limit          = 20
  }

  assert {
    condition     = aws_lambda_function.this["query"].reserved_concurrent_executions == -1 && output.lambda_db_connections_bounded == (5 + 10 + 2) * 2
    error_message = "An account that cannot spare the reservation gets none: query is then counted at the whole account quota."
  }
}

run "rejects_an_unreservable_query_whose_account_quota_breaks_the_budget" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 105
    query_concurrency_limit          = 10
    db_connection_budget             = 60
  }

  # 105 - 10 < 100 unreserved: no reservation, counted at 105: (5 + 105 + 2) x 2 > 60.
  expect_failures = [aws_lambda_event_source_mapping.processor]
}

run "api_execution_logs_are_retained_and_the_account_role_is_opt_in" {
  command = plan

  assert {
    condition = (
      aws_cloudwatch_log_group.api_execution.name == "API-Gateway-Execution-Logs_abc123/v1"
      && aws_cloudwatch_log_group.api_execution.retention_in_days == 30
    )
    error_message = "Execution logs must go to a managed log group with retention."
  }

  assert {
    condition     = length(aws_api_gateway_account.this) == 0 && length(aws_iam_role.api_gateway_cloudwatch) == 0
    error_message = "The account-wide API Gateway CloudWatch role must be opt-in."
  }
}

run "arns_follow_the_partition" {
  command = plan

  variables {
    manage_api_gateway_account = true
  }

  override_data {
    target = data.aws_partition.current
    values = { partition = "aws-cn" }
  }

  assert {
    condition     = aws_iam_role_policy_attachment.api_gateway_cloudwatch[0].policy_arn == "arn:aws-cn:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
    error_message = "ARNs must be built from the partition, never a hard-coded arn:aws:."
  }
}

run "waf_limits_each_client_address" {
  command = plan

  variables {
    enable_waf     = true
    waf_rate_limit = 1000
  }

  assert {
    condition = (
      one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].limit == 1000
      && one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].aggregate_key_type == "IP"
      && length(one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).action[0].block) == 1
      && aws_wafv2_web_acl.api[0].scope == "REGIONAL"
    )
    error_message = "The WAF must block a client address above the rate limit."
  }

  assert {
    condition     = aws_wafv2_web_acl_association.api[0].resource_arn == "arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/v1"
    error_message = "The WAF must be attached to the API stage."
  }

  assert {
    condition     = startswith(aws_cloudwatch_log_group.waf[0].name, "aws-waf-logs-") && aws_cloudwatch_log_group.waf[0].retention_in_days == 30
    error_message = "Blocked requests must be logged to a retained aws-waf-logs-* group."
  }
}

run "waf_is_optional" {
  command = plan

  assert {
    condition     = length(aws_wafv2_web_acl.api) == 0 && length(aws_wafv2_web_acl_association.api) == 0
    error_message = "Without enable_waf there is no web ACL."
  }
}

run "versioned_bucket_cleans_up_delete_markers" {
  command = plan

  variables {
    payload_bucket_versioning = true
  }

  assert {
    condition = anytrue([
      for rule in aws_s3_bucket_lifecycle_configuration.payloads.rule :
      rule.status == "Enabled" && rule.filter[0].prefix == "raw/"
      && try(one(rule.expiration).expired_object_delete_marker, false) == true
      && try(one(rule.noncurrent_version_expiration).noncurrent_days, 0) == 30
    ])
    error_message = "A versioned bucket must expire noncurrent versions and remove orphaned delete markers."
  }
}
