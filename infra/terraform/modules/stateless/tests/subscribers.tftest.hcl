# Plans the module with a mocked provider and asserts subscribers.tf: each
# subscriber's filter, dead-letter queue and alarm, and what lets the topic
# deliver to it.

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
  target          = aws_sns_topic.events
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"
  }
}

override_resource {
  target          = aws_sqs_queue.subscriber_dlq
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-sub-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-test-sub-dlq"
  }
}

override_data {
  target = data.aws_caller_identity.current
  values = { account_id = "123456789012" }
}

run "every_subscriber_gets_a_filtered_subscription_with_a_dead_letter_queue" {
  command = plan

  variables {
    subscribers = {
      ledger = { protocol = "sqs", endpoint = "arn:aws:sqs:eu-west-1:123456789012:ledger-events", tenants = ["acme", "globex"], raw_message_delivery = true }
      audit  = { protocol = "lambda", endpoint = "arn:aws:lambda:eu-west-1:123456789012:function:audit:live", replays = false }
      hook   = { protocol = "https", endpoint = "https://hooks.example.com/fluxa" }
      lake   = { protocol = "firehose", endpoint = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/events", subscription_role_arn = "arn:aws:iam::123456789012:role/sns-firehose" }
      remote = { protocol = "sqs", endpoint = "arn:aws:sqs:eu-west-1:210987654321:partner-events" }
    }
  }

  assert {
    condition = alltrue([
      for name, sub in aws_sns_topic_subscription.subscriber :
      sub.topic_arn == "arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"
      && jsondecode(sub.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:fluxa-test-sub-dlq"
    ]) && length(aws_sns_topic_subscription.subscriber) == 5
    error_message = "Each subscriber must have one subscription to the events topic, with an SNS redrive policy to its dead-letter queue."
  }

  assert {
    condition = (
      jsondecode(aws_sns_topic_subscription.subscriber["ledger"].filter_policy) == { tenant_id = ["acme", "globex"] }
      && aws_sns_topic_subscription.subscriber["ledger"].filter_policy_scope == "MessageAttributes"
      && aws_sns_topic_subscription.subscriber["ledger"].raw_message_delivery
      && jsondecode(aws_sns_topic_subscription.subscriber["audit"].filter_policy) == { replay_id = [{ exists = false }] }
      && aws_sns_topic_subscription.subscriber["hook"].filter_policy == null
      && aws_sns_topic_subscription.subscriber["lake"].subscription_role_arn == "arn:aws:iam::123456789012:role/sns-firehose"
    )
    error_message = "tenants filter on the tenant_id attribute, replays = false drops notifications carrying replay_id, and a subscriber with neither gets everything."
  }

  assert {
    condition = alltrue([
      for name, queue in aws_sqs_queue.subscriber_dlq :
      queue.name == "fluxa-test-sub-${name}-dlq" && queue.sqs_managed_sse_enabled && queue.message_retention_seconds == 1209600
    ]) && length(aws_sqs_queue.subscriber_dlq) == 5
    error_message = "Each subscriber's dead-letter queue is its own, encrypted, keeping messages 14 days."
  }

  assert {
    condition = alltrue([
      for name, doc in data.aws_iam_policy_document.subscriber_dlq :
      one(doc.statement).actions == toset(["sqs:SendMessage"])
      && one(one(doc.statement).principals).identifiers == toset(["sns.amazonaws.com"])
      && one(one(doc.statement).condition).variable == "aws:SourceArn"
      && one(one(doc.statement).condition).values == tolist(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"])
    ])
    error_message = "SNS may send to a subscriber's dead-letter queue for this topic only."
  }

  assert {
    condition = (
      toset(keys(aws_sqs_queue_policy.subscriber)) == toset(["ledger"])
      && aws_sqs_queue_policy.subscriber["ledger"].queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/ledger-events"
      && one(data.aws_iam_policy_document.subscriber_queue["ledger"].statement).resources == toset(["arn:aws:sqs:eu-west-1:123456789012:ledger-events"])
      && one(one(data.aws_iam_policy_document.subscriber_queue["ledger"].statement).condition).values == tolist(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"])
    )
    error_message = "A queue in this account gets the policy that lets the topic (and only it) send; one in another account is left to its owner."
  }

  assert {
    condition = (
      toset(keys(aws_lambda_permission.subscriber)) == toset(["audit"])
      && aws_lambda_permission.subscriber["audit"].function_name == "arn:aws:lambda:eu-west-1:123456789012:function:audit:live"
      && aws_lambda_permission.subscriber["audit"].principal == "sns.amazonaws.com"
      && aws_lambda_permission.subscriber["audit"].source_arn == "arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"
    )
    error_message = "A function subscriber gets the permission to be invoked by the topic."
  }

  assert {
    condition = (
      toset(keys(aws_cloudwatch_metric_alarm.dead_letters)) == toset(["events", "subscriber-ledger", "subscriber-audit", "subscriber-hook", "subscriber-lake", "subscriber-remote"])
      && aws_cloudwatch_metric_alarm.dead_letters["subscriber-hook"].alarm_name == "fluxa-test-subscriber-hook-dlq-new-messages"
    )
    error_message = "Each subscriber's dead-letter queue gets the same new-arrivals alarm as the events DLQ."
  }
}

run "no_subscriber_no_account_lookup" {
  command = plan

  assert {
    condition     = length(data.aws_caller_identity.current) == 0 && length(aws_sns_topic_subscription.subscriber) == 0
    error_message = "Without an SQS subscriber the module reads no account id: a plan needs no AWS access."
  }
}
