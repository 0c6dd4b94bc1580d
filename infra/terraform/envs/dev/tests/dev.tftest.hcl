# Plans the whole dev environment (modules/fluxa, hence both modules) against
# a mocked AWS provider: offline, no credentials, no dist/ needed. The modules'
# own tests prove what each input does to the resources; these prove what dev
# chooses, and what its users and scripts get back.

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
  private_subnet_ids      = ["subnet-0aaa1111", "subnet-0bbb2222"]
  private_route_table_ids = ["rtb-0aaa1111"]
  dist_dir                = "../../modules/stateless/tests/fixtures/lambda-packages"
  lambda_runtime          = "nodejs22.x" # nodejs24.x needs provider >= 6.19; the mirror has 5.100
}

override_resource {
  target          = module.fluxa.module.stateless.aws_api_gateway_stage.this
  override_during = plan
  values          = { invoke_url = "https://abc123.execute-api.eu-west-1.amazonaws.com/v1" }
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
    endpoint = "fluxa-dev-db.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      secret_status = "active"
      kms_key_id    = "alias/aws/secretsmanager"
    }]
  }
}

run "dev_is_cheap_disposable_and_gives_its_users_what_they_read" {
  command = plan

  # Dev is cheap and disposable.
  assert {
    condition = (
      !local.database.multi_az
      && !local.database.deletion_protection
      && local.database.skip_final_snapshot
      && local.database.backup_retention_days >= 1
      && local.database.instance_class == "db.t4g.micro"
      && local.database.max_allocated_storage_gb > local.database.allocated_storage_gb
    )
    error_message = "dev's database is one small single-AZ instance that may be thrown away (no deletion protection, no final snapshot), with backups and storage autoscaling on."
  }

  assert {
    condition     = local.log_retention_days == 14 && local.functions.processor.concurrency == 4 && local.functions.query.concurrency == 5
    error_message = "dev keeps logs 14 days and runs 4 processors (room for every other function on a new account) and 5 query functions at most."
  }

  # Dev gives its users and scripts what they read.
  assert {
    condition     = output.api_endpoint == "https://abc123.execute-api.eu-west-1.amazonaws.com/v1"
    error_message = "api_endpoint must be the stage's invoke URL."
  }

  assert {
    condition     = output.api_key_id == "key-default" && output.api_client_key_ids == { "default/initial" = "key-default" }
    error_message = "api_key_id (read by the scripts) must be the default client's key, and api_client_key_ids must list every key."
  }

  assert {
    condition = (
      output.migrate_function_name == "fluxa-dev-migrate"
      && output.aws_region == "eu-west-1"
      && output.relay_function_name == "fluxa-dev-relay"
      && output.lambda_function_names == {
        authorizer = "fluxa-dev-authorizer", ingest = "fluxa-dev-ingest", processor = "fluxa-dev-processor", query = "fluxa-dev-query",
        control    = "fluxa-dev-control", relay = "fluxa-dev-relay", migrate = "fluxa-dev-migrate"
      }
    )
    error_message = "Operators and scripts need the function names and the region."
  }

  assert {
    condition = (
      output.db_endpoint == "fluxa-dev-db.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432"
      && output.db_master_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
    )
    error_message = "db_endpoint is the instance's host:port; db_master_secret_arn the RDS-managed secret."
  }

  assert {
    condition     = output.api_limits.waf_rate_limit_per_5_minutes == null && output.api_limits.stage == { rate_limit = 100, burst_limit = 200 }
    error_message = "dev has no WAF and the module's default stage throttle."
  }
}

run "dev_plans_on_a_new_account" {
  command = plan

  variables {
    lambda_account_concurrency_limit = 10
  }

  assert {
    condition     = output.migrate_function_name == "fluxa-dev-migrate"
    error_message = "dev must plan on a new account (Lambda concurrency quota 10)."
  }
}
