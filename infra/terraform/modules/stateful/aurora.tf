# engine = "aurora-postgresql": an Aurora PostgreSQL cluster instead of an RDS
# instance, with the same guarantees: encrypted, private, RDS-managed master
# password, TLS forced and no bind parameter in the logs (cluster parameter
# group), backups, deletion protection and a final snapshot, Performance
# Insights, Enhanced Monitoring, the same CA. Multi-AZ, or a reader for the
# query function, is a second instance (read_replica then also sends reads to
# the cluster's reader endpoint). Storage grows on its own, so there is no
# allocated size or autoscaling ceiling, nor a free-storage alarm.

resource "aws_rds_cluster_parameter_group" "this" {
  count = local.aurora ? 1 : 0

  name_prefix = "${local.name_prefix}-aurora-pg${var.engine_major_version}-"
  family      = "aurora-postgresql${var.engine_major_version}"
  description = "Fluxa ${var.stage} Aurora PostgreSQL ${var.engine_major_version}: TLS required"
  tags        = local.tags

  dynamic "parameter" {
    for_each = local.db_parameters

    content {
      name         = parameter.key
      value        = parameter.value.value
      apply_method = parameter.value.apply_method
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_rds_cluster" "this" {
  count = local.aurora ? 1 : 0

  cluster_identifier = local.db_identifier
  engine             = "aurora-postgresql"
  # Major only: RDS picks the current default minor and keeps it patched.
  engine_version                  = var.engine_major_version
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this[0].name

  database_name   = var.db_name
  master_username = var.master_username
  port            = local.db_port
  # RDS generates the password and keeps it in a Secrets Manager secret;
  # Terraform never sees it, so neither does state.
  manage_master_user_password = true
  storage_encrypted           = true
  # null keeps whatever the cluster has: the provider cannot set Standard back.
  storage_type = var.aurora_io_optimized ? "aurora-iopt1" : null

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]

  backup_retention_period      = var.backup_retention_days
  preferred_backup_window      = "03:00-03:30"
  preferred_maintenance_window = "sun:04:00-sun:04:30"
  copy_tags_to_snapshot        = true
  deletion_protection          = var.deletion_protection
  skip_final_snapshot          = var.skip_final_snapshot
  final_snapshot_identifier    = var.skip_final_snapshot ? null : local.final_snapshot_identifier

  enabled_cloudwatch_logs_exports = local.db_log_exports
  apply_immediately               = var.apply_immediately
  tags                            = merge(local.tags, { Name = local.db_identifier })

  depends_on = [aws_cloudwatch_log_group.db]

  lifecycle {
    # RDS fills in the AZs it placed the storage in.
    ignore_changes = [availability_zones]
  }
}

# The writer, and a second instance for Multi-AZ or reads: promotion_tier 1,
# so it is the one that takes over.
resource "aws_rds_cluster_instance" "this" {
  count = local.aurora ? (var.multi_az || var.read_replica ? 2 : 1) : 0

  identifier         = "${local.db_identifier}-${count.index}"
  cluster_identifier = aws_rds_cluster.this[0].id
  engine             = aws_rds_cluster.this[0].engine
  engine_version     = aws_rds_cluster.this[0].engine_version
  instance_class     = var.instance_class
  promotion_tier     = count.index

  db_subnet_group_name       = aws_db_subnet_group.this.name
  publicly_accessible        = false
  auto_minor_version_upgrade = true
  ca_cert_identifier         = var.ca_cert_identifier

  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = var.monitoring_interval > 0 ? aws_iam_role.monitoring[0].arn : null
  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_retention_period = var.performance_insights_enabled ? 7 : null

  apply_immediately = var.apply_immediately
  tags              = merge(local.tags, { Name = "${local.db_identifier}-${count.index}" })
}
