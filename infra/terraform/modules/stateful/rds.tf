resource "aws_db_subnet_group" "this" {
  name_prefix = "${local.name_prefix}-"
  description = "Fluxa ${var.stage} PostgreSQL: private subnets only"
  subnet_ids  = var.private_subnet_ids
  tags        = local.tags
}

resource "aws_db_parameter_group" "this" {
  count = local.aurora ? 0 : 1

  name_prefix = "${local.name_prefix}-pg${var.engine_major_version}-"
  family      = "postgres${var.engine_major_version}"
  description = "Fluxa ${var.stage} PostgreSQL ${var.engine_major_version}: TLS required"
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

# RDS would create these on first export with no retention; own them instead.
resource "aws_cloudwatch_log_group" "db" {
  for_each = toset(local.db_log_exports)

  name              = "/aws/rds/${local.aurora ? "cluster" : "instance"}/${local.db_identifier}/${each.key}"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

locals {
  db_log_exports = local.aurora ? ["postgresql"] : ["postgresql", "upgrade"]
}

resource "aws_db_instance" "this" {
  count = local.aurora ? 0 : 1

  identifier = local.db_identifier

  engine = "postgres"
  # Major only: RDS picks the current default minor and keeps it patched.
  engine_version             = var.engine_major_version
  auto_minor_version_upgrade = true
  instance_class             = var.instance_class
  parameter_group_name       = aws_db_parameter_group.this[0].name

  allocated_storage     = var.allocated_storage_gb
  max_allocated_storage = var.max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name  = var.db_name
  username = var.master_username
  port     = local.db_port
  # RDS generates the password and keeps it in a Secrets Manager secret
  # ({"username","password"}); Terraform never sees it, so neither does state.
  manage_master_user_password = true

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  multi_az               = var.multi_az

  backup_retention_period   = var.backup_retention_days
  backup_window             = "03:00-03:30"
  maintenance_window        = "sun:04:00-sun:04:30"
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : local.final_snapshot_identifier

  # The server certificate's CA; clients verify chain and hostname against it.
  ca_cert_identifier = var.ca_cert_identifier

  monitoring_interval = var.monitoring_interval
  monitoring_role_arn = var.monitoring_interval > 0 ? aws_iam_role.monitoring[0].arn : null

  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_retention_period = var.performance_insights_enabled ? 7 : null
  enabled_cloudwatch_logs_exports       = local.db_log_exports

  apply_immediately = var.apply_immediately
  tags              = merge(local.tags, { Name = local.db_identifier })

  depends_on = [aws_cloudwatch_log_group.db]
}

moved {
  from = aws_db_instance.this
  to   = aws_db_instance.this[0]
}

moved {
  from = aws_db_parameter_group.this
  to   = aws_db_parameter_group.this[0]
}

# Optional read replica (read_replica): the query function reads from it, so
# reads take nothing from the writer. It lags the writer by up to a few
# seconds (asynchronous replication): a 202 already means "stored soon", not
# "readable now", so a read after a write was never guaranteed to see it. It
# inherits the writer's encryption, users and data; it takes no backups of its
# own and no final snapshot (RDS does not take one of a replica).
resource "aws_db_instance" "replica" {
  count = !local.aurora && var.read_replica ? 1 : 0

  identifier          = "${local.db_identifier}-replica"
  replicate_source_db = aws_db_instance.this[0].identifier

  instance_class             = var.instance_class
  parameter_group_name       = aws_db_parameter_group.this[0].name
  auto_minor_version_upgrade = true
  max_allocated_storage      = var.max_allocated_storage_gb
  storage_type               = "gp3"
  storage_encrypted          = true

  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  multi_az               = false

  backup_retention_period = 0
  deletion_protection     = var.deletion_protection
  skip_final_snapshot     = true
  copy_tags_to_snapshot   = true
  ca_cert_identifier      = var.ca_cert_identifier

  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = var.monitoring_interval > 0 ? aws_iam_role.monitoring[0].arn : null
  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_retention_period = var.performance_insights_enabled ? 7 : null

  apply_immediately = var.apply_immediately
  tags              = merge(local.tags, { Name = "${local.db_identifier}-replica" })
}

# Enhanced Monitoring: RDS publishes OS metrics with this role.
data "aws_iam_policy_document" "monitoring_assume" {
  statement {
    sid     = "RdsMonitoringAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  count = var.monitoring_interval > 0 ? 1 : 0

  name_prefix        = "${local.name_prefix}-rds-monitoring-"
  description        = "Fluxa ${var.stage} RDS Enhanced Monitoring: publish OS metrics to CloudWatch Logs"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  count = var.monitoring_interval > 0 ? 1 : 0

  role       = aws_iam_role.monitoring[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}
