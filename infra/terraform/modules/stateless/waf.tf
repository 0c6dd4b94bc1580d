# Optional WAF on the stage (enable_waf; on in prod). API Gateway's throttles
# are per stage, method and key, not per client address: one address could use
# the whole stage rate, the anonymous routes have no key at all, and every
# distinct unknown key costs an authorizer invocation. The rules:
#   - per address, every route: a flood guard for traffic no key limits. Keyed
#     traffic is limited exactly, per key, by its usage plan (429 THROTTLED
#     from API Gateway), so this limit sits above the largest plan's sustained
#     rate (twice it, for a plan's burst and a second client behind the same
#     NAT): a producer at its plan's rate is never blocked here. Keyed on the
#     address, not the key: a flood of made-up keys would get a bucket per key;
#   - per address, the anonymous routes only: a much lower limit, so one
#     caller cannot take their small shared throttle from everyone;
#   - the AWS-managed known-bad-inputs rules (Log4Shell lookups and the like);
#   - first of all, a body over 4 MiB as sent is answered 413 (below).
# Blocks by the rate rules answer 429 in the API's error body with
# Retry-After, as API Gateway's own throttling does. A WAF response is static:
# it cannot carry the request's correlation id (its correlation_id is
# "waf-blocked") nor echo X-Correlation-ID; WAF logs the blocked request.

locals {
  # Requests per 5 minutes: twice the largest client's sustained rate (the
  # default client's 50/s gives 30,000), never below WAF's sensible floor.
  waf_rate_limit = coalesce(var.waf_rate_limit, max(2000, ceil(2 * 300 * max(concat([0], [for c in values(var.api_clients) : c.throttle.rate_limit])...))))

  # A request body is at most 4 MiB as sent: API Gateway hands it to Lambda
  # base64-encoded (5.3 MiB) inside an event Lambda takes only up to 6 MB. A
  # larger one would fail at the invoke with a 502 that names nothing; this
  # rule answers it 413 before. Content-Length is a decimal string, so "more
  # than 4,194,304" is a pattern: 8 digits or more, or 7 digits above it.
  max_request_wire_bytes    = 4194304
  content_length_over_limit = "^0*([1-9][0-9]{7,}|[5-9][0-9]{6}|4[2-9][0-9]{5}|419[5-9][0-9]{3}|4194[4-9][0-9]{2}|41943[1-9][0-9]|419430[5-9])$"

  # The answers of a block, in the API's error body and headers.
  waf_error_headers = {
    "X-Content-Type-Options" = "nosniff"
    "Cache-Control"          = "no-store"
  }
  waf_responses = {
    payload_too_large = {
      status  = 413
      headers = local.waf_error_headers
      body = jsonencode({
        error          = { code = "PAYLOAD_TOO_LARGE", message = "the request body exceeds ${local.max_request_wire_bytes} bytes as sent" }
        correlation_id = "waf-blocked"
      })
    }
    throttled = {
      status  = 429
      headers = merge(local.waf_error_headers, { "Retry-After" = "60" })
      body = jsonencode({
        error          = { code = "THROTTLED", message = "too many requests from this address; retry after the number of seconds in Retry-After" }
        correlation_id = "waf-blocked"
      })
    }
  }

  # Routes anyone may call without a key, as WAF sees their path (the stage
  # name precedes it): each is matched by its end.
  waf_anonymous_paths = sort(distinct([for key, route in local.api_routes : route.resource if !route.api_key_required]))
}

resource "aws_wafv2_web_acl" "api" {
  count = var.enable_waf ? 1 : 0

  name        = "${local.name_prefix}-api"
  description = "Fluxa ${var.stage} API: per-address rate limits and known bad inputs"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  dynamic "custom_response_body" {
    for_each = local.waf_responses

    content {
      key          = custom_response_body.key
      content      = custom_response_body.value.body
      content_type = "APPLICATION_JSON"
    }
  }

  rule {
    name     = "request-body-too-large"
    priority = 0

    action {
      block {
        custom_response {
          response_code            = local.waf_responses.payload_too_large.status
          custom_response_body_key = "payload_too_large"

          dynamic "response_header" {
            for_each = local.waf_responses.payload_too_large.headers

            content {
              name  = response_header.key
              value = response_header.value
            }
          }
        }
      }
    }

    statement {
      regex_match_statement {
        regex_string = local.content_length_over_limit

        field_to_match {
          single_header {
            name = "content-length"
          }
        }

        text_transformation {
          priority = 0
          type     = "NONE"
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-request-body-too-large"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit-anonymous-routes-per-address"
    priority = 1

    action {
      block {
        custom_response {
          response_code            = local.waf_responses.throttled.status
          custom_response_body_key = "throttled"

          dynamic "response_header" {
            for_each = local.waf_responses.throttled.headers

            content {
              name  = response_header.key
              value = response_header.value
            }
          }
        }
      }
    }

    statement {
      rate_based_statement {
        limit              = var.waf_anonymous_rate_limit
        aggregate_key_type = "IP"

        scope_down_statement {
          or_statement {
            dynamic "statement" {
              for_each = local.waf_anonymous_paths

              content {
                byte_match_statement {
                  search_string         = statement.value
                  positional_constraint = "ENDS_WITH"

                  field_to_match {
                    uri_path {}
                  }

                  text_transformation {
                    priority = 0
                    type     = "NONE"
                  }
                }
              }
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-rate-limit-anonymous"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit-per-address"
    priority = 2

    action {
      block {
        custom_response {
          response_code            = local.waf_responses.throttled.status
          custom_response_body_key = "throttled"

          dynamic "response_header" {
            for_each = local.waf_responses.throttled.headers

            content {
              name  = response_header.key
              value = response_header.value
            }
          }
        }
      }
    }

    statement {
      rate_based_statement {
        limit              = local.waf_rate_limit
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 3

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name_prefix}-api"
    sampled_requests_enabled   = true
  }

  tags = local.tags
}

resource "aws_wafv2_web_acl_association" "api" {
  count = var.enable_waf ? 1 : 0

  resource_arn = aws_api_gateway_stage.this.arn
  web_acl_arn  = aws_wafv2_web_acl.api[0].arn
}

# WAF logs only the requests it blocks (the access log has the rest), for
# the same retention as the API's other logs. The group name must start with
# aws-waf-logs-.
resource "aws_cloudwatch_log_group" "waf" {
  count = var.enable_waf ? 1 : 0

  name              = "aws-waf-logs-${local.name_prefix}-api"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "aws_wafv2_web_acl_logging_configuration" "api" {
  count = var.enable_waf ? 1 : 0

  resource_arn            = aws_wafv2_web_acl.api[0].arn
  log_destination_configs = [aws_cloudwatch_log_group.waf[0].arn]

  logging_filter {
    default_behavior = "DROP"

    filter {
      behavior    = "KEEP"
      requirement = "MEETS_ANY"

      condition {
        action_condition {
          action = "BLOCK"
        }
      }
    }
  }
}
