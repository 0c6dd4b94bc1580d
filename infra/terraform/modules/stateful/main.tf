# The partition (aws, aws-cn, aws-us-gov) comes from the provider: no ARN or
# service name here is hard-coded to the commercial partition. No API call.
data "aws_partition" "current" {}

locals {
  partition   = data.aws_partition.current.partition
  name_prefix = "${var.project}-${var.stage}"
  tags        = merge({ Project = var.project, Stage = var.stage }, var.tags)

  # One engine or the other: an RDS PostgreSQL instance (rds.tf, and its read
  # replica) or an Aurora PostgreSQL cluster (aurora.tf). Same driver, same SQL,
  # same guarantees.
  aurora = var.engine == "aurora-postgresql"

  db_identifier             = "${local.name_prefix}-db"
  db_port                   = 5432
  final_snapshot_identifier = coalesce(var.final_snapshot_identifier, "${local.db_identifier}-final")

  # Every connection TLS (rejected otherwise, whatever the client asks), the
  # slow-query log (ms) to CloudWatch Logs, and never a bind parameter in a
  # log: they are event payloads (user ids, amounts, metadata). 0 logs none,
  # neither with a slow statement nor with a failed one.
  db_parameters = {
    "rds.force_ssl"                   = { value = "1", apply_method = "pending-reboot" }
    log_min_duration_statement        = { value = "500", apply_method = "immediate" }
    log_parameter_max_length          = { value = "0", apply_method = "immediate" }
    log_parameter_max_length_on_error = { value = "0", apply_method = "immediate" }
  }
}

locals {
  # The writer, whatever the engine.
  writer = local.aurora ? {
    address    = aws_rds_cluster.this[0].endpoint
    endpoint   = "${aws_rds_cluster.this[0].endpoint}:${local.db_port}"
    identifier = aws_rds_cluster.this[0].cluster_identifier
    name       = aws_rds_cluster.this[0].database_name
    # The secret RDS creates for manage_master_user_password.
    master_secret_arn = aws_rds_cluster.this[0].master_user_secret[0].secret_arn
    } : {
    address           = aws_db_instance.this[0].address
    endpoint          = aws_db_instance.this[0].endpoint
    identifier        = aws_db_instance.this[0].identifier
    name              = aws_db_instance.this[0].db_name
    master_secret_arn = aws_db_instance.this[0].master_user_secret[0].secret_arn
  }
  master_secret_arn = local.writer.master_secret_arn

  # Where the Lambdas connect: the proxy when there is one.
  db_host = var.enable_rds_proxy ? aws_db_proxy.this[0].endpoint : local.writer.address

  # Where reads go when read_replica is on: the replica, or the cluster's
  # reader endpoint (which spreads over the readers).
  reader_host = !var.read_replica ? null : local.aurora ? aws_rds_cluster.this[0].reader_endpoint : aws_db_instance.replica[0].address

  # One secret per role that connects.
  secret_arns = {
    master  = local.master_secret_arn
    query   = aws_secretsmanager_secret.query_role.arn
    writer  = aws_secretsmanager_secret.writer_role.arn
    relay   = aws_secretsmanager_secret.relay_role.arn
    control = aws_secretsmanager_secret.control_role.arn
  }
}
