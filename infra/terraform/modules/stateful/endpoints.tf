# In-VPC Lambdas have no internet route. Instead of a NAT gateway (~32 USD/month
# plus 0.045 USD/GB) they reach AWS APIs through private endpoints:
# interface endpoints (~7.3 USD/month per AZ each) with private DNS, so the SDK's
# default hostnames resolve to private IPs, and a free S3 gateway endpoint.
# CloudWatch Logs needs none: Lambda ships stdout itself.

resource "aws_security_group" "endpoints" {
  count = var.create_vpc_endpoints ? 1 : 0

  name_prefix = "${local.name_prefix}-endpoints-"
  description = "Fluxa interface VPC endpoints: HTTPS from the Fluxa Lambdas only"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.name_prefix}-endpoints" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_lambda" {
  count = var.create_vpc_endpoints ? 1 : 0

  security_group_id            = aws_security_group.endpoints[0].id
  description                  = "HTTPS from the Fluxa Lambdas"
  referenced_security_group_id = aws_security_group.lambda.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  tags                         = local.tags
}

resource "aws_vpc_endpoint" "interface" {
  for_each = var.create_vpc_endpoints ? toset(var.vpc_interface_endpoint_services) : toset([])

  vpc_id              = var.vpc_id
  service_name        = "${data.aws_partition.current.reverse_dns_prefix}.${var.aws_region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = coalesce(var.vpc_endpoint_subnet_ids, var.private_subnet_ids)
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = true
  tags                = merge(local.tags, { Name = "${local.name_prefix}-${each.key}" })
}

resource "aws_vpc_endpoint" "s3" {
  count = var.create_vpc_endpoints ? 1 : 0

  vpc_id            = var.vpc_id
  service_name      = "${data.aws_partition.current.reverse_dns_prefix}.${var.aws_region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.private_route_table_ids
  tags              = merge(local.tags, { Name = "${local.name_prefix}-s3" })
}
