# The partition (aws, aws-cn, aws-us-gov) comes from the provider: no ARN or
# service name here is hard-coded to the commercial partition. No API call.
data "aws_partition" "current" {}

locals {
  partition   = data.aws_partition.current.partition
  name_prefix = "${var.project}-${var.stage}"
  tags        = merge({ Project = var.project, Stage = var.stage }, var.tags)

  db_identifier             = "${local.name_prefix}-db"
  db_port                   = 5432
  final_snapshot_identifier = coalesce(var.final_snapshot_identifier, "${local.db_identifier}-final")
  db_log_exports            = ["postgresql", "upgrade"]
}

locals {
  # The secret RDS creates for manage_master_user_password.
  master_secret_arn = aws_db_instance.this.master_user_secret[0].secret_arn

  # Where the Lambdas connect: the proxy when there is one.
  db_host = var.enable_rds_proxy ? aws_db_proxy.this[0].endpoint : aws_db_instance.this.address

  # One secret per role that connects.
  secret_arns = {
    master  = local.master_secret_arn
    query   = aws_secretsmanager_secret.query_role.arn
    writer  = aws_secretsmanager_secret.writer_role.arn
    relay   = aws_secretsmanager_secret.relay_role.arn
    control = aws_secretsmanager_secret.control_role.arn
  }
}
