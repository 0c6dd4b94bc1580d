output "api_endpoint" {
  description = "Base URL of the API (append /events, /health, ...)."
  value       = module.stateless.api_gateway_stage_invoke_url
}

output "api_key_id" {
  description = "Id of the default client's newest API key (null without a client named default); the scripts read it. Value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text."
  value       = module.stateless.api_gateway_api_key_id
}

output "api_client_key_ids" {
  description = "API key id of every client key, by \"<client>/<key name>\". Value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text."
  value       = module.stateless.api_gateway_api_key_ids
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
  description = "Topic notified once per stored event; subscribe consumers here."
  value       = module.stateless.sns_topic_arn
}

output "db_endpoint" {
  description = "PostgreSQL instance endpoint (host:port); private, reachable only from inside the VPC."
  value       = module.stateful.db_instance_endpoint
}

output "migrate_function_name" {
  description = "Function scripts/deploy.sh invokes after every apply."
  value       = module.stateless.lambda_function_names["migrate"]
}

output "aws_region" {
  description = "Region of this environment (used by the scripts)."
  value       = var.region
}

output "payload_bucket_name" {
  description = "Bucket holding payloads too large for SQS."
  value       = module.stateless.s3_bucket_name
}

output "dashboard_name" {
  description = "CloudWatch dashboard of this environment."
  value       = module.stateless.cloudwatch_dashboard_name
}

output "lambda_function_names" {
  description = "Function names by role."
  value       = module.stateless.lambda_function_names
}

output "db_master_secret_arn" {
  description = "RDS-managed master credentials secret (for break-glass access from inside the VPC)."
  value       = module.stateful.db_master_secret_arn
}

output "alarm_topic_arn" {
  description = "Topic every alarm notifies; alarm_subscriptions are subscribed to it."
  value       = module.stateless.sns_alarm_topic_arn
}

output "api_limits" {
  description = "The stage-wide and anonymous-route throttles and WAF's per-address limit per 5 minutes (null without WAF), as deployed."
  value       = module.stateless.api_limits
}
