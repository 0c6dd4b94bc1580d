output "database" {
  description = "Everything a function needs to reach the database, as one object (the stateless module's `database` input): engine; host (where writers connect: the RDS Proxy endpoint when enabled, else the writer); reader_host (the read replica, or the Aurora reader endpoint, with read_replica; else null); port; name; uses_proxy (clients must then not use prepared statements); endpoint and identifier of the writer itself (operations, alarms, restores); the ARN of each role's secret (master: RDS-managed, read by migrate only; the login roles': created empty, filled by migrate)."
  value = {
    engine      = var.engine
    host        = local.db_host
    reader_host = local.reader_host
    port        = local.db_port
    name        = local.writer.name
    uses_proxy  = var.enable_rds_proxy
    endpoint    = local.writer.endpoint
    identifier  = local.writer.identifier
    secret_arns = local.secret_arns
  }
}

output "lambda_security_group_id" {
  description = "Security group to attach to the in-VPC Lambdas (allowed into the database or its proxy, and to the VPC endpoints)."
  value       = aws_security_group.lambda.id
}

output "private_subnet_ids" {
  description = "Subnets for the in-VPC Lambdas (passed through)."
  value       = var.private_subnet_ids
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
    aws_vpc_security_group_egress_rule.proxy_to_endpoints[*].id,
    aws_vpc_security_group_ingress_rule.endpoints_from_proxy[*].id,
    aws_vpc_security_group_egress_rule.proxy_to_internet[*].id,
    aws_db_proxy_target.this[*].id,
  )
}
