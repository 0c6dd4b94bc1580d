# Plans the module with a mocked provider and asserts s3.tf: the payload
# bucket is private, encrypted, TLS-only, and its objects expire.

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
  target          = aws_s3_bucket.payloads
  override_during = plan
  values = {
    id  = "fluxa-test-payloads-20250101"
    arn = "arn:aws:s3:::fluxa-test-payloads-20250101"
  }
}

override_resource {
  target          = aws_s3_bucket.payloads_protected
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

run "payload_bucket_is_private_encrypted_and_expiring" {
  command = plan

  assert {
    condition = (
      aws_s3_bucket_public_access_block.payloads.block_public_acls
      && aws_s3_bucket_public_access_block.payloads.block_public_policy
      && aws_s3_bucket_public_access_block.payloads.ignore_public_acls
      && aws_s3_bucket_public_access_block.payloads.restrict_public_buckets
    )
    error_message = "The payload bucket must block all public access."
  }

  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.payloads.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"
    error_message = "The payload bucket must encrypt objects at rest."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.payloads.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.payloads_bucket.statement :
      s.effect == "Deny" && contains(s.actions, "s3:*")
      && anytrue([for c in s.condition : c.test == "Bool" && c.variable == "aws:SecureTransport" && c.values == tolist(["false"])])
      && s.resources == toset(["arn:aws:s3:::fluxa-test-payloads-20250101", "arn:aws:s3:::fluxa-test-payloads-20250101/*"])
    ])
    error_message = "The bucket policy must deny every request made without TLS."
  }

  assert {
    condition     = aws_s3_bucket_policy.payloads.bucket == "fluxa-test-payloads-20250101"
    error_message = "The TLS-only policy must be attached to the payload bucket."
  }

  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_lifecycle_configuration.payloads.rule :
      rule.status == "Enabled" && rule.filter[0].prefix == "raw/"
    ]) && length(aws_s3_bucket_lifecycle_configuration.payloads.rule) > 0
    error_message = "Every lifecycle rule must be enabled and filtered to raw/."
  }

  assert {
    condition = (
      one(aws_s3_bucket_lifecycle_configuration.payloads.rule[0].transition).storage_class == "GLACIER"
      && one(aws_s3_bucket_lifecycle_configuration.payloads.rule[0].transition).days == 30
      && length(aws_s3_bucket_lifecycle_configuration.payloads.rule[0].expiration) == 0
    )
    error_message = "raw/ payloads must move to Glacier; while events are kept forever (no retention) they must never expire."
  }

  assert {
    condition     = length(aws_s3_bucket.payloads) == 1 && length(aws_s3_bucket.payloads_protected) == 0
    error_message = "By default the bucket is the unprotected variant."
  }

  # The grants bucket: private, encrypted, TLS-only, versioned (its history
  # is the audit trail of grant changes, kept a bounded time).
  assert {
    condition = (
      aws_s3_bucket_public_access_block.api_keys.block_public_acls
      && aws_s3_bucket_public_access_block.api_keys.block_public_policy
      && aws_s3_bucket_public_access_block.api_keys.ignore_public_acls
      && aws_s3_bucket_public_access_block.api_keys.restrict_public_buckets
      && aws_s3_bucket_ownership_controls.api_keys.rule[0].object_ownership == "BucketOwnerEnforced"
      && one(aws_s3_bucket_server_side_encryption_configuration.api_keys.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"
      && aws_s3_object.api_key_grants.server_side_encryption == "AES256"
    )
    error_message = "The grants bucket must block all public access, disable ACLs and encrypt at rest."
  }

  assert {
    condition = (
      aws_s3_bucket_versioning.api_keys.versioning_configuration[0].status == "Enabled"
      && one(aws_s3_bucket_lifecycle_configuration.api_keys.rule).status == "Enabled"
      && one(aws_s3_bucket_lifecycle_configuration.api_keys.rule).noncurrent_version_expiration[0].noncurrent_days == 400
      && length(one(aws_s3_bucket_lifecycle_configuration.api_keys.rule).expiration) == 0
    )
    error_message = "The grants bucket must be versioned, keep replaced grants 400 days by default, and never expire the current object."
  }

  assert {
    condition = alltrue([
      for test in ["Bool", "NumericLessThan"] : anytrue([
        for s in data.aws_iam_policy_document.api_keys_bucket.statement :
        s.effect == "Deny" && contains(s.actions, "s3:*") && anytrue([for c in s.condition : c.test == test])
        && s.resources == toset(["arn:aws:s3:::fluxa-test-api-keys-20250101", "arn:aws:s3:::fluxa-test-api-keys-20250101/*"])
      ])
    ]) && aws_s3_bucket_policy.api_keys.bucket == "fluxa-test-api-keys-20250101"
    error_message = "The grants bucket's policy must deny requests without TLS 1.2."
  }

  assert {
    condition     = aws_s3_bucket.api_keys.force_destroy
    error_message = "An unprotected stack's grants bucket is destroyed with the stack."
  }
}

run "the_protected_bucket_variant_and_a_versioned_bucket_that_cleans_up_delete_markers" {
  command = plan

  variables {
    prevent_destroy           = true
    payload_bucket_versioning = true
  }

  # prevent_destroy selects the protected bucket, and the bucket settings follow it.
  assert {
    condition     = length(aws_s3_bucket.payloads) == 0 && length(aws_s3_bucket.payloads_protected) == 1 && aws_s3_bucket.payloads_protected[0].force_destroy == false
    error_message = "prevent_destroy must select the prevent_destroy bucket, never force-destroyable."
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.payloads.bucket == "fluxa-test-payloads-20250101"
    error_message = "Bucket settings must follow the protected bucket."
  }

  assert {
    condition     = !aws_s3_bucket.api_keys.force_destroy
    error_message = "A protected stack keeps its grant history: the grants bucket is never force-destroyed."
  }

  # A versioned bucket expires noncurrent versions and cleans up delete markers.
  assert {
    condition = anytrue([
      for rule in aws_s3_bucket_lifecycle_configuration.payloads.rule :
      rule.status == "Enabled" && rule.filter[0].prefix == "raw/"
      && try(one(rule.expiration).expired_object_delete_marker, false) == true
      && try(one(rule.noncurrent_version_expiration).noncurrent_days, 0) == 30
    ])
    error_message = "A versioned bucket must expire noncurrent versions and remove orphaned delete markers."
  }
}

run "payloads_expire_after_the_longest_retention_when_every_one_is_finite" {
  command = plan

  variables {
    event_retention_days  = 365
    tenant_retention_days = { acme = 400, globex = 30 }
  }

  assert {
    condition = (
      aws_s3_bucket_lifecycle_configuration.payloads.rule[0].expiration[0].days == 400 + 30
      && aws_s3_bucket_lifecycle_configuration.payloads.rule[0].filter[0].prefix == "raw/"
    )
    error_message = "With every retention finite, raw/ payloads expire the margin (30 days) after the longest one (acme's 400)."
  }
}

run "a_tenant_kept_longer_than_the_default_still_sets_the_expiry" {
  command = plan

  variables {
    event_retention_days  = 30
    tenant_retention_days = { acme = 2555 }
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.payloads.rule[0].expiration[0].days == 2555 + 30
    error_message = "The longest retention of any tenant decides when payloads may expire."
  }
}

run "tenant_retentions_alone_leave_the_others_forever" {
  command = plan

  variables {
    tenant_retention_days = { acme = 400 }
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.payloads.rule[0].expiration) == 0
    error_message = "While the tenants without a retention of their own keep events forever, no payload may expire."
  }
}

run "short_lived_payloads_skip_glacier" {
  command = plan

  variables {
    event_retention_days = 60
  }

  assert {
    condition = (
      aws_s3_bucket_lifecycle_configuration.payloads.rule[0].expiration[0].days == 90
      && length(aws_s3_bucket_lifecycle_configuration.payloads.rule[0].transition) == 0
    )
    error_message = "A payload that expires within 90 days of the Glacier transition (Glacier's minimum charge) stays in S3 Standard."
  }
}
