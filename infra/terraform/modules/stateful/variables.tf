variable "project" {
  description = "Project name; prefixes every resource name."
  type        = string
  default     = "fluxa"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.project))
    error_message = "project must be 2-16 chars of lower-case letters, digits and '-', starting with a letter."
  }
}

variable "stage" {
  description = "Environment name (dev, prod, ...); part of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.stage))
    error_message = "stage must be 2-12 chars of lower-case letters, digits and '-', starting with a letter."
  }
}

variable "aws_region" {
  description = "Region the provider targets; used to build VPC endpoint service names."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like a region name, e.g. eu-west-1."
  }
}

variable "tags" {
  description = "Extra tags merged into every resource's tags (envs normally use the provider's default_tags instead)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------- network ---

variable "vpc_id" {
  description = "Existing VPC to place the database, the in-VPC Lambdas and the VPC endpoints in. This module does not create a VPC."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets (no public IPs) in at least two Availability Zones, for the DB subnet group, the in-VPC Lambdas, RDS Proxy and the interface endpoints."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2 && alltrue([for id in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "private_subnet_ids needs at least two subnet ids (subnet-...) in different AZs; RDS subnet groups require two AZs."
  }
}

variable "create_vpc_endpoints" {
  description = "true: create interface endpoints (vpc_interface_endpoint_services) and an S3 gateway endpoint so in-VPC Lambdas reach AWS APIs privately. false: the private subnets already route 0.0.0.0/0 through a NAT gateway (or already have these endpoints) and Lambdas get HTTPS egress to anywhere."
  type        = bool
  default     = true
}

variable "vpc_interface_endpoint_services" {
  description = "AWS services to create interface endpoints for when create_vpc_endpoints is true. processor needs sqs (DLQ), sns and secretsmanager; query and migrate need secretsmanager; every in-VPC function sends X-Ray traces (xray), which without a NAT have no other way out. Drop a service whose endpoint (with private DNS) already exists in the VPC."
  type        = list(string)
  default     = ["sqs", "sns", "secretsmanager", "xray"]

  validation {
    condition     = alltrue([for s in var.vpc_interface_endpoint_services : contains(["sqs", "sns", "secretsmanager", "xray", "logs", "kms", "monitoring"], s)])
    error_message = "Supported endpoint services: sqs, sns, secretsmanager, xray, logs, kms, monitoring."
  }
}

variable "vpc_endpoint_subnet_ids" {
  description = "Subnets (one per AZ) for the interface endpoints; null = private_subnet_ids. Each endpoint costs ~7.3 USD/month per subnet, so dev can use a single subnet (Lambdas in other AZs cross AZs to reach it); prod should cover every AZ the Lambdas run in."
  type        = list(string)
  default     = null

  validation {
    condition     = var.vpc_endpoint_subnet_ids == null || length(coalesce(var.vpc_endpoint_subnet_ids, ["x"])) >= 1
    error_message = "vpc_endpoint_subnet_ids must be null or name at least one subnet."
  }
}

variable "private_route_table_ids" {
  description = "Route tables of the private subnets; the S3 gateway endpoint is attached to them. Required when create_vpc_endpoints is true."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = !var.create_vpc_endpoints || length(var.private_route_table_ids) > 0
    error_message = "private_route_table_ids is required when create_vpc_endpoints is true (the S3 gateway endpoint needs route tables)."
  }

  validation {
    condition     = alltrue([for id in var.private_route_table_ids : can(regex("^rtb-[0-9a-f]+$", id))])
    error_message = "private_route_table_ids must be route table ids (rtb-...)."
  }
}

# --------------------------------------------------------------- database ---

variable "engine" {
  description = "postgres: one RDS PostgreSQL instance (Multi-AZ with a standby; read_replica adds a read replica). aurora-postgresql: an Aurora cluster (Multi-AZ or read_replica add a second instance; storage grows on its own). Same driver and SQL either way. Switching an existing stack creates a new, empty database: move the data first (RUNBOOK)."
  type        = string
  default     = "postgres"
  nullable    = false

  validation {
    condition     = contains(["postgres", "aurora-postgresql"], var.engine)
    error_message = "engine must be postgres or aurora-postgresql."
  }
}

variable "read_replica" {
  description = "A read replica (Aurora: a reader instance) the query function reads from, so reads take nothing from the writer. It lags by up to a few seconds; a 202 never promised read-your-writes."
  type        = bool
  default     = false
  nullable    = false
}

variable "aurora_io_optimized" {
  description = "Aurora only: the I/O-Optimized storage configuration (aurora-iopt1): no charge per I/O request, higher instance and storage prices; cheaper once I/O charges pass about a quarter of the cluster's bill on Standard (its VolumeReadIOPs and VolumeWriteIOPs metrics tell; docs/SCALING.md). false: Aurora Standard, billed per I/O. AWS allows going back to Standard once every 30 days, with `aws rds modify-db-cluster --storage-type aurora` (Terraform leaves a cluster's storage type alone when this is false)."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.aurora_io_optimized || var.engine == "aurora-postgresql"
    error_message = "aurora_io_optimized applies to engine = \"aurora-postgresql\" only."
  }
}

variable "db_name" {
  description = "Name of the application database created in the instance."
  type        = string
  default     = "fluxa"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a letter and contain only lower-case letters, digits and '_'."
  }
}

variable "master_username" {
  description = "Master (owner) user. Its password is generated and rotated by RDS in Secrets Manager (manage_master_user_password); it never passes through Terraform."
  type        = string
  default     = "fluxa_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,15}$", var.master_username)) && !contains(["admin", "postgres", "rdsadmin"], var.master_username)
    error_message = "master_username must be 1-16 chars, start with a letter, and not be a reserved name."
  }
}

variable "engine_major_version" {
  description = "PostgreSQL major version, 15 or newer. Only the major is pinned: minor versions are applied by RDS in the maintenance window (auto_minor_version_upgrade)."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^[0-9]{2}$", var.engine_major_version)) && tonumber(var.engine_major_version) >= 15
    error_message = "engine_major_version must be a bare major version (e.g. \"16\"), 15 or newer: from 15 on, PUBLIC may not create objects in the public schema, which the least-privilege roles rely on."
  }
}

variable "instance_class" {
  description = "RDS instance class. Graviton burstable classes are plenty for dev; size prod on connections and IOPS (see README cost notes)."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must look like db.<family>.<size>."
  }

  validation {
    condition     = var.engine != "aurora-postgresql" || !can(regex("\\.(micro|small)$", var.instance_class))
    error_message = "Aurora PostgreSQL runs on db.t4g.medium and larger (db.r7g.large and up for sustained load)."
  }
}

variable "allocated_storage_gb" {
  description = "Initial gp3 storage in GiB (20 is the gp3 minimum)."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage_gb >= 20 && var.allocated_storage_gb <= 65536
    error_message = "allocated_storage_gb must be between 20 and 65536."
  }
}

variable "max_allocated_storage_gb" {
  description = "Storage autoscaling ceiling in GiB: RDS grows the volume (by at least 10 GiB or 10 %) whenever free space falls to 10 % of the allocation, up to this. At least 26 % above allocated_storage_gb (AWS warns of the ceiling below that)."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage_gb >= ceil(var.allocated_storage_gb * 1.26)
    error_message = "max_allocated_storage_gb must be at least 26 % above allocated_storage_gb: storage autoscaling stays on (a full disk stops the database)."
  }
}

variable "multi_az" {
  description = "Synchronous standby in a second AZ (automatic failover). Doubles the instance cost; on for prod."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Refuse DeleteDBInstance (and so terraform destroy) until turned off."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Skip the snapshot RDS takes when the instance is deleted. Safe default false; dev sets true."
  type        = bool
  default     = false
}

variable "final_snapshot_identifier" {
  description = "Name of the final snapshot taken on delete (when skip_final_snapshot is false). Defaults to <project>-<stage>-db-final; a snapshot name can exist only once, so delete or rename the old one before re-creating and destroying the instance again."
  type        = string
  default     = null

  validation {
    condition     = var.final_snapshot_identifier == null || can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,254}$", coalesce(var.final_snapshot_identifier, "x")))
    error_message = "final_snapshot_identifier must start with a letter and contain only letters, digits and hyphens."
  }
}

variable "backup_retention_days" {
  description = "Automated backup (point-in-time recovery) retention in days."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be 1-35 (0 would disable backups)."
  }
}

variable "performance_insights_enabled" {
  description = "Enable Performance Insights (7 days retention is free)."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the PostgreSQL and upgrade log groups RDS exports to CloudWatch Logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "apply_immediately" {
  description = "Apply instance modifications now instead of in the next maintenance window (may reboot)."
  type        = bool
  default     = false
}

variable "enable_rds_proxy" {
  description = "Put RDS Proxy in front of the database. Lambdas then connect to the proxy with prepare:false (DB_PREPARE=false). Worth it when Lambda concurrency x pool size approaches max_connections."
  type        = bool
  default     = false
  nullable    = false
}

variable "role_secret_recovery_window_days" {
  description = "Recovery window for the login roles' secrets (fluxa_query, fluxa_processor, fluxa_relay, fluxa_control) when they are deleted: 0 deletes at once (dev), otherwise 7-30 days."
  type        = number
  default     = 7

  validation {
    condition     = var.role_secret_recovery_window_days == 0 || (var.role_secret_recovery_window_days >= 7 && var.role_secret_recovery_window_days <= 30)
    error_message = "role_secret_recovery_window_days must be 0 or 7-30."
  }
}

variable "ca_cert_identifier" {
  description = "CA of the instance's server certificate. The functions verify it (verify-full) against the RDS CA bundle the Lambda runtime ships; rds-ca-rsa2048-g1 is valid until 2061 (the retired rds-ca-2019 expired in 2024)."
  type        = string
  default     = "rds-ca-rsa2048-g1"

  validation {
    condition     = contains(["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"], var.ca_cert_identifier)
    error_message = "ca_cert_identifier must be rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or rds-ca-ecc384-g1."
  }
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring: seconds between OS metrics samples (0 = off; 1, 5, 10, 15, 30, 60). 60 costs little (CloudWatch Logs ingestion of one sample a minute) and shows CPU steal, memory and I/O that the hypervisor metrics miss; on in prod."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be 0, 1, 5, 10, 15, 30 or 60."
  }
}

# ----------------------------------------------------------------- alarms ---

variable "enable_alarms" {
  description = "Create the database alarms (connections against the connection budget, free storage, CPU), notifying alarm_topic_arn. On in prod."
  type        = bool
  default     = false
}

variable "alarm_topic_arn" {
  description = "SNS topic the database alarms notify (the stateless module's alarm topic). Required when enable_alarms is true."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:[a-z-]+:sns:", coalesce(var.alarm_topic_arn, "x")))
    error_message = "alarm_topic_arn must be null or an SNS topic ARN."
  }
}

variable "db_connection_budget" {
  description = "Connections the functions may hold in total (the same number the stateless module checks its concurrency against). The connections alarm fires above it: something connects that the budget does not count."
  type        = number
  default     = 60

  validation {
    condition     = var.db_connection_budget >= 6
    error_message = "db_connection_budget must be at least 6."
  }
}

variable "free_storage_alarm_percent" {
  description = "Alarm when free storage falls below this share of max_allocated_storage_gb, the autoscaling ceiling. It must stay at or below 10 % of allocated_storage_gb (the plan checks it), so that it fires only when autoscaling cannot grow the volume any more (or not fast enough)."
  type        = number
  default     = 2

  validation {
    condition     = var.free_storage_alarm_percent > 0 && var.free_storage_alarm_percent < 100
    error_message = "free_storage_alarm_percent must be between 0 and 100."
  }
}

variable "cpu_alarm_percent" {
  description = "Alarm when average CPU stays above this for 15 minutes (burstable classes run out of credits above their baseline)."
  type        = number
  default     = 80

  validation {
    condition     = var.cpu_alarm_percent > 0 && var.cpu_alarm_percent <= 100
    error_message = "cpu_alarm_percent must be 1-100."
  }
}
