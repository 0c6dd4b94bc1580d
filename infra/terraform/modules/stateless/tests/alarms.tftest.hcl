# Plans the module with a mocked provider and asserts alarms.tf: every alarm
# notifies the module's alarm topic, whose subscribers are an input.

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
  target          = aws_sns_topic.alarms
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
  }
}

run "every_alarm_notifies_the_alarm_topic" {
  command = plan

  variables {
    alarm_subscriptions = [{ protocol = "email", endpoint = "ops@example.com" }]
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.dead_letters["events"].alarm_name == "fluxa-test-events-dlq-new-messages"
      && aws_cloudwatch_metric_alarm.dead_letters["events"].threshold == 0
      && aws_cloudwatch_metric_alarm.dead_letters["events"].comparison_operator == "GreaterThanThreshold"
      && aws_cloudwatch_metric_alarm.dead_letters["events"].evaluation_periods == 1
      && aws_cloudwatch_metric_alarm.dead_letters["events"].treat_missing_data == "notBreaching"
    )
    error_message = "An alarm must fire in the minute a dead letter arrives, and clear in the next quiet one."
  }

  # It counts arrivals, so a second failure notifies again: what was sent
  # (the processor's own dead letters) plus any rise in depth (SQS redrive
  # moves messages without counting them as sent); never the standing depth.
  assert {
    condition = (
      one([for q in aws_cloudwatch_metric_alarm.dead_letters["events"].metric_query : q if q.id == "arrivals"]).expression == "sent + IF(DIFF(visible) > 0, DIFF(visible), 0)"
      && one([for q in aws_cloudwatch_metric_alarm.dead_letters["events"].metric_query : q if q.id == "arrivals"]).return_data
      && one([for q in aws_cloudwatch_metric_alarm.dead_letters["events"].metric_query : q if q.id == "sent"]).metric[0].metric_name == "NumberOfMessagesSent"
      && one([for q in aws_cloudwatch_metric_alarm.dead_letters["events"].metric_query : q if q.id == "sent"]).metric[0].dimensions.QueueName == "fluxa-test-events-dlq"
      && one([for q in aws_cloudwatch_metric_alarm.dead_letters["events"].metric_query : q if q.id == "visible"]).metric[0].metric_name == "ApproximateNumberOfMessagesVisible"
      && one([for q in aws_cloudwatch_metric_alarm.dead_letters["events"].metric_query : q if q.id == "visible"]).metric[0].dimensions.QueueName == "fluxa-test-events-dlq"
    )
    error_message = "The dead-letter alarm must count new arrivals (messages sent plus a rise in depth), not the queue's depth."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.queue_oldest_message_age.metric_name == "ApproximateAgeOfOldestMessage" && aws_cloudwatch_metric_alarm.queue_oldest_message_age.dimensions.QueueName == "fluxa-test-events"
    error_message = "An alarm must watch the age of the oldest queued message."
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.lambda_errors)) == toset(["authorizer", "ingest", "processor", "query", "control", "relay", "migrate"]) && toset(keys(aws_cloudwatch_metric_alarm.lambda_throttles)) == toset(["authorizer", "ingest", "processor", "query", "control", "relay", "migrate"])
    error_message = "Every function needs an errors and a throttles alarm."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.api_5xx.metric_name == "5XXError" && aws_cloudwatch_metric_alarm.api_5xx.namespace == "AWS/ApiGateway"
    error_message = "An alarm must watch API 5xx responses."
  }

  # The authorizer's first failed read of the grants alarms, while its last
  # copy still answers (the grace), not when keyed requests start failing.
  assert {
    condition = (
      aws_cloudwatch_log_metric_filter.api_key_grants_unreadable.log_group_name == "/aws/lambda/fluxa-test-authorizer"
      && strcontains(aws_cloudwatch_log_metric_filter.api_key_grants_unreadable.pattern, "$.code = \"API_KEY_GRANTS_UNREADABLE\"")
      && strcontains(aws_cloudwatch_log_metric_filter.api_key_grants_unreadable.pattern, "$.code = \"API_KEY_GRANTS_INVALID\"")
      && aws_cloudwatch_metric_alarm.api_key_grants_unreadable.namespace == aws_cloudwatch_log_metric_filter.api_key_grants_unreadable.metric_transformation[0].namespace
      && aws_cloudwatch_metric_alarm.api_key_grants_unreadable.metric_name == aws_cloudwatch_log_metric_filter.api_key_grants_unreadable.metric_transformation[0].name
      && aws_cloudwatch_metric_alarm.api_key_grants_unreadable.threshold == 1
      && aws_cloudwatch_metric_alarm.api_key_grants_unreadable.period == 60
    )
    error_message = "An alarm must fire in the minute the authorizer first fails to read the API key grants (its logged codes)."
  }

  assert {
    condition = alltrue([
      for alarm in concat(
        [aws_cloudwatch_metric_alarm.queue_oldest_message_age, aws_cloudwatch_metric_alarm.api_5xx, aws_cloudwatch_metric_alarm.relay_owed_notifications, aws_cloudwatch_metric_alarm.relay_not_running, aws_cloudwatch_metric_alarm.api_key_grants_unreadable], values(aws_cloudwatch_metric_alarm.dead_letters),
        values(aws_cloudwatch_metric_alarm.lambda_errors), values(aws_cloudwatch_metric_alarm.lambda_throttles),
      ) : alarm.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"]) && alarm.ok_actions == alarm.alarm_actions
    ])
    error_message = "Every alarm must notify (and clear on) the module's alarm topic."
  }

  assert {
    condition = (
      aws_sns_topic_subscription.alarms["email:ops@example.com"].topic_arn == "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
      && aws_sns_topic_subscription.alarms["email:ops@example.com"].protocol == "email"
      && output.sns_alarm_topic_arn == "arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"
    )
    error_message = "Each alarm subscriber must be subscribed to the alarm topic."
  }
}

run "the_alarms_watch_each_failure_and_target_the_topic_without_subscribers" {
  command = plan

  # Alarms notify nobody without subscribers but still target the topic.
  assert {
    condition     = length(aws_sns_topic_subscription.alarms) == 0 && aws_cloudwatch_metric_alarm.dead_letters["events"].alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-alarms"])
    error_message = "Alarms always target the module's topic; subscribers are an input."
  }

  # An owed notification and a silent relay alarm.
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.relay_owed_notifications.namespace == "Fluxa"
      && aws_cloudwatch_metric_alarm.relay_owed_notifications.metric_name == "relay_oldest_owed_seconds"
      && aws_cloudwatch_metric_alarm.relay_owed_notifications.dimensions == tomap({ service = "relay" })
      && aws_cloudwatch_metric_alarm.relay_owed_notifications.statistic == "Maximum"
      && aws_cloudwatch_metric_alarm.relay_owed_notifications.comparison_operator == "GreaterThanThreshold"
      && aws_cloudwatch_metric_alarm.relay_owed_notifications.threshold == 300
    )
    error_message = "An alarm must fire when any event's notification has been owed for more than 5 minutes (the relay's relay_oldest_owed_seconds, Maximum > 300)."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.relay_not_running.metric_name == "Invocations"
      && aws_cloudwatch_metric_alarm.relay_not_running.dimensions == tomap({ FunctionName = "fluxa-test-relay" })
      && aws_cloudwatch_metric_alarm.relay_not_running.comparison_operator == "LessThanThreshold"
      && aws_cloudwatch_metric_alarm.relay_not_running.threshold == 1
      && aws_cloudwatch_metric_alarm.relay_not_running.treat_missing_data == "breaching"
    )
    error_message = "A relay that stops running must alarm too: it reports no age then."
  }

  # The queue age alarm still means a backlog with an hour of backoff.
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.queue_oldest_message_age.metric_name == "ApproximateAgeOfOldestMessage"
      && aws_cloudwatch_metric_alarm.queue_oldest_message_age.threshold == 300
      && aws_cloudwatch_metric_alarm.queue_oldest_message_age.datapoints_to_alarm == 3
    )
    error_message = "The oldest-message alarm stays at 5 minutes: SQS leaves a message received three times or more out of ApproximateAgeOfOldestMessage, so one record in backoff does not hold it up; a whole queue in backoff (an outage) is what it should report."
  }
}

