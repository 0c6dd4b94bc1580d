# Canonical payloads too large for an SQS message: raw/YYYY-MM-DD/<event_id>.json.
#
# prevent_destroy cannot come from a variable, so the bucket exists as one of
# two resources: `payloads_protected` (prevent_destroy, prod) or `payloads`.
# Everything else refers to local.payload_bucket.

resource "aws_s3_bucket" "payloads" {
  count = var.prevent_destroy ? 0 : 1

  bucket_prefix = "${local.name_prefix}-payloads-"
  force_destroy = var.payload_bucket_force_destroy
  tags          = local.tags
}

resource "aws_s3_bucket" "payloads_protected" {
  count = var.prevent_destroy ? 1 : 0

  bucket_prefix = "${local.name_prefix}-payloads-"
  force_destroy = false
  tags          = local.tags

  lifecycle {
    prevent_destroy = true
  }
}

locals {
  payload_bucket = one(concat(aws_s3_bucket.payloads, aws_s3_bucket.payloads_protected))
}

resource "aws_s3_bucket_public_access_block" "payloads" {
  bucket = local.payload_bucket.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "payloads" {
  bucket = local.payload_bucket.id

  # ACLs disabled: the bucket owner owns every object.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "payloads" {
  bucket = local.payload_bucket.id

  # SSE-S3: encrypted at rest with no KMS permissions or per-request KMS cost.
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "payloads" {
  count = var.payload_bucket_versioning ? 1 : 0

  bucket = local.payload_bucket.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Payloads are deleted with their events by the lifecycle run (retention,
# erasure). S3's own expiry only sweeps what that run never reaches (the
# payloads of dead-lettered events, those of a failed delete), and it exists
# only when every retention is finite: while any tenant keeps its events
# forever, its payloads must stay too. It then runs payload_retention_margin_days
# past the longest retention.
locals {
  payload_expiration_days = (
    var.event_retention_days == null ? null
    : max(concat([var.event_retention_days], values(var.tenant_retention_days))...) + var.payload_retention_margin_days
  )
  # Glacier keeps (and bills) an object 90 days at least: no transition for
  # payloads that expire sooner after it.
  payload_glacier_transition = (
    local.payload_expiration_days == null
    || coalesce(local.payload_expiration_days, 0) >= var.payload_glacier_transition_days + 90
  )
}

resource "aws_s3_bucket_lifecycle_configuration" "payloads" {
  bucket = local.payload_bucket.id

  rule {
    id     = "raw-payloads-archive-then-expire"
    status = "Enabled"

    filter {
      prefix = "raw/"
    }

    dynamic "transition" {
      for_each = local.payload_glacier_transition ? [var.payload_glacier_transition_days] : []

      content {
        days          = transition.value
        storage_class = "GLACIER"
      }
    }

    dynamic "expiration" {
      for_each = local.payload_expiration_days == null ? [] : [local.payload_expiration_days]

      content {
        days = expiration.value
      }
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # Versioned bucket: an expired current version becomes a noncurrent one
  # behind a delete marker. Noncurrent versions go after 30 days (time to undo
  # a mistaken delete), and a delete marker left with no version behind it is
  # removed, so listings and the bucket do not fill up with markers. (A
  # separate rule: an expiration cannot have both days and
  # expired_object_delete_marker.)
  dynamic "rule" {
    for_each = var.payload_bucket_versioning ? [true] : []

    content {
      id     = "raw-payloads-noncurrent-and-delete-markers"
      status = "Enabled"

      filter {
        prefix = "raw/"
      }

      noncurrent_version_expiration {
        noncurrent_days = 30
      }

      expiration {
        expired_object_delete_marker = true
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.payloads]
}

data "aws_iam_policy_document" "payloads_bucket" {
  # A Deny on every S3 action: it forbids, never grants.
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.payload_bucket.arn, "${local.payload_bucket.arn}/*"]

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
    resources = [local.payload_bucket.arn, "${local.payload_bucket.arn}/*"]

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

resource "aws_s3_bucket_policy" "payloads" {
  bucket = local.payload_bucket.id
  policy = data.aws_iam_policy_document.payloads_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.payloads]
}
