# Optional RDS Proxy. Multiplexes many Lambda connections onto few database
# connections; transaction pooling pins sessions that use prepared statements,
# hence DB_PREPARE=false in the Lambdas when this is on.

resource "aws_security_group" "proxy" {
  count = var.enable_rds_proxy ? 1 : 0

  name_prefix = "${local.name_prefix}-proxy-"
  description = "Fluxa RDS Proxy: 5432 from the Fluxa Lambdas, 5432 to the database"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.name_prefix}-proxy" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_lambda" {
  count = var.enable_rds_proxy ? 1 : 0

  security_group_id            = aws_security_group.proxy[0].id
  description                  = "PostgreSQL from the Fluxa Lambdas"
  referenced_security_group_id = aws_security_group.lambda.id
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_db" {
  count = var.enable_rds_proxy ? 1 : 0

  security_group_id            = aws_security_group.proxy[0].id
  description                  = "PostgreSQL to the Fluxa database"
  referenced_security_group_id = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  tags                         = local.tags
}

# The proxy reads its credentials from Secrets Manager, over HTTPS: through
# the interface endpoint (which must let it in), or through the NAT.
resource "aws_vpc_security_group_egress_rule" "proxy_to_endpoints" {
  count = var.enable_rds_proxy && var.create_vpc_endpoints ? 1 : 0

  security_group_id            = aws_security_group.proxy[0].id
  description                  = "HTTPS to the interface VPC endpoints (Secrets Manager)"
  referenced_security_group_id = aws_security_group.endpoints[0].id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  tags                         = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_proxy" {
  count = var.enable_rds_proxy && var.create_vpc_endpoints ? 1 : 0

  security_group_id            = aws_security_group.endpoints[0].id
  description                  = "HTTPS from the Fluxa RDS Proxy (Secrets Manager)"
  referenced_security_group_id = aws_security_group.proxy[0].id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_internet" {
  count = var.enable_rds_proxy && !var.create_vpc_endpoints ? 1 : 0

  security_group_id = aws_security_group.proxy[0].id
  description       = "HTTPS to Secrets Manager through the VPC's NAT gateway"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  tags              = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "db_from_proxy" {
  count = var.enable_rds_proxy ? 1 : 0

  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the Fluxa RDS Proxy"
  referenced_security_group_id = aws_security_group.proxy[0].id
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "lambda_to_proxy" {
  count = var.enable_rds_proxy ? 1 : 0

  security_group_id            = aws_security_group.lambda.id
  description                  = "PostgreSQL to the Fluxa RDS Proxy"
  referenced_security_group_id = aws_security_group.proxy[0].id
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  tags                         = local.tags
}

data "aws_iam_policy_document" "proxy_assume" {
  count = var.enable_rds_proxy ? 1 : 0

  statement {
    sid     = "RdsAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["rds.amazonaws.com"]
    }
  }
}

# The proxy authenticates clients against these secrets, so it reads them
# all: the RDS-managed master secret (migrate) and each login role's.
data "aws_iam_policy_document" "proxy" {
  count = var.enable_rds_proxy ? 1 : 0

  statement {
    sid       = "ReadDatabaseCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = values(local.secret_arns)
  }
}

resource "aws_iam_role" "proxy" {
  count = var.enable_rds_proxy ? 1 : 0

  name_prefix        = "${local.name_prefix}-rds-proxy-"
  description        = "Fluxa ${var.stage} RDS Proxy: reads the database credentials secrets"
  assume_role_policy = data.aws_iam_policy_document.proxy_assume[0].json
  tags               = local.tags
}

resource "aws_iam_role_policy" "proxy" {
  count = var.enable_rds_proxy ? 1 : 0

  name   = "read-db-secrets"
  role   = aws_iam_role.proxy[0].id
  policy = data.aws_iam_policy_document.proxy[0].json
}

locals {
  # Who connects with each secret.
  proxy_auth = {
    master  = "Master (owner) user: migrate only"
    query   = "Read-only role fluxa_query: query"
    writer  = "Writer role fluxa_processor: processor"
    relay   = "Role fluxa_relay: relay"
    control = "Role fluxa_control: control"
  }
}

resource "aws_db_proxy" "this" {
  count = var.enable_rds_proxy ? 1 : 0

  name                   = "${local.name_prefix}-proxy"
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.proxy[0].arn
  vpc_subnet_ids         = var.private_subnet_ids
  vpc_security_group_ids = [aws_security_group.proxy[0].id]
  require_tls            = true
  idle_client_timeout    = 1800
  debug_logging          = false
  tags                   = local.tags

  dynamic "auth" {
    for_each = local.proxy_auth

    content {
      description = auth.value
      auth_scheme = "SECRETS"
      iam_auth    = "DISABLED"
      secret_arn  = local.secret_arns[auth.key]
    }
  }

  depends_on = [aws_iam_role_policy.proxy]
}

resource "aws_db_proxy_default_target_group" "this" {
  count = var.enable_rds_proxy ? 1 : 0

  db_proxy_name = aws_db_proxy.this[0].name

  connection_pool_config {
    # Leave headroom for migrate and operator sessions that bypass the proxy.
    max_connections_percent      = 90
    max_idle_connections_percent = 50
    connection_borrow_timeout    = 30
  }
}

resource "aws_db_proxy_target" "this" {
  count = var.enable_rds_proxy ? 1 : 0

  db_proxy_name          = aws_db_proxy.this[0].name
  target_group_name      = aws_db_proxy_default_target_group.this[0].name
  db_instance_identifier = local.aurora ? null : local.writer.identifier
  db_cluster_identifier  = local.aurora ? local.writer.identifier : null
}
