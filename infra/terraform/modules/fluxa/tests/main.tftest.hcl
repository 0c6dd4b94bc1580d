# Plans one whole stack (both modules, as this module wires them) against a
# mocked AWS provider. The modules' own tests prove what each input does to
# the resources; these prove the wiring and the merging done here.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json          = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
      minified_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }

  mock_data "aws_servicequotas_service_quota" {
    defaults = { value = 1000 }
  }
}

variables {
  stage              = "test"
  region             = "eu-west-1"
  dist_dir           = "../stateless/tests/fixtures/lambda-packages"
  lambda_runtime     = "nodejs22.x" # nodejs24.x needs provider >= 6.19; the mirror has 5.100
  log_retention_days = 14
  protect_data       = false
  waf                = { enabled = false }

  network = {
    vpc_id                  = "vpc-0123456789abcdef0"
    private_subnet_ids      = ["subnet-0aaa1111", "subnet-0bbb2222"]
    private_route_table_ids = ["rtb-0aaa1111"]
  }

  database = {
    instance_class              = "db.t4g.micro"
    allocated_storage_gb        = 20
    max_allocated_storage_gb    = 50
    multi_az                    = false
    deletion_protection         = false
    skip_final_snapshot         = true
    backup_retention_days       = 1
    apply_immediately           = true
    connection_budget           = 60
    secret_recovery_window_days = 0
  }

  functions = {
    processor = { concurrency = 4 }
    query     = { concurrency = 5 }
  }
}

override_resource {
  target          = module.stateful.aws_db_instance.this
  override_during = plan
  values = {
    endpoint = "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      secret_status = "active"
      kms_key_id    = "alias/aws/secretsmanager"
    }]
  }
}

run "the_stack_is_wired_once_and_reads_the_account_quota" {
  command = plan

  # The stack is wired once.
  assert {
    condition = (
      output.db_endpoint == "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432"
      && output.db_master_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      && output.lambda_function_names.migrate == "fluxa-test-migrate"
    )
    error_message = "The stack's outputs come from the stateful (database) and stateless (functions) modules it wires."
  }

  # The account quota is read from service quotas unless given.
  assert {
    condition     = local.lambda_account_concurrency_limit == 1000
    error_message = "Without a given quota the stack reads Lambda's concurrency quota from Service Quotas."
  }
}

run "an_operators_sizing_quota_and_bare_subscriber_are_taken_as_given" {
  command = plan

  variables {
    function_overrides = {
      processor = { memory_size = 2048 }
      ingest    = { timeout = 20 }
    }
    lambda_account_concurrency_limit = 10
    subscribers = {
      hook = { protocol = "https", endpoint = "https://hooks.example.com/fluxa" }
    }
  }

  # An operator's sizing (function_overrides) overrides the environment's attribute by attribute.
  assert {
    condition = local.functions == {
      processor = { memory_size = 2048, concurrency = 4 }
      query     = { concurrency = 5 }
      ingest    = { timeout = 20 }
    }
    error_message = "function_overrides replaces single attributes of the environment's sizing and keeps the others."
  }

  # A given account quota wins over a Service Quotas lookup.
  assert {
    condition     = local.lambda_account_concurrency_limit == 10 && length(data.aws_servicequotas_service_quota.lambda_concurrency) == 0
    error_message = "A given quota (deploy.sh passes what Lambda reports) is used as is, without a Service Quotas call."
  }

  # A subscriber given only protocol and endpoint takes the module's defaults.
  assert {
    condition     = output.relay_function_name == "fluxa-test-relay"
    error_message = "A subscriber whose optional attributes are left null must plan with the stateless module's defaults (all tenants, replays, no raw delivery)."
  }
}

run "an_offline_plan_does_not_look_the_quota_up" {
  command = plan

  variables {
    offline_plan = true
  }

  assert {
    condition     = local.lambda_account_concurrency_limit == null && length(data.aws_servicequotas_service_quota.lambda_concurrency) == 0
    error_message = "An offline plan calls no AWS API: the quota stays unknown."
  }
}

run "the_database_object_reaches_an_aurora_cluster" {
  command = plan

  variables {
    database = {
      engine                      = "aurora-postgresql"
      aurora_io_optimized         = true
      instance_class              = "db.r7g.large"
      allocated_storage_gb        = 20
      max_allocated_storage_gb    = 50
      multi_az                    = false
      deletion_protection         = false
      skip_final_snapshot         = true
      backup_retention_days       = 1
      apply_immediately           = true
      connection_budget           = 60
      secret_recovery_window_days = 0
    }
  }

  override_resource {
    target          = module.stateful.aws_rds_cluster.this
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

  assert {
    condition = (
      module.stateful.database.engine == "aurora-postgresql"
      && output.db_endpoint == "fluxa-test-db.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com:5432"
    )
    error_message = "The environment's database object (engine, Aurora's options) reaches the stateful module, and the stack's endpoint is the cluster's."
  }
}
