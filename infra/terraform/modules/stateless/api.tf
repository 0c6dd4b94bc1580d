# The public REST API. Every route is a Lambda proxy integration. Every route
# with a scope (all but /health, /health/ready and /openapi.json) goes through
# the API key authorizer, which names the caller's client, tenant and scopes
# and hands API Gateway the key whose usage plan throttles it (clients.tf).

locals {
  # The route table: routes.json is generated from the models package's route list, the
  # same list the local API server routes by (a models test keeps the file current).
  api_routes = {
    for route in jsondecode(file("${path.module}/routes.json")) :
    "${route.method} ${route.resource}" => {
      resource         = route.resource
      function         = route.target
      api_key_required = route.apiKeyRequired
      # write, read, replay or erase: the scope a key needs (the functions
      # check it); null on the anonymous routes.
      scope = route.scope
    }
  }

  # Every path a route needs, with each of its parents: /events/{event_id}/status
  # needs /events, /events/{event_id} and itself. API Gateway nests resources,
  # so they are created level by level (a for_each cannot refer to itself).
  api_path_segments = {
    for path in distinct(flatten([
      for route in local.api_routes : [
        for depth in range(1, length(split("/", trimprefix(route.resource, "/"))) + 1) :
        "/${join("/", slice(split("/", trimprefix(route.resource, "/")), 0, depth))}"
      ]
    ])) : path => split("/", trimprefix(path, "/"))
  }
  api_paths_at_depth = {
    for depth in [1, 2, 3] : depth => {
      for path, segments in local.api_path_segments : path => {
        part   = segments[depth - 1]
        parent = depth == 1 ? null : "/${join("/", slice(segments, 0, depth - 1))}"
      } if length(segments) == depth
    }
  }
  api_resource_ids = merge(
    { for path, r in aws_api_gateway_resource.level1 : path => r.id },
    { for path, r in aws_api_gateway_resource.level2 : path => r.id },
    { for path, r in aws_api_gateway_resource.level3 : path => r.id },
  )

  api_route_details = {
    for key, route in local.api_routes : key => merge(route, {
      method = split(" ", key)[0]
      path   = split(" ", key)[1]
      # Path parameters for request_parameters, e.g. ["event_id"].
      path_params = [for p in regexall("\\{([^}]+)\\}", split(" ", key)[1]) : p[0]]
      # Invocation ARN form of the path: each {param} becomes "*".
      arn_path = replace(split(" ", key)[1], "/\\{[^}]+\\}/", "*")
    })
  }

  # Gateway-generated errors (no or bad key, throttling, unknown route, ...) in
  # the same error body the functions use, with the local API server's
  # messages for the key errors. Gateway responses cannot read
  # X-Correlation-ID, so these carry API Gateway's request id as correlation id.
  gateway_errors = {
    # No x-api-key: the authorizer's identity source is missing, so API Gateway
    # answers without invoking it (the function says the same if it is invoked).
    UNAUTHORIZED = { status = "401", code = "UNAUTHORIZED", message = "\"x-api-key header is required\"", retry_after = null }
    # The authorizer denied the key: no grant for its hash (unknown or revoked).
    ACCESS_DENIED = { status = "403", code = "FORBIDDEN", message = "\"the API key is not valid\"", retry_after = null }
    # The key the authorizer allowed is not (or no longer) an API key of a
    # usage plan on this stage.
    INVALID_API_KEY = { status = "403", code = "FORBIDDEN", message = "\"the API key is not valid\"", retry_after = null }
    # The authorizer could not be run (throttled, timed out, crashed): nothing
    # reached ingest, so retrying is safe.
    AUTHORIZER_CONFIGURATION_ERROR = { status = "503", code = "SERVICE_UNAVAILABLE", message = "\"The API key could not be checked; retrying is safe\"", retry_after = "1" }
    # The authorizer answered something API Gateway could not use.
    AUTHORIZER_FAILURE           = { status = "500", code = "INTERNAL", message = "\"The API key could not be checked\"", retry_after = null }
    MISSING_AUTHENTICATION_TOKEN = { status = "404", code = "NOT_FOUND", message = "\"No such route\"", retry_after = null }
    RESOURCE_NOT_FOUND           = { status = "404", code = "NOT_FOUND", message = "\"No such route\"", retry_after = null }
    THROTTLED                    = { status = "429", code = "THROTTLED", message = "\"Too many requests\"", retry_after = "1" }
    QUOTA_EXCEEDED               = { status = "429", code = "THROTTLED", message = "\"Request quota of this API key exceeded\"", retry_after = "3600" }
    REQUEST_TOO_LARGE            = { status = "413", code = "PAYLOAD_TOO_LARGE", message = "\"Request body too large\"", retry_after = null }
    UNSUPPORTED_MEDIA_TYPE       = { status = "415", code = "UNSUPPORTED_MEDIA_TYPE", message = "\"Unsupported media type or content encoding\"", retry_after = null }
    INTEGRATION_TIMEOUT          = { status = "504", code = "SERVICE_UNAVAILABLE", message = "\"Upstream timed out; retrying is safe\"", retry_after = null }
    # A block by WAF's managed rules (its rate rules answer 429 themselves).
    WAF_FILTERED = { status = "403", code = "FORBIDDEN", message = "\"The request was blocked by the web application firewall\"", retry_after = null }
    DEFAULT_4XX  = { status = null, code = "FORBIDDEN", message = "$context.error.messageString", retry_after = null }
    DEFAULT_5XX  = { status = null, code = "INTERNAL", message = "\"Internal error\"", retry_after = null }
  }
}

resource "aws_api_gateway_rest_api" "this" {
  name        = "${local.name_prefix}-api"
  description = "Fluxa ${var.stage} event ingestion API"
  # The authorizer's usageIdentifierKey (the caller's own key) selects the
  # usage plan, so each client gets its throttle and quota.
  api_key_source = "AUTHORIZER"

  # JSON bodies reach the functions as the client's exact bytes (base64), so they, not the
  # gateway, judge UTF-8: invalid bytes are a 400 instead of being replaced by U+FFFD.
  binary_media_types = ["application/json"]

  # Enables gzip responses and decompression of Content-Encoding: gzip requests.
  minimum_compression_size = var.api_minimum_compression_size == null ? null : tostring(var.api_minimum_compression_size)

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = local.tags
}

# The resources routes.json needs, three levels deep at most (a deeper route
# fails the plan at its method).
resource "aws_api_gateway_resource" "level1" {
  for_each = local.api_paths_at_depth[1]

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = each.value.part
}

resource "aws_api_gateway_resource" "level2" {
  for_each = local.api_paths_at_depth[2]

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.level1[each.value.parent].id
  path_part   = each.value.part
}

resource "aws_api_gateway_resource" "level3" {
  for_each = local.api_paths_at_depth[3]

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.level2[each.value.parent].id
  path_part   = each.value.part
}

# The resources used to be written out one by one.
moved {
  from = aws_api_gateway_resource.events
  to   = aws_api_gateway_resource.level1["/events"]
}

moved {
  from = aws_api_gateway_resource.events_batch
  to   = aws_api_gateway_resource.level2["/events/batch"]
}

moved {
  from = aws_api_gateway_resource.event
  to   = aws_api_gateway_resource.level2["/events/{event_id}"]
}

moved {
  from = aws_api_gateway_resource.event_status
  to   = aws_api_gateway_resource.level3["/events/{event_id}/status"]
}

moved {
  from = aws_api_gateway_resource.health
  to   = aws_api_gateway_resource.level1["/health"]
}

moved {
  from = aws_api_gateway_resource.health_ready
  to   = aws_api_gateway_resource.level2["/health/ready"]
}

moved {
  from = aws_api_gateway_resource.openapi
  to   = aws_api_gateway_resource.level1["/openapi.json"]
}

resource "aws_api_gateway_method" "route" {
  for_each = local.api_route_details

  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = try(local.api_resource_ids[each.value.resource], null)
  http_method      = each.value.method
  authorization    = each.value.scope == null ? "NONE" : "CUSTOM"
  authorizer_id    = each.value.scope == null ? null : aws_api_gateway_authorizer.api_key.id
  api_key_required = each.value.api_key_required

  request_parameters = { for p in each.value.path_params : "method.request.path.${p}" => true }

  lifecycle {
    precondition {
      condition     = length(local.api_path_segments[each.value.resource]) <= 3
      error_message = "routes.json: ${each.key} is nested ${length(local.api_path_segments[each.value.resource])} levels deep; api.tf creates resources three levels deep (add a level4 like level3)."
    }

    # With the key taken from the authorizer, a keyed route without it could
    # never be called, and a scoped route without a key would be anonymous.
    precondition {
      condition     = each.value.api_key_required == (each.value.scope != null)
      error_message = "routes.json: ${each.key} has apiKeyRequired = ${each.value.api_key_required} but scope = ${coalesce(each.value.scope, "null")}; a route needs a key exactly when it has a scope."
    }
  }
}

# The API key authorizer (functions/authorizer) on every keyed route. API
# Gateway caches its answer per key (the identity source) for the TTL; the
# answer allows the whole stage, so one answer serves every route, and the
# functions check the route's scope themselves (403 naming it).
#
# TTL 30 s by default (API Gateway's default is 300): an answer cached here
# may rest on a grants copy as old as api_key_grants_cache_seconds, so the two
# together bound how long a revoked key keeps working, 60 s at most. The cost
# of the short TTL: the function runs about once per active key per 30 s
# instead of per 300 s (1,000 busy keys: ~33 invocations/s, ~2.9 M a day, a
# few dollars a month), and one request per key per TTL waits for it.
resource "aws_api_gateway_authorizer" "api_key" {
  name                             = "${local.name_prefix}-api-key"
  rest_api_id                      = aws_api_gateway_rest_api.this.id
  type                             = "REQUEST"
  authorizer_uri                   = aws_lambda_alias.live["authorizer"].invoke_arn
  identity_source                  = "method.request.header.x-api-key"
  authorizer_result_ttl_in_seconds = var.api_authorizer_result_ttl_seconds

  lifecycle {
    precondition {
      condition     = var.api_authorizer_result_ttl_seconds + var.api_key_grants_cache_seconds <= local.api_key_revocation_seconds
      error_message = "api_authorizer_result_ttl_seconds (${var.api_authorizer_result_ttl_seconds}) + api_key_grants_cache_seconds (${var.api_key_grants_cache_seconds}) must not exceed ${local.api_key_revocation_seconds}: together they are how long a revoked key keeps working."
    }
  }
}

# API Gateway may invoke the authorizer function as this authorizer only.
resource "aws_lambda_permission" "api_authorizer" {
  statement_id  = "apigw-authorizer"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["authorizer"].function_name
  qualifier     = aws_lambda_alias.live["authorizer"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/authorizers/${aws_api_gateway_authorizer.api_key.id}"
}

resource "aws_api_gateway_integration" "route" {
  for_each = local.api_route_details

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_method.route[each.key].resource_id
  http_method             = aws_api_gateway_method.route[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_alias.live[each.value.function].invoke_arn
}

# API Gateway may invoke each function's live alias only for its own routes:
# exact stage, method and path ({param} segments become "*").
resource "aws_lambda_permission" "api_route" {
  for_each = local.api_route_details

  statement_id  = "apigw-${lower(each.value.method)}-${join("-", compact(split("/", replace(each.value.path, "/[{}.]/", ""))))}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[each.value.function].function_name
  qualifier     = aws_lambda_alias.live[each.value.function].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/${var.api_stage_name}/${each.value.method}${each.value.arn_path}"
}

resource "aws_api_gateway_gateway_response" "error" {
  for_each = local.gateway_errors

  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = each.key
  status_code   = each.value.status

  response_templates = {
    "application/json" = "{\"error\":{\"code\":\"${each.value.code}\",\"message\":${each.value.message}},\"correlation_id\":\"$context.requestId\"}"
  }

  response_parameters = merge(
    {
      "gatewayresponse.header.X-Content-Type-Options" = "'nosniff'"
      "gatewayresponse.header.Cache-Control"          = "'no-store'"
    },
    each.value.retry_after == null ? {} : { "gatewayresponse.header.Retry-After" = "'${each.value.retry_after}'" },
  )
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  # The reference orders the deployment after the migrations: the API takes
  # traffic only once the schema is in place.
  description = "Fluxa ${var.stage}, deployed after ${aws_lambda_invocation.migrate.function_name}"

  # A deployment is a snapshot: redeploy whenever a route, integration,
  # authorizer or gateway response changes.
  triggers = {
    redeployment = sha1(jsonencode([
      local.api_routes,
      local.gateway_errors,
      var.api_minimum_compression_size,
      aws_api_gateway_rest_api.this.api_key_source,
      [for m in aws_api_gateway_method.route : [m.id, m.authorization, m.authorizer_id, m.api_key_required, m.request_parameters]],
      [for i in aws_api_gateway_integration.route : [i.id, i.uri]],
      [aws_api_gateway_authorizer.api_key.id, aws_api_gateway_authorizer.api_key.authorizer_uri, aws_api_gateway_authorizer.api_key.identity_source, aws_api_gateway_authorizer.api_key.authorizer_result_ttl_in_seconds],
      [for r in aws_api_gateway_gateway_response.error : r.id],
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [
    aws_api_gateway_method.route,
    aws_api_gateway_integration.route,
    aws_api_gateway_authorizer.api_key,
    aws_api_gateway_gateway_response.error,
  ]
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name_prefix}-api/access"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

# Execution logs go to the group API Gateway names itself; created here, before
# the stage, it has a retention instead of living forever.
resource "aws_cloudwatch_log_group" "api_execution" {
  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${var.api_stage_name}"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = var.api_stage_name
  description          = "Fluxa ${var.stage}"
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      extendedRequestId  = "$context.extendedRequestId"
      xrayTraceId        = "$context.xrayTraceId"
      requestTime        = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      userAgent          = "$context.identity.userAgent"
      apiKeyId           = "$context.identity.apiKeyId"
      httpMethod         = "$context.httpMethod"
      resourcePath       = "$context.resourcePath"
      path               = "$context.path"
      protocol           = "$context.protocol"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationLatency = "$context.integrationLatency"
      integrationStatus  = "$context.integration.status"
      errorType          = "$context.error.responseType"
      errorMessage       = "$context.error.message"
    })
  }

  tags = local.tags

  depends_on = [aws_api_gateway_account.this, aws_cloudwatch_log_group.api_execution]
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = var.api_logging_level
    data_trace_enabled     = false
    throttling_rate_limit  = var.api_throttle.rate_limit
    throttling_burst_limit = var.api_throttle.burst_limit
  }
}

# Routes anyone may call without a key get a throttle of their own, far below
# the stage's: anonymous traffic cannot use up query's reserved concurrency,
# and /health/ready (which probes the database at most once per container per
# few seconds) cannot be turned into a connection storm.
resource "aws_api_gateway_method_settings" "anonymous" {
  for_each = { for key, route in local.api_route_details : key => route if !route.api_key_required }

  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "${trimprefix(each.value.path, "/")}/${each.value.method}"

  settings {
    metrics_enabled        = true
    logging_level          = var.api_logging_level
    data_trace_enabled     = false
    throttling_rate_limit  = var.api_anonymous_throttle.rate_limit
    throttling_burst_limit = var.api_anonymous_throttle.burst_limit
  }
}

# Region-wide setting, opt-in (manage_api_gateway_account): the role API
# Gateway uses to write access and execution logs to CloudWatch Logs. It is one
# setting per account and region, shared by every API there: a stack that
# manages it takes it over from whoever set it before, and destroying that
# stack removes it for all of them. Set it once per account and region (in one
# stack, or outside Terraform); without it, a stage with logging fails to deploy.
data "aws_iam_policy_document" "api_gateway_assume" {
  statement {
    sid     = "ApiGatewayAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "api_gateway_cloudwatch" {
  count = var.manage_api_gateway_account ? 1 : 0

  name_prefix        = "${local.name_prefix}-apigw-logs-"
  description        = "API Gateway account setting: push access/execution logs to CloudWatch Logs"
  assume_role_policy = data.aws_iam_policy_document.api_gateway_assume.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "api_gateway_cloudwatch" {
  count = var.manage_api_gateway_account ? 1 : 0

  role = aws_iam_role.api_gateway_cloudwatch[0].name
  # AWS-managed; it covers the API-Gateway-Execution-Logs_* groups of every
  # API in the account and region, which no name-scoped inline policy could.
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "this" {
  count = var.manage_api_gateway_account ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.api_gateway_cloudwatch[0].arn

  depends_on = [aws_iam_role_policy_attachment.api_gateway_cloudwatch]
}
