#!/usr/bin/env bash
# Deploy one environment: deploy.sh <dev|prod> [plan|apply]   (default: plan)
#
#   plan   terraform init + plan; the plan is saved to envs/<env>/.deploy.tfplan
#   apply  the same plan, then apply exactly that plan. The apply itself invokes
#          the migrate Lambda (aws_lambda_invocation) before the new code takes
#          traffic; RDS is private, so migrations run inside the VPC.
#
# The provider comes from the registry (within versions.tf's range), never from
# an offline mirror: a validation mirror may hold a provider too old for the
# default runtime. TF_PLUGIN_DIR is ignored here on purpose, and init runs with
# -upgrade, so a lock file some other init left behind cannot pin an older
# provider either.
#
# Before anything is created it checks what a first deploy would otherwise
# fail on half-way: the packages, the credentials, and API Gateway's
# CloudWatch logging role (a stage with logging cannot be created without it,
# and by then the database and functions exist).
#
# Needs: terraform >= 1.11, AWS CLI, AWS credentials for the target account,
# dist/*.zip from `make package`, envs/<env>/terraform.tfvars (see the
# .example next to it).
# Environment:
#   DIST_DIR             packages directory (default: <repo>/dist)
#   FLUXA_AUTO_APPROVE=1 skip the confirmation prompt before applying prod
set -euo pipefail

TF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "${TF_ROOT}/../.." && pwd)"

step() { printf '==> %s\n' "$*"; }
fail() {
  printf 'deploy: %s\n' "$*" >&2
  exit 1
}

usage() {
  printf 'usage: %s <dev|prod> [plan|apply]\n' "$(basename "$0")" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
env_name="$1"
action="${2:-plan}"
[[ "${env_name}" == "dev" || "${env_name}" == "prod" ]] || usage
[[ "${action}" == "plan" || "${action}" == "apply" ]] || usage

env_dir="${TF_ROOT}/envs/${env_name}"
plan_file=".deploy.tfplan"

# ------------------------------------------------------------ preflight ---
command -v terraform >/dev/null 2>&1 || fail "terraform is not on PATH (need >= 1.11)"
command -v aws >/dev/null 2>&1 ||
  fail "the AWS CLI (aws) is not on PATH; install it: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"

if ! caller="$(aws sts get-caller-identity --query Arn --output text 2>&1)"; then
  printf '%s\n' "${caller}" >&2
  fail "no usable AWS credentials (aws sts get-caller-identity failed); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
fi
step "AWS identity: ${caller}"

if [[ ! -f "${env_dir}/terraform.tfvars" && -z "${TF_VAR_vpc_id:-}" ]] && ! compgen -G "${env_dir}/*.auto.tfvars" >/dev/null; then
  fail "envs/${env_name}/terraform.tfvars is missing; copy terraform.tfvars.example next to it and fill in the VPC inputs"
fi

dist_dir="${DIST_DIR:-${REPO_ROOT}/dist}"
for fn in authorizer ingest processor query control relay migrate; do
  [[ -f "${dist_dir}/${fn}.zip" ]] || fail "${dist_dir}/${fn}.zip is missing; run: make package"
done
# Without DIST_DIR the env's default (a path relative to envs/<env>) is used,
# so the filename stored in state is the same on every machine.
if [[ -n "${DIST_DIR:-}" ]]; then
  export TF_VAR_dist_dir="${DIST_DIR}"
fi

if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  unset TF_CLI_CONFIG_FILE
fi
export TF_IN_AUTOMATION=1

cd "${env_dir}"

# A setting from the environment (TF_VAR_<name>) or this env's variable files:
# the value of the last `<name> = ...` line, quotes removed.
tfvar() {
  local name="$1" from_env="TF_VAR_$1"
  if [[ -n "${!from_env:-}" ]]; then
    printf '%s' "${!from_env}"
    return
  fi
  { cat terraform.tfvars ./*.auto.tfvars 2>/dev/null || true; } |
    sed -nE "s/^[[:space:]]*${name}[[:space:]]*=[[:space:]]*\"?([^\"#]*[^\"#[:space:]])\"?.*$/\1/p" | tail -n 1
}
region="$(tfvar region)"
region_args=()
if [[ -n "${region}" ]]; then
  region_args=(--region "${region}")
fi

# API Gateway writes access and execution logs with one CloudWatch role per
# account and region; without it the stage cannot be created, and an apply
# would fail after the database and the functions already exist.
cloudwatch_role="$(aws apigateway get-account ${region_args[@]+"${region_args[@]}"} --query cloudwatchRoleArn --output text 2>/dev/null || true)"
if [[ -z "${cloudwatch_role}" || "${cloudwatch_role}" == "None" ]]; then
  if [[ "$(tfvar manage_api_gateway_account)" == "true" ]]; then
    step "API Gateway has no CloudWatch logging role in ${region:-this region} yet; this stack sets it (manage_api_gateway_account = true)"
  else
    fail "API Gateway has no CloudWatch logging role in ${region:-this region} (aws apigateway get-account shows none), and the stage's logging needs one. Set manage_api_gateway_account = true in envs/${env_name}/terraform.tfvars (in exactly one stack per account and region), or set the role yourself (aws apigateway update-account)."
  fi
fi

# The account's Lambda concurrency quota, as Lambda itself reports it: the plan
# checks the reservations and the processor's cap against it (see
# modules/stateless, main.tf).
if [[ -z "${TF_VAR_lambda_account_concurrency_limit:-}" ]]; then
  if limit="$(aws lambda get-account-settings ${region_args[@]+"${region_args[@]}"} --query AccountLimit.ConcurrentExecutions --output text 2>/dev/null)" &&
    [[ "${limit}" =~ ^[0-9]+$ ]]; then
    export TF_VAR_lambda_account_concurrency_limit="${limit}"
    step "Lambda concurrency quota of this account and region: ${limit}"
  fi
fi

# ----------------------------------------------------------------- init ---
if [[ -n "${TF_PLUGIN_DIR:-}" ]]; then
  step "note: TF_PLUGIN_DIR is for validation only; deploy installs the provider from the registry"
  unset TF_PLUGIN_DIR
fi
init_args=(-input=false -upgrade)
# A backend.hcl next to main.tf (partial backend configuration) is honoured.
if [[ -f backend.hcl ]]; then
  init_args+=(-backend-config=backend.hcl)
fi
step "terraform init (envs/${env_name})"
terraform init "${init_args[@]}"

# ----------------------------------------------------------------- plan ---
# A saved plan holds every value it will write in clear text. When applying, it
# goes away whatever happens (apply error, Ctrl-C, refusal to continue).
if [[ "${action}" == "apply" ]]; then
  trap 'rm -f "${env_dir}/${plan_file}"' EXIT
fi
step "terraform plan (envs/${env_name})"
terraform plan -input=false -out="${plan_file}"

if [[ "${action}" == "plan" ]]; then
  step "plan saved to envs/${env_name}/${plan_file}; run '$(basename "$0") ${env_name} apply' to deploy"
  exit 0
fi

# ---------------------------------------------------------------- apply ---
if [[ "${env_name}" == "prod" && "${FLUXA_AUTO_APPROVE:-0}" != "1" ]]; then
  [[ -t 0 ]] || fail "refusing to apply prod without a terminal; set FLUXA_AUTO_APPROVE=1 to apply unattended"
  read -r -p "Apply this plan to PROD? Type 'prod' to continue: " answer
  [[ "${answer}" == "prod" ]] || fail "aborted; nothing applied"
fi

# Migrations run inside this apply, before the event source mapping, the API
# deployment and the new function code: a failed migration fails the apply.
step "terraform apply (envs/${env_name})"
terraform apply -input=false "${plan_file}" ||
  fail "terraform apply failed (the saved plan is removed; plan again). A failed migration is in the migrate function's log: aws logs tail /aws/lambda/fluxa-${env_name}-migrate"

step "deployed envs/${env_name}: $(terraform output -raw api_endpoint)"
step "API keys by client/key name (terraform output api_client_key_ids); a value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text"
