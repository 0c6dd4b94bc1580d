# Plans the module with a mocked provider and asserts api.tf: routes from
# routes.json, the authorizer, permissions, gateway responses, stage, logs.

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
  target          = aws_api_gateway_rest_api.this
  override_during = plan
  values = {
    id               = "abc123"
    root_resource_id = "root000"
    execution_arn    = "arn:aws:execute-api:eu-west-1:123456789012:abc123"
  }
}

override_resource {
  target          = aws_lambda_alias.live["authorizer"]
  override_during = plan
  values = {
    name       = "live"
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-authorizer:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-authorizer:live/invocations"
  }
}

override_resource {
  target          = aws_api_gateway_authorizer.api_key
  override_during = plan
  values          = { id = "auth01" }
}

override_resource {
  target          = aws_lambda_alias.live["ingest"]
  override_during = plan
  values = {
    name       = "live"
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-ingest:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-ingest:live/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["control"]
  override_during = plan
  values = {
    name       = "live"
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-control:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-control:live/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["query"]
  override_during = plan
  values = {
    name       = "live"
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-query:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:fluxa-test-query:live/invocations"
  }
}

run "the_api_routes_authorizes_throttles_and_logs_and_its_resources_nest_as_the_route_paths_do" {
  command = plan

  override_resource {
    target          = aws_api_gateway_resource.level1
    override_during = plan
    values          = { id = "level1" }
  }

  override_resource {
    target          = aws_api_gateway_resource.level2
    override_during = plan
    values          = { id = "level2" }
  }

  # The routes: authorized, throttled and logged as routes.json says.
  # Api routes keys and throttling.
  assert {
    condition = toset(keys(aws_api_gateway_method.route)) == toset([
      "POST /events", "POST /events/batch", "GET /events", "GET /events/{event_id}", "GET /events/{event_id}/status",
      "POST /replays", "GET /replays", "GET /replays/{replay_id}",
      "POST /erasures", "GET /erasures", "GET /erasures/{erasure_id}", "DELETE /suppressions/{user_id}",
      "GET /health", "GET /health/ready", "GET /openapi.json",
    ])
    error_message = "The API must expose every public route, and only those."
  }

  assert {
    condition = alltrue([
      for route in jsondecode(file("routes.json")) :
      aws_api_gateway_method.route["${route.method} ${route.resource}"].api_key_required == route.apiKeyRequired
      && aws_api_gateway_integration.route["${route.method} ${route.resource}"].uri == aws_lambda_alias.live[route.target].invoke_arn
    ]) && length(aws_api_gateway_method.route) == length(jsondecode(file("routes.json")))
    error_message = "API Gateway's methods must be exactly the route table of the models package (routes.json): method, path, key, function."
  }

  assert {
    condition     = aws_api_gateway_rest_api.this.binary_media_types == tolist(["application/json"])
    error_message = "JSON bodies must reach the functions as bytes, so invalid UTF-8 is refused rather than replaced."
  }

  assert {
    condition = alltrue([
      for key, method in aws_api_gateway_method.route : method.api_key_required
      if !contains(["GET /health", "GET /health/ready", "GET /openapi.json"], key)
    ])
    error_message = "Every route but the three anonymous ones must require x-api-key."
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
      && integration.uri == aws_lambda_alias.live[
        startswith(key, "POST /events") ? "ingest" : startswith(split(" ", key)[1], "/events") || !aws_api_gateway_method.route[key].api_key_required ? "query" : "control"
      ].invoke_arn
    ])
    error_message = "POST /events* must proxy to ingest, the other /events routes and the anonymous ones to query, /replays, /erasures and /suppressions to control."
  }

  assert {
    condition = (
      aws_lambda_permission.api_route["POST /events"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/POST/events"
      && aws_lambda_permission.api_route["POST /events/batch"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/POST/events/batch"
      && aws_lambda_permission.api_route["GET /events/{event_id}/status"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/events/*/status"
      && aws_lambda_permission.api_route["GET /openapi.json"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/openapi.json"
      && aws_lambda_permission.api_route["DELETE /suppressions/{user_id}"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/DELETE/suppressions/*"
      && aws_lambda_permission.api_route["GET /replays/{replay_id}"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/replays/*"
    )
    error_message = "Invoke permissions must be scoped to the exact stage, method and path."
  }

  assert {
    condition = alltrue([
      for key, permission in aws_lambda_permission.api_route :
      !strcontains(permission.source_arn, "/*/*") && permission.principal == "apigateway.amazonaws.com"
      && permission.function_name == aws_lambda_function.this[local.api_routes[key].function].function_name
      && permission.qualifier == "live"
      && length(distinct([for p in aws_lambda_permission.api_route : p.statement_id])) == length(aws_lambda_permission.api_route)
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

  # Keyed routes go through the API key authorizer and anonymous routes do not.
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
      toset([for key, route in local.api_routes : key if route.scope == null]) == toset(["GET /health", "GET /health/ready", "GET /openapi.json"])
      && alltrue([for key, route in local.api_routes : aws_api_gateway_method.route[key].api_key_required == (route.scope != null)])
    )
    error_message = "routes.json: exactly /health, /health/ready and /openapi.json are anonymous, and a route needs a key exactly when it has a scope."
  }

  assert {
    condition = (
      aws_api_gateway_authorizer.api_key.type == "REQUEST"
      && aws_api_gateway_authorizer.api_key.identity_source == "method.request.header.x-api-key"
      && aws_api_gateway_authorizer.api_key.authorizer_result_ttl_in_seconds == 30
      && aws_api_gateway_authorizer.api_key.authorizer_uri == aws_lambda_alias.live["authorizer"].invoke_arn
      && aws_api_gateway_authorizer.api_key.rest_api_id == "abc123"
    )
    error_message = "The authorizer must be the authorizer function's live alias as a REQUEST authorizer on x-api-key, its answers cached 30 s by default (with the authorizer's 30 s grants cache, a revoked key stops within a minute)."
  }

  assert {
    condition     = aws_api_gateway_rest_api.this.api_key_source == "AUTHORIZER"
    error_message = "The key that selects the usage plan must be the one the authorizer returns (api_key_source = AUTHORIZER), so each client gets its own throttle and quota."
  }

  assert {
    condition = (
      aws_lambda_permission.api_authorizer.source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/authorizers/auth01"
      && aws_lambda_permission.api_authorizer.function_name == "fluxa-test-authorizer"
      && aws_lambda_permission.api_authorizer.qualifier == "live"
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

  assert {
    condition = (
      aws_api_gateway_gateway_response.error["WAF_FILTERED"].status_code == "403"
      && jsondecode(replace(aws_api_gateway_gateway_response.error["WAF_FILTERED"].response_templates["application/json"], "$context.requestId", "r")).error.code == "FORBIDDEN"
    )
    error_message = "A request WAF's managed rules block must be a 403 FORBIDDEN in the API's error body, with API Gateway's request id as correlation id."
  }

  # Anonymous routes have their own small throttle.
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

  # Api execution logs are retained and the account role is opt in.
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

  # The resources nest as the route paths do (level ids overridden to follow them).
  assert {
    condition = (
      toset(keys(aws_api_gateway_resource.level1)) == toset(["/events", "/replays", "/erasures", "/suppressions", "/health", "/openapi.json"])
      && toset(keys(aws_api_gateway_resource.level2)) == toset(["/events/batch", "/events/{event_id}", "/replays/{replay_id}", "/erasures/{erasure_id}", "/suppressions/{user_id}", "/health/ready"])
      && toset(keys(aws_api_gateway_resource.level3)) == toset(["/events/{event_id}/status"])
    )
    error_message = "Every path of routes.json, and each of its parents, must be one API Gateway resource."
  }

  assert {
    condition = (
      alltrue([for r in aws_api_gateway_resource.level1 : r.parent_id == "root000"])
      && alltrue([for r in aws_api_gateway_resource.level2 : r.parent_id == "level1"])
      && alltrue([for r in aws_api_gateway_resource.level3 : r.parent_id == "level2"])
      && aws_api_gateway_resource.level2["/suppressions/{user_id}"].path_part == "{user_id}"
      && aws_api_gateway_resource.level3["/events/{event_id}/status"].path_part == "status"
    )
    error_message = "Each resource must hang under its parent path with its last segment as path part."
  }

  assert {
    condition = (
      aws_api_gateway_method.route["DELETE /suppressions/{user_id}"].request_parameters == tomap({ "method.request.path.user_id" = true })
      && aws_api_gateway_method.route["DELETE /suppressions/{user_id}"].resource_id == "level2"
    )
    error_message = "A route with a path parameter must declare it and sit on its resource."
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
