# Plans the whole prod environment against a mocked AWS provider and asserts
# what distinguishes prod: durability of the data, limits, who hears alarms.
# The modules' own tests prove what each of these choices does to the
# resources.

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
}

variables {
  region                  = "eu-west-1"
  offline_plan            = true
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0aaa1111", "subnet-0bbb2222", "subnet-0ccc3333"]
  private_route_table_ids = ["rtb-0aaa1111", "rtb-0bbb2222", "rtb-0ccc3333"]
  dist_dir                = "../../modules/stateless/tests/fixtures/lambda-packages"
  lambda_runtime          = "nodejs22.x" # nodejs24.x needs provider >= 6.19; the mirror has 5.100
  alarm_subscriptions     = [{ protocol = "email", endpoint = "oncall@example.com" }]
}

override_resource {
  target          = module.fluxa.module.stateless.aws_sns_topic.alarms
  override_during = plan
  values          = { arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-prod-alarms" }
}

override_resource {
  target          = module.fluxa.module.stateless.aws_api_gateway_api_key.client["default/initial"]
  override_during = plan
  values          = { id = "key-default" }
}

override_resource {
  target          = module.fluxa.module.stateful.aws_db_instance.this
  override_during = plan
  values = {
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      secret_status = "active"
      kms_key_id    = "alias/aws/secretsmanager"
    }]
  }
}

run "prod_keeps_the_data_and_has_a_waf_and_alarms_that_notify" {
  command = plan

  # Prod keeps the data.
  assert {
    condition = (
      local.database.multi_az
      && local.database.deletion_protection
      && !local.database.skip_final_snapshot
      && local.database.final_snapshot_identifier == "fluxa-prod-db-final"
      && local.database.backup_retention_days >= 14
      && local.database.max_allocated_storage_gb > local.database.allocated_storage_gb
    )
    error_message = "prod's database is Multi-AZ, deletion-protected, takes a named final snapshot, keeps two weeks of point-in-time recovery and grows its storage."
  }

  assert {
    condition     = local.database.monitoring_interval == 60 && local.database.alarms && local.database.connection_budget == 300
    error_message = "prod has Enhanced Monitoring and the database alarms, against a budget of 300 connections."
  }

  assert {
    condition     = local.log_retention_days == 90 && local.functions.processor.concurrency == 10 && local.functions.query.concurrency == 20
    error_message = "prod keeps logs 90 days and runs up to 10 processors and 20 query functions."
  }

  # Prod has a WAF and alarms that notify.
  assert {
    condition     = output.api_limits.waf_rate_limit_per_5_minutes == 30000 && output.api_limits.waf_anonymous_rate_limit_per_5_minutes == 300
    error_message = "prod's API sits behind the WAF's per-address rate limits: by default twice the default client's 50 requests/s over 5 minutes, and 300 on the anonymous routes."
  }

  assert {
    condition     = output.alarm_topic_arn == "arn:aws:sns:eu-west-1:123456789012:fluxa-prod-alarms"
    error_message = "prod's alarms notify the stack's alarm topic."
  }

  assert {
    condition     = output.api_key_id == "key-default" && output.api_client_key_ids == { "default/initial" = "key-default" }
    error_message = "api_key_id (read by the scripts) must be the default client's key, and api_client_key_ids must list every key."
  }
}

run "prod_takes_its_clients_and_limits_from_its_inputs_and_plans_once_the_quota_fits" {
  command = plan

  variables {
    api_clients = {
      "acme-pos"        = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 200, burst_limit = 400 }, quota = { limit = 5000000, period = "DAY" }, keys = ["2026-11", "2027-02"] }
      "acme-dashboards" = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 10, burst_limit = 20 }, quota = { limit = 100000, period = "MONTH" }, keys = ["2026-11"] }
    }
    api_throttle                     = { rate_limit = 500, burst_limit = 1000 }
    api_anonymous_throttle           = { rate_limit = 5, burst_limit = 10 }
    waf_rate_limit                   = 10000
    lambda_account_concurrency_limit = 16
  }

  # prod's keys and limits come from its inputs.
  assert {
    condition     = toset(keys(output.api_client_key_ids)) == toset(["acme-pos/2026-11", "acme-pos/2027-02", "acme-dashboards/2026-11"]) && output.api_key_id == null
    error_message = "prod's keys come from api_clients; without a client named default there is no default key id."
  }

  assert {
    condition = (
      output.api_limits.stage == { rate_limit = 500, burst_limit = 1000 }
      && alltrue([for l in values(output.api_limits.anonymous) : l == { rate_limit = 5, burst_limit = 10 }])
      && length(output.api_limits.anonymous) == 3
      && output.api_limits.waf_rate_limit_per_5_minutes == 10000
    )
    error_message = "prod's stage-wide, anonymous and WAF limits come from its inputs."
  }

  # On a new account (lambda_account_concurrency_limit = 16): prod's 10
  # processors and the six other functions need 16 slots; the quota increase
  # the plan names is granted.
  assert {
    condition     = output.migrate_function_name == "fluxa-prod-migrate"
    error_message = "prod plans on an account whose quota leaves every function room beside the processor's cap."
  }
}

run "prod_refuses_a_client_without_a_quota_and_alarms_that_notify_nobody" {
  command = plan

  variables {
    # Prod refuses a client without a quota.
    api_clients = {
      "acme-pos" = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 200, burst_limit = 400 }, keys = ["2026-11"] }
    }
    # Prod refuses alarms that notify nobody.
    alarm_subscriptions = []
  }

  expect_failures = [var.api_clients, var.alarm_subscriptions]
}

run "prod_can_run_on_aurora_with_a_reader" {
  command = plan

  variables {
    db_engine       = "aurora-postgresql"
    db_read_replica = true
  }

  override_resource {
    target          = module.fluxa.module.stateful.aws_rds_cluster.this
    override_during = plan
    values = {
      endpoint = "fluxa-prod-db.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com"
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-master-AbCdEf"
        secret_status = "active"
        kms_key_id    = "alias/aws/secretsmanager"
      }]
    }
  }

  assert {
    condition = (
      local.database.engine == "aurora-postgresql" && local.database.read_replica
      && output.db_endpoint == "fluxa-prod-db.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com:5432"
      && output.db_master_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-master-AbCdEf"
    )
    error_message = "prod can run on an Aurora cluster (with a reader for the query function); its endpoint and secret are the cluster's."
  }
}
