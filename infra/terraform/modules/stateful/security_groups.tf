# Traffic inside the VPC, all of it explicit:
#   lambda ──5432──▶ db            (or lambda ──5432──▶ proxy ──5432──▶ db)
#   lambda ──443───▶ interface endpoints / S3 gateway prefix list (default)
#   lambda ──443───▶ 0.0.0.0/0     (only when create_vpc_endpoints = false: via NAT)
# aws_security_group strips the default allow-all egress, so a group without
# egress rules below can send nothing.

resource "aws_security_group" "lambda" {
  name_prefix = "${local.name_prefix}-lambda-"
  description = "Fluxa in-VPC Lambdas (processor, query, migrate): egress to PostgreSQL and AWS APIs only"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.name_prefix}-lambda" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "db" {
  name_prefix = "${local.name_prefix}-db-"
  description = "Fluxa PostgreSQL: 5432 from the Fluxa Lambdas (and RDS Proxy) only"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.name_prefix}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "db_from_lambda" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the Fluxa Lambdas"
  referenced_security_group_id = aws_security_group.lambda.id
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "lambda_to_db" {
  security_group_id            = aws_security_group.lambda.id
  description                  = "PostgreSQL to the Fluxa database"
  referenced_security_group_id = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "lambda_to_endpoints" {
  count = var.create_vpc_endpoints ? 1 : 0

  security_group_id            = aws_security_group.lambda.id
  description                  = "HTTPS to the interface VPC endpoints (SQS, SNS, Secrets Manager, ...)"
  referenced_security_group_id = aws_security_group.endpoints[0].id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "lambda_to_s3" {
  count = var.create_vpc_endpoints ? 1 : 0

  security_group_id = aws_security_group.lambda.id
  description       = "HTTPS to S3 through the gateway endpoint (S3 managed prefix list)"
  prefix_list_id    = aws_vpc_endpoint.s3[0].prefix_list_id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "lambda_to_internet" {
  count = var.create_vpc_endpoints ? 0 : 1

  security_group_id = aws_security_group.lambda.id
  description       = "HTTPS to AWS public endpoints through the VPC's NAT gateway"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  tags              = local.tags
}
