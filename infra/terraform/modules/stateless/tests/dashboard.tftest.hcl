# Plans the module with a mocked provider and asserts dashboard.tf.

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

run "the_dashboard_charts_every_function_and_the_emf_metrics" {
  command = plan

  variables {
    alarm_subscriptions = [{ protocol = "email", endpoint = "ops@example.com" }]
  }

  assert {
    condition = alltrue([
      for metric in ["ingest_success", "processed_success", "dlq_sent", "notify_published", "query_success"] :
      strcontains(aws_cloudwatch_dashboard.this.dashboard_body, jsonencode(["Fluxa", metric, "service", metric == "query_success" ? "query" : (startswith(metric, "ingest") ? "ingest" : "processor")]))
    ])
    error_message = "The dashboard must chart the Fluxa EMF metrics by service."
  }

  assert {
    condition = alltrue(flatten([
      for widget in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : [
        for metric in widget.properties.metrics : can(metric[0]) && widget.properties.region == "eu-west-1"
      ]
    ]))
    error_message = "Every dashboard metric must be its own array (namespace, name, dimensions..., options) in the stack's region."
  }

  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets[3].properties.metrics) == 21
    error_message = "The Lambda widget must chart invocations, errors and throttles of all seven functions as 21 series."
  }

  assert {
    condition = (
      strcontains(aws_cloudwatch_dashboard.this.dashboard_body, jsonencode(["Fluxa", "relay_published", "service", "relay"]))
      && strcontains(aws_cloudwatch_dashboard.this.dashboard_body, jsonencode(["Fluxa", "relay_oldest_owed_seconds", "service", "relay"]))
    )
    error_message = "The dashboard must chart the relay's published count and the age of the oldest owed notification."
  }
}
