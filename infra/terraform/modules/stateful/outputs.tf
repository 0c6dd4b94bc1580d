output "db_instance_identifier" {
  description = "RDS instance identifier."
  value       = aws_db_instance.this.identifier
}

output "db_instance_endpoint" {
  description = "Instance endpoint as host:port (always the instance, even when RDS Proxy is on)."
  value       = aws_db_instance.this.endpoint
}

output "db_instance_address" {
  description = "Instance hostname."
  value       = aws_db_instance.this.address
}

output "db_host" {
  description = "Hostname the Lambdas connect to: the RDS Proxy endpoint when enabled, else the instance."
  value       = local.db_host
}

output "db_port" {
  description = "PostgreSQL port."
  value       = local.db_port
}

output "db_name" {
  description = "Application database name."
  value       = aws_db_instance.this.db_name
}

output "db_uses_proxy" {
  description = "Whether connections go through RDS Proxy (then clients must not use prepared statements)."
  value       = var.enable_rds_proxy
}

output "db_proxy_endpoint" {
  description = "RDS Proxy endpoint, or null when the proxy is disabled."
  value       = one(aws_db_proxy.this[*].endpoint)
}

output "db_master_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret holding the master credentials ({\"username\",\"password\"})."
  value       = local.master_secret_arn
}

output "db_query_secret_arn" {
  description = "ARN of the (initially empty) secret for the read-only role fluxa_query; the migrate Lambda fills it."
  value       = aws_secretsmanager_secret.query_role.arn
}

output "db_writer_secret_arn" {
  description = "ARN of the (initially empty) secret for the least-privilege writer role fluxa_processor; the migrate Lambda fills it."
  value       = aws_secretsmanager_secret.writer_role.arn
}

output "db_alarm_names" {
  description = "Names of the database alarms (empty unless enable_alarms)."
  value       = [for a in aws_cloudwatch_metric_alarm.db : a.alarm_name]
}

output "network_dependency_ids" {
  description = "Ids of the VPC endpoints and security group rules the in-VPC functions need to reach AWS APIs and the database: the stateless module's migrate invocation waits for them."
  value = concat(
    [for e in aws_vpc_endpoint.interface : e.id],
    aws_vpc_endpoint.s3[*].id,
    [aws_vpc_security_group_ingress_rule.db_from_lambda.id, aws_vpc_security_group_egress_rule.lambda_to_db.id],
    aws_vpc_security_group_egress_rule.lambda_to_endpoints[*].id,
    aws_vpc_security_group_egress_rule.lambda_to_s3[*].id,
    aws_vpc_security_group_egress_rule.lambda_to_internet[*].id,
    aws_vpc_security_group_ingress_rule.endpoints_from_lambda[*].id,
    aws_vpc_security_group_ingress_rule.proxy_from_lambda[*].id,
    aws_vpc_security_group_egress_rule.proxy_to_db[*].id,
    aws_vpc_security_group_ingress_rule.db_from_proxy[*].id,
    aws_vpc_security_group_egress_rule.lambda_to_proxy[*].id,
    aws_db_proxy_target.this[*].id,
  )
}

output "db_instance_settings" {
  description = "Durability and exposure settings of the instance, for review and for the env tests."
  value = {
    storage_encrypted           = aws_db_instance.this.storage_encrypted
    publicly_accessible         = aws_db_instance.this.publicly_accessible
    manage_master_user_password = aws_db_instance.this.manage_master_user_password
    multi_az                    = aws_db_instance.this.multi_az
    deletion_protection         = aws_db_instance.this.deletion_protection
    skip_final_snapshot         = aws_db_instance.this.skip_final_snapshot
    final_snapshot_identifier   = aws_db_instance.this.final_snapshot_identifier
    backup_retention_period     = aws_db_instance.this.backup_retention_period
    engine_version              = aws_db_instance.this.engine_version
    force_ssl                   = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"])
    ca_cert_identifier          = aws_db_instance.this.ca_cert_identifier
    monitoring_interval         = aws_db_instance.this.monitoring_interval
  }
}

output "lambda_security_group_id" {
  description = "Security group to attach to the in-VPC Lambdas (allowed into the database/proxy)."
  value       = aws_security_group.lambda.id
}

output "db_security_group_id" {
  description = "Security group of the database instance."
  value       = aws_security_group.db.id
}

output "private_subnet_ids" {
  description = "Subnets for the in-VPC Lambdas (passed through)."
  value       = var.private_subnet_ids
}

output "vpc_endpoint_ids" {
  description = "Interface and gateway VPC endpoint ids by service (empty when create_vpc_endpoints is false)."
  value = merge(
    { for service, endpoint in aws_vpc_endpoint.interface : service => endpoint.id },
    { for endpoint in aws_vpc_endpoint.s3 : "s3" => endpoint.id },
  )
}
