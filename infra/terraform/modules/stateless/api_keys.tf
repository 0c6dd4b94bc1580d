# The API key grants store: one JSON object, api-key-grants.json (the SHA-256
# of each enabled key => its client, tenant and scopes; clients.tf builds it
# from api_clients), in a small bucket of its own. The authorizer reads it at
# its first request and again, conditionally on its ETag, once its copy is
# older than api_key_grants_cache_seconds; nothing else reads it, and only
# whoever applies this Terraform writes it. Adding or revoking a key is an
# apply that changes API Gateway keys and this object, never a function.
#
# Versioned: every apply that changes the grants leaves the previous object as
# a noncurrent version, kept api_key_grants_history_days. That history is the
# audit trail of grant changes (who: CloudTrail's PutObject data events, when
# enabled); restoring a version restores the grants within the cache period.

locals {
  # The authorizer's name for it too (API_KEY_GRANTS_KEY); the local stack
  # writes the same name.
  api_key_grants_object_key = "api-key-grants.json"
  # The longest a revoked key may keep working: the authorizer's copy of the
  # grants plus API Gateway's cached answer (api.tf checks the sum).
  api_key_revocation_seconds = 60
}

resource "aws_s3_bucket" "api_keys" {
  bucket_prefix = "${local.name_prefix}-api-keys-"
  # A protected stack keeps its grant history: a versioned bucket holding any
  # version cannot be destroyed without force.
  force_destroy = !var.prevent_destroy
  tags          = local.tags
}

resource "aws_s3_bucket_public_access_block" "api_keys" {
  bucket = aws_s3_bucket.api_keys.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "api_keys" {
  bucket = aws_s3_bucket.api_keys.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "api_keys" {
  bucket = aws_s3_bucket.api_keys.id

  # SSE-S3, as the payload bucket: the object holds hashes, not keys, and a
  # KMS key would add a decrypt call (and its permission) to every read.
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "api_keys" {
  bucket = aws_s3_bucket.api_keys.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "api_keys" {
  bucket = aws_s3_bucket.api_keys.id

  rule {
    id     = "grant-history"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.api_key_grants_history_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.api_keys]
}

data "aws_iam_policy_document" "api_keys_bucket" {
  # Denies only: who may read and write is IAM's (the authorizer's role reads
  # the object; the deploying principal writes it).
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.api_keys.arn, "${aws_s3_bucket.api_keys.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyOutdatedTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.api_keys.arn, "${aws_s3_bucket.api_keys.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

resource "aws_s3_bucket_policy" "api_keys" {
  bucket = aws_s3_bucket.api_keys.id
  policy = data.aws_iam_policy_document.api_keys_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.api_keys]
}

# The grants. The hashes show in plans on purpose (the access model at a
# glance; clients.tf says why a hash gives nothing away), the key values never.
resource "aws_s3_object" "api_key_grants" {
  bucket                 = aws_s3_bucket.api_keys.id
  key                    = local.api_key_grants_object_key
  content                = jsonencode(local.api_key_grants)
  content_type           = "application/json"
  server_side_encryption = "AES256"
  tags                   = local.tags

  # The first version is written into the versioned bucket: history from day one.
  depends_on = [aws_s3_bucket_versioning.api_keys]
}

# A failed read of the grants (the object missing, unreadable or not a grants
# table) is logged by the authorizer with its code. The authorizer keeps
# answering from its last copy for api_key_grants_grace_seconds, then answers
# every keyed request 503: the alarm fires on the first failed read, while
# the grace still holds. See RUNBOOK: The API key grants cannot be read.
resource "aws_cloudwatch_log_metric_filter" "api_key_grants_unreadable" {
  name           = "${local.name_prefix}-api-key-grants-unreadable"
  log_group_name = aws_cloudwatch_log_group.lambda["authorizer"].name
  pattern        = "{ ($.code = \"API_KEY_GRANTS_UNREADABLE\") || ($.code = \"API_KEY_GRANTS_INVALID\") }"

  metric_transformation {
    namespace     = "Fluxa"
    name          = "api_key_grants_unreadable"
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

resource "aws_cloudwatch_metric_alarm" "api_key_grants_unreadable" {
  alarm_name        = "${local.name_prefix}-api-key-grants-unreadable"
  alarm_description = "Fluxa ${var.stage}: the authorizer could not read the API key grants (${local.api_key_grants_object_key}); it answers from its last copy for ${var.api_key_grants_grace_seconds} s, then every keyed request gets 503. See RUNBOOK: The API key grants cannot be read."
  namespace         = "Fluxa"
  metric_name       = aws_cloudwatch_log_metric_filter.api_key_grants_unreadable.metric_transformation[0].name

  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
  tags          = local.tags
}
