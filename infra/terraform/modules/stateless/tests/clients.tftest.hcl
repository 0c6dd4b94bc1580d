# Plans the module with a mocked provider and asserts clients.tf: one usage
# plan per client, one key per key name, the authorizer's grants by hash in
# the grants object (api_keys.tf), none in any function's environment.

mock_provider "aws" {
  # The mock cannot render policy JSON; resources that validate policies need a
  # syntactically valid document. Assertions read the statements instead.
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
  stage          = "test"
  aws_region     = "eu-west-1"
  dist_dir       = "./tests/fixtures/lambda-packages"
  lambda_runtime = "nodejs22.x" # nodejs24.x needs provider >= 6.19; the mirror has 5.100

  database = {
    host       = "fluxa-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    port       = 5432
    name       = "fluxa"
    uses_proxy = false
    secret_arns = {
      master  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      query   = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf"
      writer  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf"
      relay   = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-relay-role-AbCdEf"
      control = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-control-role-AbCdEf"
    }
  }
  vpc_subnet_ids           = ["subnet-0aaa1111", "subnet-0bbb2222"]
  lambda_security_group_id = "sg-0lambda0000"
}

override_resource {
  target          = aws_api_gateway_rest_api.this
  override_during = plan
  values = {
    id               = "abc123"
    root_resource_id = "root000"
    execution_arn    = "arn:aws:execute-api:eu-west-1:123456789012:abc123"
  }
}

override_resource {
  target          = aws_api_gateway_stage.this
  override_during = plan
  values = {
    arn = "arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/v1"
  }
}

override_resource {
  target          = aws_sqs_queue.main
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events"
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events"
  }
}

override_resource {
  target          = aws_sqs_queue.dlq
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-events-dlq"
  }
}

override_resource {
  target          = aws_sns_topic.events
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"
  }
}

override_resource {
  target          = aws_s3_bucket.api_keys
  override_during = plan
  values = {
    id  = "fluxa-test-api-keys-20250101"
    arn = "arn:aws:s3:::fluxa-test-api-keys-20250101"
  }
}

override_resource {
  target          = aws_s3_bucket.payloads
  override_during = plan
  values = {
    id  = "fluxa-test-payloads-20250101"
    arn = "arn:aws:s3:::fluxa-test-payloads-20250101"
  }
}





run "each_client_gets_its_tenant_scopes_usage_plan_and_an_attached_key_per_key_name" {
  command = plan

  variables {
    api_clients = {
      "acme-pos"        = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 20, burst_limit = 40 }, quota = { limit = 50000, period = "DAY" }, keys = ["2026-11"] }
      "acme-dashboards" = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, quota = { limit = 1000, period = "WEEK" }, keys = ["2026-10", "2026-11"] }
      "globex/app"      = { tenant = "globex", scopes = ["write", "read"], throttle = { rate_limit = 50, burst_limit = 100 }, keys = ["k1"] }
    }
  }

  override_resource {
    target          = aws_api_gateway_usage_plan.client["acme-pos"]
    override_during = plan
    values          = { id = "plan-pos" }
  }

  override_resource {
    target          = aws_api_gateway_usage_plan.client["acme-dashboards"]
    override_during = plan
    values          = { id = "plan-dash" }
  }

  override_resource {
    target          = aws_api_gateway_usage_plan.client["globex/app"]
    override_during = plan
    values          = { id = "plan-globex" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-pos/2026-11"]
    override_during = plan
    values          = { id = "key-pos-2611", value = "PosKey2026x11xAAAAAAAAAAAAAAAAAAAAAAAAAA" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-dashboards/2026-10"]
    override_during = plan
    values          = { id = "key-dash-2610", value = "DashKey2026x10xBBBBBBBBBBBBBBBBBBBBBBBBB" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-dashboards/2026-11"]
    override_during = plan
    values          = { id = "key-dash-2611", value = "DashKey2026x11xCCCCCCCCCCCCCCCCCCCCCCCCC" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["globex/app/k1"]
    override_during = plan
    values          = { id = "key-globex-k1", value = "GlobexKeyK1xDDDDDDDDDDDDDDDDDDDDDDDDDDDD" }
  }

  # Grants: each key, by its hash, gets exactly its client's tenant and scopes.
  # The authorizer allows a key exactly as its grant says; the functions then
  # refuse a route whose scope the grant lacks (403 naming it).
  assert {
    condition = aws_s3_object.api_key_grants.content == jsonencode({
      (sha256("PosKey2026x11xAAAAAAAAAAAAAAAAAAAAAAAAAA")) = { client = "acme-pos", tenant_id = "acme", scopes = ["write"] }
      (sha256("DashKey2026x10xBBBBBBBBBBBBBBBBBBBBBBBBB")) = { client = "acme-dashboards", tenant_id = "acme", scopes = ["read"] }
      (sha256("DashKey2026x11xCCCCCCCCCCCCCCCCCCCCCCCCC")) = { client = "acme-dashboards", tenant_id = "acme", scopes = ["read"] }
      (sha256("GlobexKeyK1xDDDDDDDDDDDDDDDDDDDDDDDDDDDD")) = { client = "globex/app", tenant_id = "globex", scopes = ["write", "read"] }
    })
    error_message = "The grants object must grant each key its client's tenant and exactly its scopes, by the SHA-256 of the key."
  }

  # Adding or revoking a key changes the object, never a function: the
  # authorizer's environment names where the grants are, and nothing that
  # depends on api_clients.
  assert {
    condition = aws_lambda_function.this["authorizer"].environment[0].variables == tomap({
      LOG_LEVEL                    = "info"
      FLUXA_STAGE                  = "test"
      SERVICE_NAME                 = "authorizer"
      API_KEY_GRANTS_BUCKET        = "fluxa-test-api-keys-20250101"
      API_KEY_GRANTS_KEY           = "api-key-grants.json"
      API_KEY_GRANTS_CACHE_SECONDS = "30"
      API_KEY_GRANTS_GRACE_SECONDS = "300"
    })
    error_message = "The authorizer's environment must say where the grants object is, and hold no grant."
  }

  assert {
    condition     = aws_s3_object.api_key_grants.bucket == "fluxa-test-api-keys-20250101" && aws_s3_object.api_key_grants.key == "api-key-grants.json" && aws_s3_object.api_key_grants.content_type == "application/json"
    error_message = "The grants are one JSON object, api-key-grants.json, in the grants bucket."
  }

  # What the scopes mean: the write-only acme-pos can reach no GET under
  # /events, the read-only acme-dashboards no POST, and neither a replay or
  # an erasure.
  assert {
    condition = (
      alltrue([for key, route in local.api_routes : route.scope == "write" if startswith(key, "POST /events")])
      && alltrue([for key, route in local.api_routes : route.scope == "read" if startswith(key, "GET /events")])
      && alltrue([for key, route in local.api_routes : route.scope == "replay" if strcontains(key, " /replays")])
      && alltrue([for key, route in local.api_routes : route.scope == "erase" if strcontains(key, " /erasures") || strcontains(key, " /suppressions")])
    )
    error_message = "routes.json: POST /events* needs write, the GETs under /events read, /replays replay, /erasures and /suppressions erase."
  }

  # Usage plans and keys: one plan per client on the stage, one attached key
  # per key name, and the key ids by client/key.
  assert {
    condition = (
      toset(keys(aws_api_gateway_usage_plan.client)) == toset(["acme-pos", "acme-dashboards", "globex/app"])
      && alltrue([for plan in aws_api_gateway_usage_plan.client : [for s in plan.api_stages : [s.api_id, s.stage]] == [["abc123", "v1"]]])
    )
    error_message = "Each client must have one usage plan, on the deployed stage."
  }

  assert {
    condition = (
      aws_api_gateway_usage_plan.client["acme-pos"].throttle_settings[0].rate_limit == 20
      && aws_api_gateway_usage_plan.client["acme-pos"].throttle_settings[0].burst_limit == 40
      && aws_api_gateway_usage_plan.client["acme-pos"].quota_settings[0].limit == 50000
      && aws_api_gateway_usage_plan.client["acme-pos"].quota_settings[0].period == "DAY"
      && aws_api_gateway_usage_plan.client["acme-dashboards"].throttle_settings[0].rate_limit == 5
      && aws_api_gateway_usage_plan.client["acme-dashboards"].quota_settings[0].limit == 1000
      && aws_api_gateway_usage_plan.client["acme-dashboards"].quota_settings[0].period == "WEEK"
      && aws_api_gateway_usage_plan.client["globex/app"].throttle_settings[0].burst_limit == 100
      && length(aws_api_gateway_usage_plan.client["globex/app"].quota_settings) == 0
    )
    error_message = "Each usage plan must carry its client's throttle, and its quota when it has one."
  }

  assert {
    condition = (
      toset(keys(aws_api_gateway_api_key.client)) == toset(["acme-pos/2026-11", "acme-dashboards/2026-10", "acme-dashboards/2026-11", "globex/app/k1"])
      && alltrue([for key in aws_api_gateway_api_key.client : key.enabled])
      && aws_api_gateway_api_key.client["globex/app/k1"].name == "fluxa-test-globex/app-k1"
    )
    error_message = "Each key name of each client must be one enabled API key."
  }

  assert {
    condition = (
      toset(keys(aws_api_gateway_usage_plan_key.client)) == toset(keys(aws_api_gateway_api_key.client))
      && alltrue([for id, attachment in aws_api_gateway_usage_plan_key.client : attachment.key_type == "API_KEY" && attachment.key_id == aws_api_gateway_api_key.client[id].id])
      && aws_api_gateway_usage_plan_key.client["acme-pos/2026-11"].usage_plan_id == "plan-pos"
      && aws_api_gateway_usage_plan_key.client["acme-dashboards/2026-10"].usage_plan_id == "plan-dash"
      && aws_api_gateway_usage_plan_key.client["acme-dashboards/2026-11"].usage_plan_id == "plan-dash"
      && aws_api_gateway_usage_plan_key.client["globex/app/k1"].usage_plan_id == "plan-globex"
    )
    error_message = "Every key must be attached to its own client's usage plan, and only to it."
  }

  assert {
    condition = (
      output.api_gateway_api_key_ids == {
        "acme-pos/2026-11"        = "key-pos-2611"
        "acme-dashboards/2026-10" = "key-dash-2610"
        "acme-dashboards/2026-11" = "key-dash-2611"
        "globex/app/k1"           = "key-globex-k1"
      }
      && output.api_gateway_api_key_id == null
    )
    error_message = "api_gateway_api_key_ids must name every key's id by client/key; without a client named default there is no default key id."
  }
}

run "the_default_client_keeps_the_single_key_limits_and_its_grant_holds_only_a_hash" {
  command = plan

  override_resource {
    target          = aws_api_gateway_api_key.client["default/initial"]
    override_during = plan
    values          = { id = "key-default", value = "DefaultKeyInitialEEEEEEEEEEEEEEEEEEEEEEE" }
  }

  # No key value anywhere: not in a function's environment, not in the grants
  # object, which names the key by its SHA-256.
  assert {
    condition = alltrue([
      for f in concat(values(aws_lambda_function.this), [aws_lambda_function.migrate]) :
      !strcontains(jsonencode(f.environment[0].variables), "DefaultKeyInitialEEEEEEEEEEEEEEEEEEEEEEE")
    ])
    error_message = "No function's environment may contain an API key value."
  }

  assert {
    condition = alltrue([
      for hash in keys(jsondecode(aws_s3_object.api_key_grants.content)) : can(regex("^[0-9a-f]{64}$", hash))
    ]) && length(jsondecode(aws_s3_object.api_key_grants.content)) == 1
    error_message = "The grants object must name each key by 64 lower-case hex digits (its SHA-256)."
  }

  assert {
    condition     = !strcontains(aws_s3_object.api_key_grants.content, "DefaultKeyInitialEEEEEEEEEEEEEEEEEEEEEEE")
    error_message = "The grants object may not contain an API key value."
  }

  # The default client: one key, the single-key limits, write and read for the
  # tenant default, and the key id the deploy scripts read.
  assert {
    condition = (
      keys(aws_api_gateway_usage_plan.client) == ["default"]
      && aws_api_gateway_usage_plan.client["default"].throttle_settings[0].rate_limit == 50
      && aws_api_gateway_usage_plan.client["default"].throttle_settings[0].burst_limit == 100
      && aws_api_gateway_usage_plan.client["default"].quota_settings[0].limit == 50 * 86400
      && aws_api_gateway_usage_plan.client["default"].quota_settings[0].period == "DAY"
      && keys(aws_api_gateway_api_key.client) == ["default/initial"]
    )
    error_message = "By default there is one client, default, with one key, 50 req/s, burst 100, and a daily quota that holds a whole day at that rate."
  }

  assert {
    condition     = local.api_client_grants["default"] == { client = "default", tenant_id = "default", scopes = tolist(["write", "read"]) }
    error_message = "The default client writes and reads for the tenant default."
  }

  assert {
    condition     = output.api_gateway_api_key_id == "key-default"
    error_message = "api_gateway_api_key_id must be the default client's key, which the deploy and verify scripts use."
  }
}

run "a_rotation_keeps_both_keys_and_the_default_key_id_follows_the_newest" {
  command = plan

  variables {
    api_clients = {
      default = { tenant = "default", scopes = ["write", "read"], throttle = { rate_limit = 50, burst_limit = 100 }, quota = { limit = 4320000, period = "DAY" }, keys = ["initial", "2027-01"] }
    }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["default/initial"]
    override_during = plan
    values          = { id = "key-initial", value = "DefaultKeyInitialFFFFFFFFFFFFFFFFFFFFFFF" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["default/2027-01"]
    override_during = plan
    values          = { id = "key-2027", value = "DefaultKey2027x01GGGGGGGGGGGGGGGGGGGGGGG" }
  }

  assert {
    condition = (
      jsondecode(aws_s3_object.api_key_grants.content)[sha256("DefaultKeyInitialFFFFFFFFFFFFFFFFFFFFFFF")].client == "default"
      && jsondecode(aws_s3_object.api_key_grants.content)[sha256("DefaultKey2027x01GGGGGGGGGGGGGGGGGGGGGGG")].client == "default"
      && toset([for k in aws_api_gateway_usage_plan_key.client : k.key_id]) == toset(["key-initial", "key-2027"])
    )
    error_message = "During a rotation both keys of the client must be granted and attached to its plan."
  }

  assert {
    condition     = output.api_gateway_api_key_id == "key-2027"
    error_message = "api_gateway_api_key_id must follow the default client's newest key (the last listed)."
  }
}



run "rejects_a_revocation_delay_over_a_minute" {
  command = plan

  # Each within its own range, together 70 s: a revoked key could work that long.
  variables {
    api_authorizer_result_ttl_seconds = 40
    api_key_grants_cache_seconds      = 30
  }

  expect_failures = [aws_api_gateway_authorizer.api_key]
}

run "rejects_a_tenant_id_the_authorizer_would_refuse" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "Acme Corp", scopes = ["write"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_an_unknown_scope_and_an_uncached_authorizer" {
  command = plan

  variables {
    # Rejects an unknown scope.
    api_clients = {
      acme = { tenant = "acme", scopes = ["write", "admin"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
    # Rejects an uncached authorizer.
    api_authorizer_result_ttl_seconds = 0
  }

  expect_failures = [var.api_clients, var.api_authorizer_result_ttl_seconds]
}

run "rejects_a_client_without_scopes" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = [], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_without_keys" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = [] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_key_name_with_a_slash" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["2026/11"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_client_name_the_authorizer_would_refuse" {
  command = plan

  variables {
    api_clients = {
      "-acme" = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "rejects_a_quota_period_api_gateway_does_not_know" {
  command = plan

  variables {
    api_clients = {
      acme = { tenant = "acme", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, quota = { limit = 100, period = "YEAR" }, keys = ["k1"] }
    }
  }

  expect_failures = [var.api_clients]
}

run "a_disabled_client_keeps_its_keys_but_none_works" {
  command = plan

  variables {
    api_clients = {
      "acme-pos" = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 20, burst_limit = 40 }, quota = { limit = 1728000, period = "DAY" }, keys = ["2026-11"], enabled = false }
      "globex"   = { tenant = "globex", scopes = ["read"], throttle = { rate_limit = 5, burst_limit = 10 }, quota = { limit = 432000, period = "DAY" }, keys = ["k1"] }
    }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-pos/2026-11"]
    override_during = plan
    values          = { value = "PosKey2026x11xAAAAAAAAAAAAAAAAAAAAAAAAAA" }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["globex/k1"]
    override_during = plan
    values          = { value = "GlobexKeyK1xDDDDDDDDDDDDDDDDDDDDDDDDDDDD" }
  }

  assert {
    condition = (
      !aws_api_gateway_api_key.client["acme-pos/2026-11"].enabled
      && aws_api_gateway_api_key.client["globex/k1"].enabled
      && length(aws_api_gateway_usage_plan_key.client) == 2
    )
    error_message = "A disabled client's keys stay (same values, for when it is enabled again) but API Gateway refuses them; the other clients are untouched."
  }

  assert {
    condition = keys(jsondecode(aws_s3_object.api_key_grants.content)) == [
      sha256("GlobexKeyK1xDDDDDDDDDDDDDDDDDDDDDDDDDDDD")
    ]
    error_message = "The authorizer must grant nothing to a disabled client's keys."
  }
}

run "a_client_may_hold_the_replay_and_erase_scopes" {
  command = plan

  variables {
    api_clients = {
      "acme-ops" = { tenant = "acme", scopes = ["read", "replay", "erase"], throttle = { rate_limit = 5, burst_limit = 10 }, quota = { limit = 432000, period = "DAY" }, keys = ["k1"] }
    }
  }

  override_resource {
    target          = aws_api_gateway_api_key.client["acme-ops/k1"]
    override_during = plan
    values          = { value = "OpsKeyK1xEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE" }
  }

  assert {
    condition     = jsondecode(aws_s3_object.api_key_grants.content)[sha256("OpsKeyK1xEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE")].scopes == ["read", "replay", "erase"]
    error_message = "The replay and erase scopes must reach the authorizer's grants like write and read."
  }
}
