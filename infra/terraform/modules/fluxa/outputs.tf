output "api_endpoint" {
  description = "Base URL of the API (append /events, /health, ...)."
  value       = module.stateless.api_gateway_stage_invoke_url
}

output "api_key_id" {
  description = "Id of the default client's newest API key (null without a client named default)."
  value       = module.stateless.api_gateway_api_key_id
}

output "api_client_key_ids" {
  description = "API key id of every client key, by \"<client>/<key name>\"."
  value       = module.stateless.api_gateway_api_key_ids
}

output "api_limits" {
  description = "The stage-wide and anonymous-route throttles and WAF's per-address limit per 5 minutes (null without WAF), as deployed."
  value       = module.stateless.api_limits
}

output "sqs_queue_url" {
  description = "Main events queue."
  value       = module.stateless.sqs_queue_url
}

output "dlq_url" {
  description = "Dead-letter queue."
  value       = module.stateless.sqs_dlq_url
}

output "sns_topic_arn" {
  description = "Topic notified once per stored event."
  value       = module.stateless.sns_topic_arn
}

output "alarm_topic_arn" {
  description = "Topic every alarm notifies."
  value       = module.stateless.sns_alarm_topic_arn
}

output "db_endpoint" {
  description = "PostgreSQL instance endpoint (host:port); private."
  value       = module.stateful.database.endpoint
}

output "db_master_secret_arn" {
  description = "RDS-managed master credentials secret."
  value       = module.stateful.database.secret_arns.master
}

output "lambda_function_names" {
  description = "Function names by role."
  value       = module.stateless.lambda_function_names
}

output "payload_bucket_name" {
  description = "Bucket holding payloads too large for SQS."
  value       = module.stateless.s3_bucket_name
}

output "api_key_grants_bucket" {
  description = "Bucket of the API key grants object (api-key-grants.json), which the authorizer reads."
  value       = module.stateless.s3_api_key_grants_bucket_name
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the stack."
  value       = module.stateless.cloudwatch_dashboard_name
}

output "relay_function_name" {
  description = "The relay function: `aws lambda invoke --function-name <name>:live` runs it on demand."
  value       = module.stateless.lambda_function_names["relay"]
}
