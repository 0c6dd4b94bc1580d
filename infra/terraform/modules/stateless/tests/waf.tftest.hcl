# Plans the module with a mocked provider and asserts waf.tf: per-address rate
# limits that answer 429 in the API's error body, sized so that a producer at
# its plan's rate is never blocked.

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
  target          = aws_api_gateway_stage.this
  override_during = plan
  values = {
    arn = "arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/v1"
  }
}

run "the_default_limit_sits_above_the_largest_plans_sustained_rate" {
  command = plan

  variables {
    enable_waf = true
    api_clients = {
      # 1,000 events/s in batches of 100 from one NAT: 10 requests/s.
      "acme-pos" = { tenant = "acme", scopes = ["write"], throttle = { rate_limit = 10, burst_limit = 20 }, quota = { limit = 864000, period = "DAY" }, keys = ["k1"] }
      "globex"   = { tenant = "globex", scopes = ["write"], throttle = { rate_limit = 5, burst_limit = 10 }, quota = { limit = 432000, period = "DAY" }, keys = ["k1"] }
    }
  }

  assert {
    condition = (
      one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].limit >= 10 * 300
      && one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].limit == 2 * 10 * 300
    )
    error_message = "The per-address limit must let the largest plan's producer (10 requests/s: 3,000 per 5 minutes) through; by default it is twice that."
  }
}

run "the_waf_limits_each_address_and_the_body_size" {
  command = plan

  variables {
    enable_waf = true
  }

  # The default client is never blocked at its plan's rate.
  assert {
    condition     = one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].limit == 30000
    error_message = "The default client (50 requests/s) gives a per-address limit of 30,000 per 5 minutes."
  }

  # The anonymous routes have a lower limit per address.
  assert {
    condition = (
      one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-anonymous-routes-per-address"]).statement[0].rate_based_statement[0].limit == 300
      && toset([
        for s in one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-anonymous-routes-per-address"]).statement[0].rate_based_statement[0].scope_down_statement[0].or_statement[0].statement :
        s.byte_match_statement[0].search_string if s.byte_match_statement[0].positional_constraint == "ENDS_WITH"
      ]) == toset([for route in jsondecode(file("routes.json")) : route.resource if !route.apiKeyRequired])
    )
    error_message = "Exactly the routes callable without a key (routes.json) get their own, lower per-address limit."
  }

  # A body over 4 mib as sent is answered 413 before any function.
  assert {
    condition = (
      one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "request-body-too-large"]).priority == 0
      && one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "request-body-too-large"]).statement[0].regex_match_statement[0].field_to_match[0].single_header[0].name == "content-length"
      && one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "request-body-too-large"]).action[0].block[0].custom_response[0].response_code == 413
      && jsondecode(one([for b in aws_wafv2_web_acl.api[0].custom_response_body : b.content if b.key == "payload_too_large"])).error.code == "PAYLOAD_TOO_LARGE"
    )
    error_message = "The first rule must answer a Content-Length over the limit 413 PAYLOAD_TOO_LARGE in the API's error body."
  }

  # The pattern, read as RE2 like WAF reads it: every length above 4 MiB
  # matches, none at or below it.
  assert {
    condition = alltrue([
      for length in ["4194305", "4194310", "4194399", "4194400", "4195000", "4199999", "4200000", "5000000", "9999999", "10000000", "0004194305", "123456789012"] :
      length(regexall(one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "request-body-too-large"]).statement[0].regex_match_statement[0].regex_string, length)) == 1
      ]) && alltrue([
      for length in ["0", "1", "999", "1048576", "4194303", "4194304", "4194300", "4190000", "4189999", "4099999", "0004194304", "419430", "41943040x"] :
      length(regexall(one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "request-body-too-large"]).statement[0].regex_match_statement[0].regex_string, length)) == 0
    ])
    error_message = "The Content-Length pattern must match exactly the lengths above 4,194,304 bytes."
  }
}

run "a_rate_block_answers_429_in_the_apis_error_body" {
  command = plan

  variables {
    enable_waf     = true
    waf_rate_limit = 1000
  }

  assert {
    condition = alltrue([
      for r in aws_wafv2_web_acl.api[0].rule : (
        r.action[0].block[0].custom_response[0].response_code == 429
        && r.action[0].block[0].custom_response[0].custom_response_body_key == "throttled"
        && { for h in r.action[0].block[0].custom_response[0].response_header : h.name => h.value } == { "Retry-After" = "60", "X-Content-Type-Options" = "nosniff", "Cache-Control" = "no-store" }
      ) if startswith(r.name, "rate-limit-")
    ]) && length([for r in aws_wafv2_web_acl.api[0].rule : r if startswith(r.name, "rate-limit-")]) == 2
    error_message = "Both rate rules must answer 429 with Retry-After and the API's headers, not WAF's default 403."
  }

  assert {
    condition = (
      alltrue([for b in aws_wafv2_web_acl.api[0].custom_response_body : b.content_type == "APPLICATION_JSON" && keys(jsondecode(b.content)) == ["correlation_id", "error"] && can(regex("^[A-Za-z0-9._:-]{1,128}$", jsondecode(b.content).correlation_id))])
      && jsondecode(one([for b in aws_wafv2_web_acl.api[0].custom_response_body : b.content if b.key == "throttled"])).error.code == "THROTTLED"
    )
    error_message = "Every WAF answer must be the API's error body in JSON (error and a well-formed correlation_id); the 429's code is THROTTLED."
  }

  assert {
    condition = (
      one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].limit == 1000
      && one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].aggregate_key_type == "IP"
      && aws_wafv2_web_acl.api[0].scope == "REGIONAL"
    )
    error_message = "waf_rate_limit, when given, is the per-address limit."
  }

  assert {
    condition     = aws_wafv2_web_acl_association.api[0].resource_arn == "arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/v1"
    error_message = "The WAF must be attached to the API stage."
  }

  assert {
    condition     = startswith(aws_cloudwatch_log_group.waf[0].name, "aws-waf-logs-") && aws_cloudwatch_log_group.waf[0].retention_in_days == 30
    error_message = "Blocked requests must be logged to a retained aws-waf-logs-* group."
  }
}

run "waf_is_optional" {
  command = plan

  assert {
    condition     = length(aws_wafv2_web_acl.api) == 0 && length(aws_wafv2_web_acl_association.api) == 0 && output.api_limits.waf_rate_limit_per_5_minutes == null
    error_message = "Without enable_waf there is no web ACL."
  }
}

