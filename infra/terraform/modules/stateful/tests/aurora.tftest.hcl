# Plans the stateful module with engine = "aurora-postgresql" against a mocked
# provider and asserts aurora.tf: an Aurora cluster with the same guarantees
# as the RDS instance (encryption, privacy, managed password, TLS, logs
# without parameters, backups, protection, monitoring, alarms, proxy).

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json          = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
      minified_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  # The partition data source needs no API call; the mock stands in for the
  # commercial partition (tests that need another override it).
  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }
}

variables {
  engine                  = "aurora-postgresql"
  instance_class          = "db.r7g.large"
  stage                   = "test"
  aws_region              = "eu-west-1"
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0aaa1111", "subnet-0bbb2222"]
  private_route_table_ids = ["rtb-0aaa1111", "rtb-0bbb2222"]
}

override_resource {
  target          = aws_rds_cluster.this
  override_during = plan
  values = {
    endpoint        = "fluxa-test-db.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com"
    reader_endpoint = "fluxa-test-db.cluster-ro-abcdefghijkl.eu-west-1.rds.amazonaws.com"
    engine          = "aurora-postgresql"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-master-AbCdEf"
      secret_status = "active"
      kms_key_id    = "alias/aws/secretsmanager"
    }]
  }
}

override_resource {
  target          = aws_security_group.db
  override_during = plan
  values          = { id = "sg-0db" }
}

override_resource {
  target          = aws_security_group.lambda
  override_during = plan
  values          = { id = "sg-0lambda" }
}

override_resource {
  target          = aws_db_proxy.this
  override_during = plan
  values          = { endpoint = "fluxa-test-proxy.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com" }
}

override_resource {
  target          = aws_db_subnet_group.this
  override_during = plan
  values          = { name = "fluxa-test-20250101" }
}

override_resource {
  target          = aws_rds_cluster_parameter_group.this
  override_during = plan
  values          = { name = "fluxa-test-aurora-pg16-20250101" }
}

run "an_aurora_cluster_keeps_the_same_guarantees" {
  command = plan

  assert {
    condition     = length(aws_db_instance.this) == 0 && length(aws_db_parameter_group.this) == 0 && length(aws_rds_cluster.this) == 1
    error_message = "engine = aurora-postgresql makes a cluster instead of the RDS instance."
  }

  assert {
    condition = (
      aws_rds_cluster.this[0].engine == "aurora-postgresql"
      && aws_rds_cluster.this[0].engine_version == "16"
      && aws_rds_cluster.this[0].storage_encrypted
      && aws_rds_cluster.this[0].manage_master_user_password
      && aws_rds_cluster.this[0].master_password == null
      && aws_rds_cluster.this[0].vpc_security_group_ids == toset(["sg-0db"])
      && aws_rds_cluster.this[0].db_subnet_group_name == aws_db_subnet_group.this.name
    )
    error_message = "The cluster must be encrypted, behind the database's security group in the private subnets, with an RDS-managed master password and the major version pinned only."
  }

  assert {
    condition = (
      aws_rds_cluster_parameter_group.this[0].family == "aurora-postgresql16"
      && aws_rds_cluster.this[0].db_cluster_parameter_group_name == aws_rds_cluster_parameter_group.this[0].name
      && [for p in aws_rds_cluster_parameter_group.this[0].parameter : p.value if p.name == "rds.force_ssl"] == ["1"]
      && [for p in aws_rds_cluster_parameter_group.this[0].parameter : p.value if p.name == "log_parameter_max_length"] == ["0"]
      && [for p in aws_rds_cluster_parameter_group.this[0].parameter : p.value if p.name == "log_parameter_max_length_on_error"] == ["0"]
    )
    error_message = "The cluster's parameter group must force TLS and keep bind parameters out of the logs, as the instance's does."
  }

  assert {
    condition = (
      aws_rds_cluster.this[0].deletion_protection
      && !aws_rds_cluster.this[0].skip_final_snapshot
      && aws_rds_cluster.this[0].final_snapshot_identifier == "fluxa-test-db-final"
      && aws_rds_cluster.this[0].backup_retention_period >= 1
      && aws_rds_cluster.this[0].copy_tags_to_snapshot
    )
    error_message = "Safe defaults keep the data: deletion protection, a named final snapshot, backups."
  }

  assert {
    condition = (
      length(aws_rds_cluster_instance.this) == 1
      && !aws_rds_cluster_instance.this[0].publicly_accessible
      && aws_rds_cluster_instance.this[0].ca_cert_identifier == "rds-ca-rsa2048-g1"
      && aws_rds_cluster_instance.this[0].performance_insights_enabled
      && aws_rds_cluster_instance.this[0].instance_class == "db.r7g.large"
    )
    error_message = "One private writer instance by default, with the current CA and Performance Insights."
  }

  assert {
    condition = alltrue([
      for name in aws_rds_cluster.this[0].enabled_cloudwatch_logs_exports :
      aws_cloudwatch_log_group.db[name].name == "/aws/rds/cluster/fluxa-test-db/${name}" && aws_cloudwatch_log_group.db[name].retention_in_days > 0
    ]) && aws_rds_cluster.this[0].enabled_cloudwatch_logs_exports == toset(["postgresql"])
    error_message = "The cluster's PostgreSQL log lands in a log group with a finite retention."
  }

  assert {
    condition = (
      output.database.engine == "aurora-postgresql"
      && output.database.host == "fluxa-test-db.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com"
      && output.database.endpoint == "fluxa-test-db.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com:5432"
      && output.database.reader_host == null
      && output.database.secret_arns.master == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-master-AbCdEf"
    )
    error_message = "The functions connect to the cluster's writer endpoint; migrate reads the cluster's RDS-managed secret."
  }
}

run "multi_az_and_reads_add_an_instance_and_the_reader_endpoint" {
  command = plan

  variables {
    multi_az     = true
    read_replica = true
  }

  assert {
    condition = (
      length(aws_rds_cluster_instance.this) == 2
      && aws_rds_cluster_instance.this[1].promotion_tier == 1
      && output.database.reader_host == "fluxa-test-db.cluster-ro-abcdefghijkl.eu-west-1.rds.amazonaws.com"
    )
    error_message = "Multi-AZ (or reads) is a second instance the cluster fails over to; reads go to the reader endpoint."
  }
}

run "aurora_alarms_watch_the_writer_and_no_storage_ceiling" {
  command = plan

  variables {
    enable_alarms   = true
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
  }

  assert {
    condition = (
      toset(keys(aws_cloudwatch_metric_alarm.db)) == toset(["connections", "cpu"])
      && alltrue([for a in aws_cloudwatch_metric_alarm.db : a.dimensions == tomap({ DBClusterIdentifier = "fluxa-test-db", Role = "WRITER" })])
    )
    error_message = "An Aurora cluster's alarms watch its writer (connections, CPU); its storage grows on its own, so there is no free-storage alarm."
  }
}

run "rds_proxy_targets_the_cluster_and_io_optimized_storage_is_an_option" {
  command = plan

  variables {
    enable_rds_proxy    = true
    aurora_io_optimized = true
  }

  # RDS Proxy (enable_rds_proxy) targets the cluster.
  assert {
    condition = (
      aws_db_proxy_target.this[0].db_cluster_identifier == "fluxa-test-db"
      && aws_db_proxy_target.this[0].db_instance_identifier == null
      && output.database.host == "fluxa-test-proxy.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com"
    )
    error_message = "Behind RDS Proxy the proxy targets the cluster, and the functions connect to the proxy."
  }

  # aurora_io_optimized selects I/O-Optimized storage.
  assert {
    condition     = aws_rds_cluster.this[0].storage_type == "aurora-iopt1"
    error_message = "aurora_io_optimized puts the cluster on I/O-Optimized storage (no charge per I/O)."
  }
}
