# API clients (var.api_clients): one usage plan per client (its throttle and
# quota), one API key per key name, and the grants table the authorizer reads
# (written to the grants object, api_keys.tf). AWS generates every key value;
# it is kept by API Gateway and in Terraform state, and the authorizer only
# ever sees its SHA-256.

locals {
  # "client/key name" => which client it belongs to. Client names may contain
  # "/", key names may not: the part after the last "/" is the key name.
  api_client_keys = merge([
    for client, c in var.api_clients : {
      for key in c.keys : "${client}/${key}" => { client = client, key = key }
    }
  ]...)
  # What a client's keys may do, in the authorizer's grant shape.
  api_client_grants = {
    for client, c in var.api_clients : client => { client = client, tenant_id = c.tenant, scopes = c.scopes }
  }

  # The grants object: the lower-case hex SHA-256 of each key value => its
  # client's grant. AWS generates 40 random letters and digits per key, so an
  # unsalted hash cannot be reversed; it is shown in plans on purpose (the
  # table is the access model at a glance), while the values stay sensitive.
  api_key_grants = {
    for id, key in aws_api_gateway_api_key.client :
    nonsensitive(sha256(key.value)) => local.api_client_grants[local.api_client_keys[id].client]
    if var.api_clients[local.api_client_keys[id].client].enabled
  }

  # The API key id per "client/key name", and the default client's newest key
  # (the last it lists) for api_key_id, which the deploy and verify scripts read.
  api_client_key_ids = { for id, key in aws_api_gateway_api_key.client : id => key.id }
  default_client_key_id = try(
    local.api_client_key_ids["default/${var.api_clients["default"].keys[length(var.api_clients["default"].keys) - 1]}"],
    null,
  )
}

resource "aws_api_gateway_api_key" "client" {
  for_each = local.api_client_keys

  name        = "${local.name_prefix}-${each.value.client}-${each.value.key}"
  description = "Fluxa ${var.stage}: key ${each.value.key} of client ${each.value.client} (tenant ${var.api_clients[each.value.client].tenant}, ${join("+", var.api_clients[each.value.client].scopes)}). Value: aws apigateway get-api-key --api-key <id> --include-value"
  # A disabled key is refused by API Gateway at once (403), whatever the
  # authorizer's cached answer.
  enabled = var.api_clients[each.value.client].enabled
  tags    = local.tags
}

# Throttle and quota apply to each key of the plan on its own: during a
# rotation a client's two keys each get the full limits.
resource "aws_api_gateway_usage_plan" "client" {
  for_each = var.api_clients

  name        = "${local.name_prefix}-${each.key}"
  description = "Fluxa ${var.stage} client ${each.key}: throttle${each.value.quota == null ? "" : " and quota"} per key"

  api_stages {
    api_id = aws_api_gateway_rest_api.this.id
    stage  = aws_api_gateway_stage.this.stage_name
  }

  throttle_settings {
    rate_limit  = each.value.throttle.rate_limit
    burst_limit = each.value.throttle.burst_limit
  }

  dynamic "quota_settings" {
    for_each = each.value.quota[*]

    content {
      limit  = quota_settings.value.limit
      period = quota_settings.value.period
    }
  }

  tags = local.tags
}

resource "aws_api_gateway_usage_plan_key" "client" {
  for_each = local.api_client_keys

  key_id        = aws_api_gateway_api_key.client[each.key].id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.client[each.value.client].id
}

# A stack deployed with the single default key and usage plan keeps both: the
# key keeps its value (no client needs a new one), the plan its usage counts.
moved {
  from = aws_api_gateway_api_key.default
  to   = aws_api_gateway_api_key.client["default/initial"]
}

moved {
  from = aws_api_gateway_usage_plan.default
  to   = aws_api_gateway_usage_plan.client["default"]
}

moved {
  from = aws_api_gateway_usage_plan_key.default
  to   = aws_api_gateway_usage_plan_key.client["default/initial"]
}
