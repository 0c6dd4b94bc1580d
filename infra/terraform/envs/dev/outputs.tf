output "api_endpoint" {
  description = "Base URL of the API (append /events, /health, ...)."
  value       = module.fluxa.api_endpoint
}

output "api_key_id" {
  description = "Id of the default client's newest API key (null without a client named default); the scripts read it. Value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text."
  value       = module.fluxa.api_key_id
}

output "api_client_key_ids" {
  description = "API key id of every client key, by \"<client>/<key name>\". Value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text."
  value       = module.fluxa.api_client_key_ids
}

output "api_limits" {
  description = "The stage-wide and anonymous-route throttles and WAF's per-address limit per 5 minutes (null without WAF), as deployed."
  value       = module.fluxa.api_limits
}

output "sqs_queue_url" {
  description = "Main events queue."
  value       = module.fluxa.sqs_queue_url
}

output "dlq_url" {
  description = "Dead-letter queue."
  value       = module.fluxa.dlq_url
}

output "sns_topic_arn" {
  description = "Topic notified once per stored event; subscribe consumers here."
  value       = module.fluxa.sns_topic_arn
}

output "db_endpoint" {
  description = "PostgreSQL instance endpoint (host:port); private, reachable only from inside the VPC."
  value       = module.fluxa.db_endpoint
}

output "migrate_function_name" {
  description = "The function that migrates the database (invoked by every apply; re-run it by hand with this name)."
  value       = module.fluxa.lambda_function_names["migrate"]
}

output "relay_function_name" {
  description = "The relay function, which publishes owed notifications every minute; run it now: aws lambda invoke --function-name <name>:live /dev/stdout."
  value       = module.fluxa.relay_function_name
}

output "aws_region" {
  description = "Region of this environment (used by the scripts)."
  value       = var.region
}

output "payload_bucket_name" {
  description = "Bucket holding payloads too large for SQS."
  value       = module.fluxa.payload_bucket_name
}

output "api_key_grants_bucket" {
  description = "Bucket of the API key grants object (api-key-grants.json), which the authorizer reads: see docs/RUNBOOK.md, Revoking a key at once."
  value       = module.fluxa.api_key_grants_bucket
}

output "dashboard_name" {
  description = "CloudWatch dashboard of this environment."
  value       = module.fluxa.dashboard_name
}

output "lambda_function_names" {
  description = "Function names by role."
  value       = module.fluxa.lambda_function_names
}

output "db_master_secret_arn" {
  description = "RDS-managed master credentials secret (for break-glass access from inside the VPC)."
  value       = module.fluxa.db_master_secret_arn
}

output "alarm_topic_arn" {
  description = "Topic every alarm notifies; alarm_subscriptions are subscribed to it."
  value       = module.fluxa.alarm_topic_arn
}
