# Plans the module with a mocked provider and asserts iam.tf: one role per
# function, each allowed exactly what its code does, on exact ARNs.

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
  target          = aws_sns_topic.events
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"
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

override_resource {
  target          = aws_s3_bucket.api_keys
  override_during = plan
  values = {
    id  = "fluxa-test-api-keys-20250101"
    arn = "arn:aws:s3:::fluxa-test-api-keys-20250101"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["authorizer"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-authorizer" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["ingest"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-ingest" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["processor"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-processor" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["query"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-query" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["control"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-control" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["relay"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-relay" }
}

override_resource {
  target          = aws_cloudwatch_log_group.lambda["migrate"]
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-migrate" }
}

run "each_function_may_do_what_its_code_does_and_nothing_more" {
  command = plan

  # IAM is least privilege.
  assert {
    condition = alltrue(flatten([
      for name, doc in data.aws_iam_policy_document.lambda : [
        for statement in doc.statement : [for action in statement.actions : !strcontains(action, "*")]
      ]
    ]))
    error_message = "No Lambda policy statement may use a wildcard action."
  }

  assert {
    condition = alltrue(flatten([
      for name, doc in data.aws_iam_policy_document.lambda : [
        for statement in doc.statement : statement.effect == "Allow" && try(length(statement.not_actions), 0) == 0 && try(length(statement.not_resources), 0) == 0
      ]
    ]))
    error_message = "Lambda policies must be plain allow-lists (no NotAction/NotResource)."
  }

  assert {
    condition = alltrue([
      for statement in data.aws_iam_policy_document.lambda["query"].statement : alltrue([
        for action in statement.actions : !can(regex("^(sqs:(Send|Delete|Purge|ChangeMessage)|sns:Publish|s3:(Put|Delete)|secretsmanager:(Put|Update|Create|Delete|Restore|Rotate))", action))
      ])
    ])
    error_message = "The query role must not be able to write anything."
  }

  assert {
    condition = (
      [for s in data.aws_iam_policy_document.lambda["query"].statement : s.resources if contains(s.actions, "secretsmanager:GetSecretValue")] == [toset([var.database.secret_arns.query])]
    )
    error_message = "query may read only the read-only role's secret, never the master secret."
  }

  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if s.sid == "EnqueueEvents"]).resources == toset(["arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events"])
      && one([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if s.sid == "StoreLargePayloads"]).resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101/raw/*"])
      && one([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if s.sid == "StoreLargePayloads"]).actions == toset(["s3:PutObject"])
      && one([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if s.sid == "ReadSuppressionLists"]).actions == toset(["s3:GetObject"])
      && one([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if s.sid == "ReadSuppressionLists"]).resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101/control/suppressions/*"])
      && length([for s in data.aws_iam_policy_document.lambda["ingest"].statement : s if !contains(["WriteOwnLogGroup", "SendTraces", "EnqueueEvents", "StoreLargePayloads", "ReadSuppressionLists"], s.sid)]) == 0
    )
    error_message = "ingest may only send to the main queue, put raw/ objects and read the suppression lists."
  }

  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["processor"].statement : s if s.sid == "DeadLetterPermanentFailures"]).resources == toset(["arn:aws:sqs:eu-west-1:123456789012:fluxa-test-events-dlq"])
      && one([for s in data.aws_iam_policy_document.lambda["processor"].statement : s if s.sid == "NotifySubscribers"]).resources == toset(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"])
      && one([for s in data.aws_iam_policy_document.lambda["processor"].statement : s if s.sid == "ReadWriterRoleCredentials"]).resources == toset([var.database.secret_arns.writer])
    )
    error_message = "processor's grants must name the DLQ, the topic and the writer role's secret exactly."
  }

  assert {
    condition = alltrue([
      for name, doc in data.aws_iam_policy_document.lambda :
      one([for s in doc.statement : s if s.sid == "WriteOwnLogGroup"]).resources == toset(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fluxa-test-${name}:*"])
    ])
    error_message = "Each function may write only to its own log group."
  }

  assert {
    condition = (
      alltrue([for name in ["authorizer", "ingest"] : !contains(flatten([for s in data.aws_iam_policy_document.lambda[name].statement : tolist(s.actions)]), "ec2:CreateNetworkInterface")])
      && alltrue([for name in ["processor", "query", "control", "relay", "migrate"] : contains(flatten([for s in data.aws_iam_policy_document.lambda[name].statement : tolist(s.actions)]), "ec2:CreateNetworkInterface")])
    )
    error_message = "Only the in-VPC functions may manage network interfaces."
  }

  assert {
    condition     = alltrue([for name, policy in aws_iam_role_policy.lambda : policy.role == aws_iam_role.lambda[name].name && policy.role == "fluxa-test-${name}"])
    error_message = "Each function's policy must be attached to that function's own role."
  }

  # A missing payload is a 404 not a 403.
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.lambda["processor"].statement :
      s.actions == toset(["s3:ListBucket"])
      && s.resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101"])
      && length(s.condition) == 0
    ])
    error_message = "processor needs s3:ListBucket on the payload bucket, without an s3:prefix condition (a GetObject carries no prefix, so S3 would never match it): otherwise a missing payload is a 403, retried as transient, instead of a 404 dead-lettered at once."
  }

  assert {
    condition = alltrue([
      for name in ["authorizer", "ingest", "query", "control", "relay"] :
      !contains(flatten([for s in data.aws_iam_policy_document.lambda[name].statement : tolist(s.actions)]), "s3:ListBucket")
    ])
    error_message = "Only the processor (which reads payloads) and migrate (which deletes them) may list the bucket."
  }

  # Only migrate may read the master secret.
  assert {
    condition = [
      for name, doc in data.aws_iam_policy_document.lambda : name
      if anytrue([for s in doc.statement : contains(s.resources, var.database.secret_arns.master)])
    ] == ["migrate"]
    error_message = "The master secret must be the migrate function's alone."
  }

  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["migrate"].statement : s if s.sid == "ProvisionLoginRoleCredentials"]).resources == toset([
        var.database.secret_arns.query, var.database.secret_arns.writer, var.database.secret_arns.relay, var.database.secret_arns.control,
      ])
      && alltrue([
        for name, role in { processor = "writer", query = "query", control = "control", relay = "relay" } :
        [for s in data.aws_iam_policy_document.lambda[name].statement : s.resources if contains(s.actions, "secretsmanager:GetSecretValue")] == [toset([var.database.secret_arns[role]])]
      ])
    )
    error_message = "migrate fills every role's secret; each database function reads only its own role's."
  }

  # The authorizer may log, trace and read the grants object: that one
  # object, not its bucket's versions or listing, and write nothing.
  assert {
    condition = (
      toset(flatten([for s in data.aws_iam_policy_document.lambda["authorizer"].statement : tolist(s.actions)])) == toset([
        "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords", "s3:GetObject",
      ])
      && one([for s in data.aws_iam_policy_document.lambda["authorizer"].statement : s if s.sid == "ReadApiKeyGrants"]).resources == toset(["arn:aws:s3:::fluxa-test-api-keys-20250101/api-key-grants.json"])
    )
    error_message = "The authorizer's role may write its own logs and traces and read the grants object (exactly its ARN), nothing else."
  }

  # No other function may read or write the grants bucket.
  assert {
    condition = alltrue([
      for name in ["ingest", "processor", "query", "control", "relay", "migrate"] :
      !anytrue([for s in data.aws_iam_policy_document.lambda[name].statement : anytrue([for r in s.resources : strcontains(r, "fluxa-test-api-keys-20250101")])])
    ])
    error_message = "Only the authorizer may touch the grants bucket."
  }

  # Control keeps the suppression lists and nothing else of the bucket.
  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["control"].statement : s if s.sid == "KeepSuppressionLists"]).actions == toset(["s3:GetObject", "s3:PutObject"])
      && one([for s in data.aws_iam_policy_document.lambda["control"].statement : s if s.sid == "KeepSuppressionLists"]).resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101/control/*"])
      && toset(flatten([for s in data.aws_iam_policy_document.lambda["control"].statement : tolist(s.actions) if startswith(s.sid, "Keep") || startswith(s.sid, "Read")])) == toset(["s3:GetObject", "s3:PutObject", "secretsmanager:GetSecretValue"])
    )
    error_message = "control may read and write under control/ (the suppression lists) and read its role's secret, nothing more."
  }

  # Relay may publish to the events topic.
  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["relay"].statement : s if s.sid == "PublishOwedNotifications"]).actions == toset(["sns:Publish"])
      && one([for s in data.aws_iam_policy_document.lambda["relay"].statement : s if s.sid == "PublishOwedNotifications"]).resources == toset(["arn:aws:sns:eu-west-1:123456789012:fluxa-test-events"])
      && length([for s in data.aws_iam_policy_document.lambda["relay"].statement : s if !contains(["WriteOwnLogGroup", "SendTraces", "ManageVpcNetworkInterfaces", "PublishOwedNotifications", "ReadRelayRoleCredentials"], s.sid)]) == 0
    )
    error_message = "relay may publish to the events topic, read its role's secret, log and trace: nothing else."
  }

  # The lifecycle run may delete payloads.
  assert {
    condition = (
      one([for s in data.aws_iam_policy_document.lambda["migrate"].statement : s if s.sid == "DeleteExpiredPayloads"]).actions == toset(["s3:DeleteObject"])
      && one([for s in data.aws_iam_policy_document.lambda["migrate"].statement : s if s.sid == "DeleteExpiredPayloads"]).resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101/raw/*"])
      && one([for s in data.aws_iam_policy_document.lambda["migrate"].statement : s if s.sid == "ListPayloads"]).resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101"])
      && alltrue([for name, doc in data.aws_iam_policy_document.lambda : !contains(flatten([for s in doc.statement : tolist(s.actions)]), "s3:DeleteObject") if name != "migrate"])
    )
    error_message = "migrate (the lifecycle run) alone may delete raw/ payloads, and list the bucket to find them."
  }
}

