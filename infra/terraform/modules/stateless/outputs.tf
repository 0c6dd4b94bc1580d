# What an environment hands its users and scripts; tests read the resources
# themselves.

output "api_gateway_stage_invoke_url" {
  description = "Base URL of the API, e.g. https://<id>.execute-api.<region>.amazonaws.com/v1 (routes are appended: /events, /health, ...)."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "api_gateway_api_key_id" {
  description = "Id of the default client's newest API key (the last of its keys), or null without a client named default; its value: aws apigateway get-api-key --api-key <id> --include-value."
  value       = local.default_client_key_id
}

output "api_gateway_api_key_ids" {
  description = "API key id of every client key, by \"<client>/<key name>\"; a value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text."
  value       = local.api_client_key_ids
}

output "api_limits" {
  description = "The API's limits as deployed: the stage-wide and anonymous-route throttles (requests/s, burst) and WAF's per-address limits per 5 minutes, on every route and on the anonymous ones (null without WAF). Each client's own limits are its usage plan (api_clients)."
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
    waf_rate_limit_per_5_minutes           = var.enable_waf ? local.waf_rate_limit : null
    waf_anonymous_rate_limit_per_5_minutes = var.enable_waf ? var.waf_anonymous_rate_limit : null
  }
}

output "lambda_function_names" {
  description = "Function names by role (authorizer, ingest, processor, query, control, relay, migrate)."
  value       = { for name, fn in local.all_functions : name => fn.function_name }
}

output "sqs_queue_url" {
  description = "Main events queue URL."
  value       = local.queue.url
}

output "sqs_dlq_url" {
  description = "Dead-letter queue URL."
  value       = local.dlq.url
}

output "sns_topic_arn" {
  description = "Topic receiving one message per newly stored event."
  value       = aws_sns_topic.events.arn
}

output "sns_alarm_topic_arn" {
  description = "Topic every alarm notifies (subscribers: alarm_subscriptions); the stateful module's database alarms use it too."
  value       = aws_sns_topic.alarms.arn
}

output "s3_bucket_name" {
  description = "Payload bucket name."
  value       = local.payload_bucket.id
}

output "s3_api_key_grants_bucket_name" {
  description = "Bucket of the API key grants object (api-key-grants.json): where a key's grant is removed at once (docs/RUNBOOK.md, Revoking a key at once), and its version history the record of grant changes."
  value       = aws_s3_bucket.api_keys.id
}

output "cloudwatch_dashboard_name" {
  description = "CloudWatch dashboard with API, Lambda, SQS and Fluxa EMF widgets."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
