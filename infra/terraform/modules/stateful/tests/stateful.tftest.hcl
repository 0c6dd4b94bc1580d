# Plans the stateful module against a mocked AWS provider (offline) and
# asserts the database and network invariants.

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
  stage                   = "test"
  aws_region              = "eu-west-1"
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0aaa1111", "subnet-0bbb2222"]
  private_route_table_ids = ["rtb-0aaa1111", "rtb-0bbb2222"]
}

override_resource {
  target          = aws_db_instance.this
  override_during = plan
  values = {
    address  = "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    endpoint = "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      secret_status = "active"
      kms_key_id    = "alias/aws/secretsmanager"
    }]
  }
}

override_resource {
  target          = aws_db_parameter_group.this
  override_during = plan
  values          = { name = "fluxa-test-pg16-20250101" }
}

override_resource {
  target          = aws_secretsmanager_secret.query_role
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf" }
}

override_resource {
  target          = aws_secretsmanager_secret.writer_role
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf" }
}

override_resource {
  target          = aws_secretsmanager_secret.relay_role
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-relay-role-AbCdEf" }
}

override_resource {
  target          = aws_secretsmanager_secret.control_role
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-control-role-AbCdEf" }
}

override_resource {
  target          = aws_security_group.lambda
  override_during = plan
  values          = { id = "sg-0lambda" }
}

override_resource {
  target          = aws_security_group.db
  override_during = plan
  values          = { id = "sg-0db" }
}

override_resource {
  target          = aws_security_group.endpoints
  override_during = plan
  values          = { id = "sg-0endpoints" }
}

override_resource {
  target          = aws_security_group.proxy
  override_during = plan
  values          = { id = "sg-0proxy" }
}

override_resource {
  target          = aws_vpc_endpoint.s3
  override_during = plan
  values          = { prefix_list_id = "pl-0s3" }
}

override_resource {
  target          = aws_db_proxy.this
  override_during = plan
  values          = { endpoint = "fluxa-test-proxy.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com" }
}

run "the_default_database_is_private_encrypted_and_kept" {
  command = plan

  # The database is encrypted, private and TLS only.
  assert {
    condition     = aws_db_instance.this[0].storage_encrypted
    error_message = "Storage must be encrypted."
  }

  assert {
    condition     = aws_db_instance.this[0].publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.this[0].manage_master_user_password && aws_db_instance.this[0].password == null
    error_message = "The master password must be managed by RDS in Secrets Manager, never passed through Terraform."
  }

  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : p.value if p.name == "rds.force_ssl"] == ["1"]
    error_message = "The parameter group must force TLS (rds.force_ssl = 1)."
  }

  assert {
    condition     = aws_db_instance.this[0].parameter_group_name == aws_db_parameter_group.this[0].name && aws_db_parameter_group.this[0].family == "postgres16"
    error_message = "The instance must use the TLS-forcing parameter group of its major version."
  }

  assert {
    condition     = aws_db_instance.this[0].engine == "postgres" && aws_db_instance.this[0].engine_version == "16" && aws_db_instance.this[0].auto_minor_version_upgrade
    error_message = "Pin the major version only and let RDS apply minor versions."
  }

  assert {
    condition     = aws_db_instance.this[0].backup_retention_period >= 1 && aws_db_instance.this[0].copy_tags_to_snapshot
    error_message = "Automated backups must be on."
  }

  assert {
    condition = alltrue([
      for name in aws_db_instance.this[0].enabled_cloudwatch_logs_exports :
      aws_cloudwatch_log_group.db[name].name == "/aws/rds/instance/fluxa-test-db/${name}" && aws_cloudwatch_log_group.db[name].retention_in_days > 0
    ])
    error_message = "Every exported database log must land in a log group with a finite retention."
  }

  assert {
    condition     = aws_db_instance.this[0].performance_insights_enabled
    error_message = "Performance Insights must be on by default."
  }

  assert {
    condition     = aws_db_instance.this[0].vpc_security_group_ids == toset(["sg-0db"]) && aws_db_subnet_group.this.subnet_ids == toset(var.private_subnet_ids)
    error_message = "The instance must sit in the private subnets behind its own security group."
  }

  assert {
    condition     = output.database.secret_arns.master == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf" && output.database.host == aws_db_instance.this[0].address && output.database.uses_proxy == false
    error_message = "Outputs must expose the RDS-managed secret and the instance as host when there is no proxy."
  }

  # Safe defaults keep the data.
  assert {
    condition     = aws_db_instance.this[0].deletion_protection
    error_message = "Deletion protection must default to on."
  }

  assert {
    condition     = aws_db_instance.this[0].skip_final_snapshot == false && aws_db_instance.this[0].final_snapshot_identifier == "fluxa-test-db-final"
    error_message = "By default a final snapshot with a known name must be taken on delete."
  }

  # Security groups are tight and described.
  assert {
    condition = alltrue([
      for sg in concat([aws_security_group.lambda, aws_security_group.db], aws_security_group.endpoints) : length(sg.description) > 10
    ])
    error_message = "Every security group needs a description."
  }

  assert {
    condition = alltrue(concat(
      [aws_vpc_security_group_ingress_rule.db_from_lambda.description != null, aws_vpc_security_group_egress_rule.lambda_to_db.description != null],
      [for r in aws_vpc_security_group_egress_rule.lambda_to_endpoints : r.description != null],
      [for r in aws_vpc_security_group_egress_rule.lambda_to_s3 : r.description != null],
      [for r in aws_vpc_security_group_ingress_rule.endpoints_from_lambda : r.description != null],
    ))
    error_message = "Every security group rule needs a description."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.db_from_lambda.security_group_id == "sg-0db"
      && aws_vpc_security_group_ingress_rule.db_from_lambda.referenced_security_group_id == "sg-0lambda"
      && aws_vpc_security_group_ingress_rule.db_from_lambda.cidr_ipv4 == null
      && aws_vpc_security_group_ingress_rule.db_from_lambda.from_port == 5432
      && aws_vpc_security_group_ingress_rule.db_from_lambda.to_port == 5432
    )
    error_message = "The database must accept 5432 from the Lambda security group only."
  }

  assert {
    condition     = length(aws_vpc_security_group_egress_rule.lambda_to_internet) == 0
    error_message = "With VPC endpoints the Lambdas get no internet egress."
  }

  # VPC endpoints reach AWS APIs privately.
  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["sqs", "sns", "secretsmanager", "xray"])
    error_message = "Interface endpoints for sqs, sns, secretsmanager and xray (traces) are required by the in-VPC functions, which have no NAT."
  }

  assert {
    condition = alltrue([
      for service, endpoint in aws_vpc_endpoint.interface :
      endpoint.private_dns_enabled && endpoint.vpc_endpoint_type == "Interface"
      && endpoint.service_name == "com.amazonaws.eu-west-1.${service}"
      && endpoint.security_group_ids == toset(["sg-0endpoints"])
      && endpoint.subnet_ids == toset(var.private_subnet_ids)
    ])
    error_message = "Interface endpoints need private DNS (SDK default hostnames) and the endpoint security group."
  }

  assert {
    condition = (
      aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway"
      && aws_vpc_endpoint.s3[0].service_name == "com.amazonaws.eu-west-1.s3"
      && aws_vpc_endpoint.s3[0].route_table_ids == toset(var.private_route_table_ids)
    )
    error_message = "S3 must be reachable through a gateway endpoint on the private route tables."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.endpoints_from_lambda[0].referenced_security_group_id == "sg-0lambda"
      && aws_vpc_security_group_ingress_rule.endpoints_from_lambda[0].from_port == 443
      && aws_vpc_security_group_egress_rule.lambda_to_endpoints[0].referenced_security_group_id == "sg-0endpoints"
      && aws_vpc_security_group_egress_rule.lambda_to_s3[0].prefix_list_id == "pl-0s3"
    )
    error_message = "Lambdas must reach the endpoints (and S3's prefix list) on 443."
  }

  # Login roles have empty secrets of their own.
  assert {
    condition = (
      output.database.secret_arns.writer == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf"
      && output.database.secret_arns.query == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf"
      && output.database.secret_arns.relay == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-relay-role-AbCdEf"
      && output.database.secret_arns.control == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-control-role-AbCdEf"
      && length(distinct(values(output.database.secret_arns))) == 5
    )
    error_message = "Every login role (query, writer, relay, control) needs a secret of its own, distinct from the master secret."
  }

  assert {
    condition = alltrue([
      for secret in [aws_secretsmanager_secret.query_role, aws_secretsmanager_secret.writer_role, aws_secretsmanager_secret.relay_role, aws_secretsmanager_secret.control_role] :
      secret.recovery_window_in_days == 7 && secret.kms_key_id == null
    ])
    error_message = "The role secrets share one recovery window and the same (AWS-managed) encryption."
  }

  # Server certificate has a current CA.
  assert {
    condition     = aws_db_instance.this[0].ca_cert_identifier == "rds-ca-rsa2048-g1"
    error_message = "The instance's certificate must come from a current RDS CA, the one clients verify against."
  }

  # No monitoring role or alarms by default.
  assert {
    condition     = aws_db_instance.this[0].monitoring_interval == 0 && length(aws_iam_role.monitoring) == 0 && length(aws_cloudwatch_metric_alarm.db) == 0
    error_message = "Enhanced Monitoring and alarms are opt-in (prod turns them on)."
  }

  # The slow query log never holds bind parameters.
  assert {
    condition = (
      [for p in aws_db_parameter_group.this[0].parameter : p.value if p.name == "log_parameter_max_length"] == ["0"]
      && [for p in aws_db_parameter_group.this[0].parameter : p.value if p.name == "log_parameter_max_length_on_error"] == ["0"]
      && [for p in aws_db_parameter_group.this[0].parameter : p.value if p.name == "log_min_duration_statement"] == ["500"]
    )
    error_message = "Slow statements are logged without their bind parameters (event payloads), failed ones too."
  }

  assert {
    condition     = aws_db_instance.this[0].max_allocated_storage > aws_db_instance.this[0].allocated_storage
    error_message = "Storage autoscaling must be on (max_allocated_storage above the allocation)."
  }

  # Without a replica reads go to the writer.
  assert {
    condition     = length(aws_db_instance.replica) == 0 && output.database.reader_host == null && output.database.engine == "postgres"
    error_message = "No replica by default: reader_host is null, and the functions read from the writer."
  }
}



run "a_disposable_database_with_monitoring_and_alarms" {
  command = plan

  variables {
    deletion_protection      = false
    skip_final_snapshot      = true
    monitoring_interval      = 60
    enable_alarms            = true
    alarm_topic_arn          = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
    db_connection_budget     = 300
    allocated_storage_gb     = 100
    max_allocated_storage_gb = 500
  }

  override_resource {
    target          = aws_iam_role.monitoring
    override_during = plan
    values          = { arn = "arn:aws:iam::123456789012:role/fluxa-test-rds-monitoring-1" }
  }

  # Disposable (deletion_protection off, skip_final_snapshot): no snapshot name left.
  assert {
    condition     = aws_db_instance.this[0].final_snapshot_identifier == null && aws_db_instance.this[0].deletion_protection == false
    error_message = "Skipping the final snapshot must not leave a dangling snapshot name."
  }

  # Enhanced Monitoring and the database alarms.
  assert {
    condition = (
      aws_db_instance.this[0].monitoring_interval == 60
      && aws_db_instance.this[0].monitoring_role_arn == "arn:aws:iam::123456789012:role/fluxa-test-rds-monitoring-1"
      && aws_iam_role_policy_attachment.monitoring[0].policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
    )
    error_message = "Enhanced Monitoring must publish with its own role."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.db["connections"].metric_name == "DatabaseConnections"
      && aws_cloudwatch_metric_alarm.db["connections"].threshold == 300
      && aws_cloudwatch_metric_alarm.db["free_storage"].metric_name == "FreeStorageSpace"
      && aws_cloudwatch_metric_alarm.db["free_storage"].threshold == 10 * 1073741824
      && aws_cloudwatch_metric_alarm.db["cpu"].metric_name == "CPUUtilization"
      && alltrue([
        for a in aws_cloudwatch_metric_alarm.db :
        a.namespace == "AWS/RDS" && a.dimensions.DBInstanceIdentifier == "fluxa-test-db"
        && a.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"])
      ])
    )
    error_message = "Database alarms: connections above the connection budget, free storage below 2 % of the autoscaling ceiling (10 GiB of 500), CPU; all notifying the alarm topic."
  }
}

run "nat_mode_has_no_endpoints_and_a_read_replica_serves_the_reads" {
  command = plan

  variables {
    create_vpc_endpoints    = false
    private_route_table_ids = []
    read_replica            = true
    monitoring_interval     = 60
  }

  override_resource {
    target          = aws_db_instance.replica
    override_during = plan
    values          = { address = "fluxa-test-db-replica.abcdefghijkl.eu-west-1.rds.amazonaws.com" }
  }

  # NAT mode (create_vpc_endpoints = false): no endpoints, HTTPS egress instead.
  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_vpc_endpoint.s3) == 0 && length(aws_security_group.endpoints) == 0
    error_message = "create_vpc_endpoints = false must create no endpoints."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.lambda_to_internet[0].cidr_ipv4 == "0.0.0.0/0" && aws_vpc_security_group_egress_rule.lambda_to_internet[0].from_port == 443
    error_message = "Without endpoints the Lambdas need HTTPS egress through the NAT."
  }

  # The read replica: a copy of the writer that serves the reads.
  assert {
    condition = (
      aws_db_instance.replica[0].replicate_source_db == "fluxa-test-db"
      && aws_db_instance.replica[0].storage_encrypted
      && !aws_db_instance.replica[0].publicly_accessible
      && aws_db_instance.replica[0].parameter_group_name == aws_db_parameter_group.this[0].name
      && aws_db_instance.replica[0].vpc_security_group_ids == toset(["sg-0db"])
      && aws_db_instance.replica[0].ca_cert_identifier == "rds-ca-rsa2048-g1"
      && aws_db_instance.replica[0].skip_final_snapshot
      && aws_db_instance.replica[0].monitoring_interval == 60
      && aws_db_instance.replica[0].max_allocated_storage == aws_db_instance.this[0].max_allocated_storage
    )
    error_message = "The replica copies the writer: encrypted, private, behind the database's security group, TLS forced by the same parameter group, the same CA, monitored; it takes no final snapshot (RDS takes none of a replica)."
  }

  assert {
    condition = (
      output.database.reader_host == "fluxa-test-db-replica.abcdefghijkl.eu-west-1.rds.amazonaws.com"
      && output.database.host == "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    )
    error_message = "With a replica, reads go to it (reader_host) and writes to the writer (host)."
  }
}

run "rds_proxy_fronts_the_database_and_reaches_secrets_manager_through_the_endpoint" {
  command = plan

  variables {
    enable_rds_proxy = true
  }

  # RDS Proxy fronts the database.
  assert {
    condition     = aws_db_proxy.this[0].require_tls && aws_db_proxy.this[0].engine_family == "POSTGRESQL"
    error_message = "RDS Proxy must require TLS."
  }

  assert {
    condition = toset([for a in aws_db_proxy.this[0].auth : a.secret_arn]) == toset([
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-relay-role-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-control-role-AbCdEf",
    ])
    error_message = "The proxy must authenticate with the master secret (migrate) and every login role's secret."
  }

  assert {
    condition = alltrue(flatten([
      for s in data.aws_iam_policy_document.proxy[0].statement : [for a in s.actions : !strcontains(a, "*")]
    ])) && one(data.aws_iam_policy_document.proxy[0].statement).resources == toset([for a in aws_db_proxy.this[0].auth : a.secret_arn])
    error_message = "The proxy role may only read the database secrets."
  }

  assert {
    condition     = output.database.host == "fluxa-test-proxy.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com" && output.database.uses_proxy
    error_message = "With the proxy on, Lambdas must connect to the proxy endpoint."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.db_from_proxy[0].referenced_security_group_id == "sg-0proxy"
      && aws_vpc_security_group_ingress_rule.proxy_from_lambda[0].referenced_security_group_id == "sg-0lambda"
      && aws_vpc_security_group_egress_rule.lambda_to_proxy[0].referenced_security_group_id == "sg-0proxy"
    )
    error_message = "Traffic must flow lambda -> proxy -> db on 5432."
  }

  # RDS Proxy reaches Secrets Manager through the endpoint.
  assert {
    condition = (
      aws_vpc_security_group_egress_rule.proxy_to_endpoints[0].security_group_id == "sg-0proxy"
      && aws_vpc_security_group_egress_rule.proxy_to_endpoints[0].referenced_security_group_id == "sg-0endpoints"
      && aws_vpc_security_group_egress_rule.proxy_to_endpoints[0].from_port == 443
      && aws_vpc_security_group_ingress_rule.endpoints_from_proxy[0].security_group_id == "sg-0endpoints"
      && aws_vpc_security_group_ingress_rule.endpoints_from_proxy[0].referenced_security_group_id == "sg-0proxy"
      && aws_vpc_security_group_ingress_rule.endpoints_from_proxy[0].to_port == 443
      && length(aws_vpc_security_group_egress_rule.proxy_to_internet) == 0
    )
    error_message = "The proxy reads its secrets over HTTPS: 443 out of its group to the endpoints' group, and into the endpoints' group from it."
  }
}

run "rejects_one_subnet_a_pinned_minor_version_and_io_optimized_rds" {
  command = plan

  variables {
    # Rejects a single subnet.
    private_subnet_ids = ["subnet-0aaa1111"]
    # Rejects I/O-Optimized storage without Aurora.
    aurora_io_optimized = true
    # Rejects a pinned minor version.
    engine_major_version = "16.3"
  }

  expect_failures = [var.private_subnet_ids, var.aurora_io_optimized, var.engine_major_version]
}

run "rejects_endpoints_without_route_tables_and_postgresql_before_15" {
  command = plan

  variables {
    # Rejects endpoints without route tables.
    private_route_table_ids = []
    # Rejects PostgreSQL before 15.
    engine_major_version = "14"
  }

  expect_failures = [var.private_route_table_ids, var.engine_major_version]
}


run "service_names_and_arns_follow_the_partition" {
  command = plan

  variables {
    monitoring_interval = 60
  }

  override_data {
    target = data.aws_partition.current
    values = { partition = "aws-cn", reverse_dns_prefix = "cn.com.amazonaws" }
  }

  assert {
    condition = (
      aws_iam_role_policy_attachment.monitoring[0].policy_arn == "arn:aws-cn:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
      && aws_vpc_endpoint.s3[0].service_name == "cn.com.amazonaws.eu-west-1.s3"
      && aws_vpc_endpoint.interface["sqs"].service_name == "cn.com.amazonaws.eu-west-1.sqs"
    )
    error_message = "ARNs and endpoint service names must follow the partition, never a hard-coded arn:aws:."
  }
}

run "the_free_storage_alarm_cannot_fire_while_autoscaling_can_still_grow_the_volume" {
  command = plan

  variables {
    enable_alarms            = true
    alarm_topic_arn          = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
    allocated_storage_gb     = 50
    max_allocated_storage_gb = 500
  }

  # 2 % of 500 GiB is 10 GiB, above the 5 GiB (10 % of 50) at which
  # autoscaling grows the volume: the alarm would fire first.
  expect_failures = [aws_cloudwatch_metric_alarm.db]
}

run "storage_autoscaling_stays_on_and_rejects_an_engine_fluxa_does_not_run_on" {
  command = plan

  variables {
    # Storage autoscaling cannot be turned off (max_allocated_storage_gb).
    allocated_storage_gb     = 100
    max_allocated_storage_gb = 100
    # An engine Fluxa does not run on (engine).
    engine = "aurora-mysql"
  }

  expect_failures = [var.max_allocated_storage_gb, var.engine]
}

run "rds_proxy_reaches_secrets_manager_through_the_nat" {
  command = plan

  variables {
    enable_rds_proxy        = true
    create_vpc_endpoints    = false
    private_route_table_ids = []
  }

  assert {
    condition = (
      aws_vpc_security_group_egress_rule.proxy_to_internet[0].cidr_ipv4 == "0.0.0.0/0"
      && aws_vpc_security_group_egress_rule.proxy_to_internet[0].from_port == 443
      && length(aws_vpc_security_group_egress_rule.proxy_to_endpoints) == 0
    )
    error_message = "Without endpoints the proxy reaches Secrets Manager over HTTPS through the NAT."
  }
}
