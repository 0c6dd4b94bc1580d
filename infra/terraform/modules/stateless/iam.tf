# One role per function, each allowed exactly what its code does, on exact
# ARNs. No action contains a wildcard. The only "*" resources are the X-Ray
# and EC2 network-interface actions, which do not support resource-level
# permissions.

locals {
  # Every function: write to its own log group, send traces.
  base_statements = {
    for name in keys(local.functions) : name => [
      {
        sid       = "WriteOwnLogGroup"
        actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        resources = ["${aws_cloudwatch_log_group.lambda[name].arn}:*"]
      },
      {
        sid       = "SendTraces"
        actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        resources = ["*"]
      },
    ]
  }

  # In-VPC functions: Lambda manages their network interfaces with the role
  # (the actions of AWSLambdaVPCAccessExecutionRole, minus its logs:* on "*").
  vpc_statements = [
    {
      sid = "ManageVpcNetworkInterfaces"
      actions = [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ]
      resources = ["*"]
    },
  ]

  function_statements = {
    # The grants object, and nothing else: not the bucket's other objects or
    # versions, no listing, no write.
    authorizer = [
      {
        sid       = "ReadApiKeyGrants"
        actions   = ["s3:GetObject"]
        resources = ["${aws_s3_bucket.api_keys.arn}/${aws_s3_object.api_key_grants.key}"]
      },
    ]

    ingest = [
      {
        sid       = "EnqueueEvents"
        actions   = ["sqs:SendMessage"]
        resources = [local.queue.arn]
      },
      {
        sid       = "StoreLargePayloads"
        actions   = ["s3:PutObject"]
        resources = ["${local.payload_bucket.arn}/raw/*"]
      },
      {
        # Users suppressed by an erasure are refused at ingest.
        sid       = "ReadSuppressionLists"
        actions   = ["s3:GetObject"]
        resources = ["${local.payload_bucket.arn}/control/suppressions/*"]
      },
    ]

    processor = [
      {
        sid       = "ConsumeEvents"
        actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
        resources = [local.queue.arn]
      },
      {
        sid       = "DeadLetterPermanentFailures"
        actions   = ["sqs:SendMessage"]
        resources = [local.dlq.arn]
      },
      {
        sid       = "ReadLargePayloads"
        actions   = ["s3:GetObject"]
        resources = ["${local.payload_bucket.arn}/raw/*"]
      },
      {
        # Without ListBucket, S3 answers a GET of a missing key with 403
        # AccessDenied (it will not reveal whether a key exists), which the
        # processor must treat as transient. With it, a missing payload is a
        # 404 NoSuchKey: a permanent failure, dead-lettered at once. No
        # s3:prefix condition: S3 checks ListBucket for a GetObject without
        # one (a GET carries no prefix), so a condition would never match
        # and the 404 would stay a 403.
        sid       = "TellMissingPayloadsApart"
        actions   = ["s3:ListBucket"]
        resources = [local.payload_bucket.arn]
      },
      {
        sid       = "NotifySubscribers"
        actions   = ["sns:Publish"]
        resources = [aws_sns_topic.events.arn]
      },
      {
        # The least-privilege writer role fluxa_processor; never the master.
        sid       = "ReadWriterRoleCredentials"
        actions   = ["secretsmanager:GetSecretValue"]
        resources = [var.database.secret_arns.writer]
      },
    ]

    # Read-only by construction: no queue, topic, bucket or secret writes,
    # and only the SELECT-only role's credentials.
    query = [
      {
        sid       = "ReadQueryRoleCredentials"
        actions   = ["secretsmanager:GetSecretValue"]
        resources = [var.database.secret_arns.query]
      },
    ]

    control = [
      {
        # Each tenant's suppression list, which ingest reads.
        sid       = "KeepSuppressionLists"
        actions   = ["s3:GetObject", "s3:PutObject"]
        resources = ["${local.payload_bucket.arn}/control/*"]
      },
      {
        sid       = "ReadControlRoleCredentials"
        actions   = ["secretsmanager:GetSecretValue"]
        resources = [var.database.secret_arns.control]
      },
    ]

    relay = [
      {
        # Like the processor: the topic is encrypted with the AWS-managed
        # aws/sns key, whose policy lets this account's SNS callers use it.
        sid       = "PublishOwedNotifications"
        actions   = ["sns:Publish"]
        resources = [aws_sns_topic.events.arn]
      },
      {
        sid       = "ReadRelayRoleCredentials"
        actions   = ["secretsmanager:GetSecretValue"]
        resources = [var.database.secret_arns.relay]
      },
    ]

    # The only function that may read the master (owner) credentials.
    migrate = [
      {
        sid       = "ReadMasterCredentials"
        actions   = ["secretsmanager:GetSecretValue"]
        resources = [var.database.secret_arns.master]
      },
      {
        sid       = "ProvisionLoginRoleCredentials"
        actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]
        resources = [for role in ["query", "writer", "relay", "control"] : var.database.secret_arns[role]]
      },
      {
        # The lifecycle run deletes the payloads of events past their
        # retention, and of erased events.
        sid       = "DeleteExpiredPayloads"
        actions   = ["s3:DeleteObject"]
        resources = ["${local.payload_bucket.arn}/raw/*"]
      },
      {
        sid       = "ListPayloads"
        actions   = ["s3:ListBucket"]
        resources = [local.payload_bucket.arn]
      },
    ]
  }

  lambda_statements = {
    for name, fn in local.functions : name => concat(
      local.base_statements[name],
      fn.in_vpc ? local.vpc_statements : [],
      local.function_statements[name],
    )
  }
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    sid     = "LambdaAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "lambda" {
  for_each = local.functions

  dynamic "statement" {
    for_each = local.lambda_statements[each.key]

    content {
      sid       = statement.value.sid
      effect    = "Allow"
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = try(statement.value.conditions, [])

        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role" "lambda" {
  for_each = local.functions

  name               = local.function_names[each.key]
  description        = "Fluxa ${var.stage} ${each.key} Lambda"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

resource "aws_iam_role_policy" "lambda" {
  for_each = local.functions

  name   = "${each.key}-least-privilege"
  role   = aws_iam_role.lambda[each.key].name
  policy = data.aws_iam_policy_document.lambda[each.key].json
}
