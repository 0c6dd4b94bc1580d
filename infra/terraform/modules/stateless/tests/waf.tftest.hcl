# Plans the module with a mocked provider and asserts waf.tf.

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
      master = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-master-AbCdEf"
      query  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-query-role-AbCdEf"
      writer = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fluxa-test-db-writer-role-AbCdEf"
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

run "waf_limits_each_client_address" {
  command = plan

  variables {
    enable_waf     = true
    waf_rate_limit = 1000
  }

  assert {
    condition = (
      one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].limit == 1000
      && one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).statement[0].rate_based_statement[0].aggregate_key_type == "IP"
      && length(one([for r in aws_wafv2_web_acl.api[0].rule : r if r.name == "rate-limit-per-address"]).action[0].block) == 1
      && aws_wafv2_web_acl.api[0].scope == "REGIONAL"
    )
    error_message = "The WAF must block a client address above the rate limit."
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
    condition     = length(aws_wafv2_web_acl.api) == 0 && length(aws_wafv2_web_acl_association.api) == 0
    error_message = "Without enable_waf there is no web ACL."
  }
}
