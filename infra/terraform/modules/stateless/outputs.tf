output "api_gateway_stage_invoke_url" {
  description = "Base URL of the API, e.g. https://<id>.execute-api.<region>.amazonaws.com/v1 (routes are appended: /events, /health, ...)."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "api_gateway_rest_api_id" {
  description = "REST API id."
  value       = aws_api_gateway_rest_api.this.id
}

output "api_gateway_stage_name" {
  description = "Deployed stage name."
  value       = aws_api_gateway_stage.this.stage_name
}

output "api_gateway_api_key_id" {
  description = "Id of the default client's newest API key (the last of its keys), or null without a client named default; its value: aws apigateway get-api-key --api-key <id> --include-value."
  value       = local.default_client_key_id
}

output "api_gateway_api_key_ids" {
  description = "API key id of every client key, by \"<client>/<key name>\"; a value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text."
  value       = local.api_client_key_ids
}

output "api_gateway_routes" {
  description = "Every route with the function behind it, the scope a key needs (null: anonymous), its authorization (CUSTOM: the API key authorizer) and whether it needs x-api-key."
  value = {
    for key, route in local.api_route_details : key => {
      function         = route.function
      scope            = route.scope
      authorization    = aws_api_gateway_method.route[key].authorization
      api_key_required = aws_api_gateway_method.route[key].api_key_required
    }
  }
}

output "api_gateway_usage_plans" {
  description = "Per client: its tenant and scopes, the throttle and quota its usage plan enforces on each of its keys, and its key names."
  value = {
    for client, plan in aws_api_gateway_usage_plan.client : client => {
      tenant      = var.api_clients[client].tenant
      scopes      = var.api_clients[client].scopes
      rate_limit  = one(plan.throttle_settings[*].rate_limit)
      burst_limit = one(plan.throttle_settings[*].burst_limit)
      quota       = one([for q in plan.quota_settings : { limit = q.limit, period = q.period }])
      keys        = var.api_clients[client].keys
    }
  }
}

output "api_gateway_authorizer_result_ttl_seconds" {
  description = "How long API Gateway caches the authorizer's answer per key: the longest a revoked key keeps working after the apply that removes it."
  value       = aws_api_gateway_authorizer.api_key.authorizer_result_ttl_in_seconds
}

output "lambda_function_names" {
  description = "Function names by role (authorizer, ingest, processor, query, migrate)."
  value       = { for name, fn in local.all_functions : name => fn.function_name }
}

output "lambda_function_arns" {
  description = "Function ARNs by role."
  value       = { for name, fn in local.all_functions : name => fn.arn }
}

output "lambda_functions" {
  description = "Runtime settings of every function, for review and for the env tests."
  value = {
    for name, fn in local.all_functions : name => {
      runtime              = fn.runtime
      memory_size          = fn.memory_size
      timeout              = fn.timeout
      tracing_mode         = one(fn.tracing_config[*].mode)
      log_group            = aws_cloudwatch_log_group.lambda[name].name
      log_retention_days   = aws_cloudwatch_log_group.lambda[name].retention_in_days
      in_vpc               = local.functions[name].in_vpc
      reserved_concurrency = fn.reserved_concurrent_executions
      environment          = one(fn.environment[*].variables)
    }
  }
}

output "lambda_invocation_migrate_function_name" {
  description = "The function Terraform invokes to migrate the database before new code takes traffic."
  value       = aws_lambda_invocation.migrate.function_name
}

output "lambda_authorizer_environment_bytes" {
  description = "Size of the authorizer's environment as Lambda measures it (the JSON of every variable, API_KEY_GRANTS included), known before the keys exist; the plan fails above 4096."
  value       = local.authorizer_environment_bytes
}

output "lambda_db_connections_bounded" {
  description = "Most database connections the functions can hold at once: (processor_max_concurrency + query_concurrency_limit + 2 migrate) x db_pool_max; checked against db_connection_budget."
  value       = local.db_connections_bounded
}

output "lambda_role_actions" {
  description = "IAM actions each function's role is allowed, by function: the least-privilege surface at a glance."
  value = {
    for name, statements in local.lambda_statements : name => sort(distinct(flatten([for s in statements : s.actions])))
  }
}

output "sqs_queue_url" {
  description = "Main events queue URL."
  value       = aws_sqs_queue.main.url
}

output "sqs_queue_arn" {
  description = "Main events queue ARN."
  value       = aws_sqs_queue.main.arn
}

output "sqs_queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the main queue (6 x processor timeout + batching window)."
  value       = aws_sqs_queue.main.visibility_timeout_seconds
}

output "sqs_dlq_url" {
  description = "Dead-letter queue URL."
  value       = aws_sqs_queue.dlq.url
}

output "sqs_dlq_arn" {
  description = "Dead-letter queue ARN."
  value       = aws_sqs_queue.dlq.arn
}

output "lambda_event_source_mapping" {
  description = "How the processor consumes the queue."
  value = {
    uuid                               = aws_lambda_event_source_mapping.processor.uuid
    batch_size                         = aws_lambda_event_source_mapping.processor.batch_size
    maximum_batching_window_in_seconds = aws_lambda_event_source_mapping.processor.maximum_batching_window_in_seconds
    maximum_concurrency                = one(aws_lambda_event_source_mapping.processor.scaling_config[*].maximum_concurrency)
    function_response_types            = aws_lambda_event_source_mapping.processor.function_response_types
  }
}

output "sns_topic_arn" {
  description = "Topic receiving one message per newly stored event."
  value       = aws_sns_topic.events.arn
}

output "s3_bucket_name" {
  description = "Payload bucket name."
  value       = local.payload_bucket.id
}

output "s3_bucket_arn" {
  description = "Payload bucket ARN."
  value       = local.payload_bucket.arn
}

output "s3_bucket_prevent_destroy" {
  description = "Whether the payload bucket is the prevent_destroy variant."
  value       = length(aws_s3_bucket.payloads_protected) == 1
}

output "cloudwatch_dashboard_name" {
  description = "CloudWatch dashboard with API, Lambda, SQS and Fluxa EMF widgets."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "sns_alarm_topic_arn" {
  description = "Topic every alarm notifies (subscribers: alarm_subscriptions); the stateful module's database alarms use it too."
  value       = aws_sns_topic.alarms.arn
}

output "wafv2_web_acl_arn" {
  description = "WAF web ACL attached to the stage, or null when enable_waf is false."
  value       = one(aws_wafv2_web_acl.api[*].arn)
}

output "cloudwatch_alarm_names" {
  description = "Names of every alarm this module creates."
  value = concat(
    [aws_cloudwatch_metric_alarm.dlq_not_empty.alarm_name, aws_cloudwatch_metric_alarm.queue_oldest_message_age.alarm_name, aws_cloudwatch_metric_alarm.api_5xx.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.lambda_errors : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.lambda_throttles : a.alarm_name],
  )
}

output "api_limits" {
  description = "The API's limits as deployed: the stage-wide and anonymous-route throttles (requests/s, burst) and WAF's per-address limit per 5 minutes (null without WAF). Each client's own limits are in api_gateway_usage_plans."
  value = {
    stage = {
      rate_limit  = aws_api_gateway_method_settings.all.settings[0].throttling_rate_limit
      burst_limit = aws_api_gateway_method_settings.all.settings[0].throttling_burst_limit
    }
    anonymous = {
      for key, s in aws_api_gateway_method_settings.anonymous : key => {
        rate_limit  = s.settings[0].throttling_rate_limit
        burst_limit = s.settings[0].throttling_burst_limit
      }
    }
    waf_rate_limit_per_5_minutes = one([
      for r in flatten(aws_wafv2_web_acl.api[*].rule) : r.statement[0].rate_based_statement[0].limit
      if length(r.statement[0].rate_based_statement) > 0
    ])
  }
}
