# Subscribers of the events topic (var.subscribers): each gets a subscription
# with the filter policy its choices make, a dead-letter queue of its own for
# what SNS could not deliver after its retries (SNS redrive policy), and an
# alarm on that queue (alarms.tf). A queue in this account gets the policy
# that lets the topic send to it; a function gets the permission to be
# invoked by the topic.

locals {
  # Filters on message attributes, ANDed: the tenants it serves (tenant_id,
  # any of them), and whether replayed notifications reach it (a replayed
  # notification carries replay_id; live ones do not).
  subscriber_filter_policies = {
    for name, s in var.subscribers : name => merge(
      length(s.tenants) == 0 ? {} : { tenant_id = sort(distinct(s.tenants)) },
      s.replays ? {} : { replay_id = [{ exists = false }] },
    )
  }

  sqs_subscribers    = { for name, s in var.subscribers : name => s if s.protocol == "sqs" }
  lambda_subscribers = { for name, s in var.subscribers : name => s if s.protocol == "lambda" }

  # A queue in this account: its policy is set here. One in another account is
  # its owner's to open to the topic (README).
  account_id = one(data.aws_caller_identity.current[*].account_id)
  same_account_queues = {
    for name, s in local.sqs_subscribers : name => {
      arn = s.endpoint
      url = "https://sqs.${split(":", s.endpoint)[3]}.${data.aws_partition.current.dns_suffix}/${split(":", s.endpoint)[4]}/${split(":", s.endpoint)[5]}"
    } if split(":", s.endpoint)[4] == local.account_id
  }
}

# Read only when there is an SQS subscriber, so a stack without one still
# plans with no AWS access.
data "aws_caller_identity" "current" {
  count = length(local.sqs_subscribers) > 0 ? 1 : 0
}

resource "aws_sqs_queue" "subscriber_dlq" {
  for_each = var.subscribers

  name = "${local.name_prefix}-sub-${each.key}-dlq"

  # 14 days (the SQS maximum) to fix the subscriber and redrive.
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = local.tags
}

# SNS moves a notification it could not deliver to the subscription's DLQ; it
# may do so only for this topic.
data "aws_iam_policy_document" "subscriber_dlq" {
  for_each = var.subscribers

  statement {
    sid       = "TopicDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.subscriber_dlq[each.key].arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.events.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "subscriber_dlq" {
  for_each = var.subscribers

  queue_url = aws_sqs_queue.subscriber_dlq[each.key].id
  policy    = data.aws_iam_policy_document.subscriber_dlq[each.key].json
}

data "aws_iam_policy_document" "subscriber_queue" {
  for_each = local.same_account_queues

  statement {
    sid       = "FluxaEventsTopic"
    actions   = ["sqs:SendMessage"]
    resources = [each.value.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.events.arn]
    }
  }
}

# A queue has one policy: this one replaces whatever the queue had. A queue
# whose policy is managed elsewhere belongs in another account's list, or its
# owner adds the statement above to it (README).
resource "aws_sqs_queue_policy" "subscriber" {
  for_each = local.same_account_queues

  queue_url = each.value.url
  policy    = data.aws_iam_policy_document.subscriber_queue[each.key].json
}

resource "aws_lambda_permission" "subscriber" {
  for_each = local.lambda_subscribers

  statement_id  = "${local.name_prefix}-events-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.endpoint
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.events.arn
}

resource "aws_sns_topic_subscription" "subscriber" {
  for_each = var.subscribers

  topic_arn             = aws_sns_topic.events.arn
  protocol              = each.value.protocol
  endpoint              = each.value.endpoint
  raw_message_delivery  = each.value.raw_message_delivery
  subscription_role_arn = each.value.subscription_role_arn

  filter_policy       = length(local.subscriber_filter_policies[each.key]) == 0 ? null : jsonencode(local.subscriber_filter_policies[each.key])
  filter_policy_scope = length(local.subscriber_filter_policies[each.key]) == 0 ? null : "MessageAttributes"

  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.subscriber_dlq[each.key].arn })

  # The endpoint can receive before the first notification is sent to it.
  depends_on = [aws_sqs_queue_policy.subscriber_dlq, aws_sqs_queue_policy.subscriber, aws_lambda_permission.subscriber]
}
