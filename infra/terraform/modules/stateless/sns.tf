# "Event stored" notifications, at least once. Subscribers deduplicate on the
# event_id message attribute: delivery is at least once.
resource "aws_sns_topic" "events" {
  name = "${local.name_prefix}-events"

  # Encrypted at rest with the AWS-managed key; same-account publishers need no
  # extra KMS permission. SQS subscribers must not use the aws/sqs key.
  kms_master_key_id = "alias/aws/sns"
  tags              = local.tags
}
