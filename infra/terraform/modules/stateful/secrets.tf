# Credentials of the read-only role `fluxa_query` used by the query Lambda.
# Terraform creates only the empty secret: no aws_secretsmanager_secret_version,
# so no password is ever in plan or state. The migrate Lambda generates the
# password, creates/alters the role with SELECT-only grants and writes
# {"username":"fluxa_query","password":"..."} here (PutSecretValue).
resource "aws_secretsmanager_secret" "query_role" {
  name_prefix             = "${local.name_prefix}-db-query-role-"
  description             = "Fluxa ${var.stage}: credentials of the read-only PostgreSQL role fluxa_query (value written by the migrate Lambda)"
  recovery_window_in_days = var.query_secret_recovery_window_days
  tags                    = local.tags
}
