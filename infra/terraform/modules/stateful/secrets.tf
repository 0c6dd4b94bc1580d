# Credentials of the login roles the functions use, one secret each:
#   fluxa_query      (member of fluxa_readonly: SELECT only)            -> query
#   fluxa_processor  (member of fluxa_writer: SELECT, INSERT, UPDATE)   -> processor
#   fluxa_relay      (what publishing owed notifications and replays needs) -> relay
#   fluxa_control    (what replays, erasures and suppressions need)     -> control
# Terraform creates only the empty secrets: no aws_secretsmanager_secret_version,
# so no password is ever in plan or state. The migrate Lambda generates each
# password, creates/alters the role (sending a SCRAM verifier computed
# client-side, never the password) and writes {"username","password"} here.
# The RDS-managed master secret is the migrate function's alone.
resource "aws_secretsmanager_secret" "query_role" {
  name_prefix             = "${local.name_prefix}-db-query-role-"
  description             = "Fluxa ${var.stage}: credentials of the read-only PostgreSQL role fluxa_query (value written by the migrate Lambda)"
  recovery_window_in_days = var.role_secret_recovery_window_days
  tags                    = local.tags
}

resource "aws_secretsmanager_secret" "writer_role" {
  name_prefix             = "${local.name_prefix}-db-writer-role-"
  description             = "Fluxa ${var.stage}: credentials of the least-privilege PostgreSQL role fluxa_processor (value written by the migrate Lambda)"
  recovery_window_in_days = var.role_secret_recovery_window_days
  tags                    = local.tags
}

resource "aws_secretsmanager_secret" "relay_role" {
  name_prefix             = "${local.name_prefix}-db-relay-role-"
  description             = "Fluxa ${var.stage}: credentials of the PostgreSQL role fluxa_relay (value written by the migrate Lambda)"
  recovery_window_in_days = var.role_secret_recovery_window_days
  tags                    = local.tags
}

resource "aws_secretsmanager_secret" "control_role" {
  name_prefix             = "${local.name_prefix}-db-control-role-"
  description             = "Fluxa ${var.stage}: credentials of the PostgreSQL role fluxa_control (value written by the migrate Lambda)"
  recovery_window_in_days = var.role_secret_recovery_window_days
  tags                    = local.tags
}
