#!/usr/bin/env bash
# Deploy one environment: deploy.sh <dev|prod> [plan|apply]   (default: plan)
#
#   plan   terraform init + plan; the plan is saved to envs/<env>/.deploy.tfplan
#   apply  the same plan, then apply exactly that plan, then invoke the migrate
#          Lambda (RDS is private, so migrations run inside the VPC).
#
# Needs: terraform >= 1.11, AWS CLI, AWS credentials for the target account,
# dist/*.zip from `make package`, envs/<env>/terraform.tfvars (see the
# .example next to it).
# Environment:
#   TF_PLUGIN_DIR        air-gapped provider mirror for terraform init (-plugin-dir)
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
for fn in ingest processor query migrate; do
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

# ----------------------------------------------------------------- init ---
init_args=(-input=false)
if [[ -n "${TF_PLUGIN_DIR:-}" ]]; then
  [[ -d "${TF_PLUGIN_DIR}" ]] || fail "TF_PLUGIN_DIR=${TF_PLUGIN_DIR} is not a directory"
  init_args+=(-plugin-dir "${TF_PLUGIN_DIR}")
fi
# A backend.hcl next to main.tf (partial backend configuration) is honoured.
if [[ -f backend.hcl ]]; then
  init_args+=(-backend-config=backend.hcl)
fi
step "terraform init (envs/${env_name})"
terraform init "${init_args[@]}"

# ----------------------------------------------------------------- plan ---
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

step "terraform apply (envs/${env_name})"
terraform apply -input=false "${plan_file}"
rm -f "${plan_file}"

# -------------------------------------------------------------- migrate ---
migrate_fn="$(terraform output -raw migrate_function_name)"
region="$(terraform output -raw aws_region)"
payload_file="$(mktemp)"
response_file="$(mktemp)"
trap 'rm -f "${payload_file}" "${response_file}"' EXIT
printf '{}' >"${payload_file}"

step "invoking ${migrate_fn} (migrations + read-only role) in ${region}"
# fileb:// sends the payload as-is on both AWS CLI v1 and v2.
function_error="$(
  aws lambda invoke \
    --region "${region}" \
    --function-name "${migrate_fn}" \
    --payload "fileb://${payload_file}" \
    --cli-read-timeout 900 \
    --query 'FunctionError' \
    --output text \
    "${response_file}"
)" || fail "aws lambda invoke ${migrate_fn} failed"

printf 'migrate response: %s\n' "$(cat "${response_file}")"
if [[ -n "${function_error}" && "${function_error}" != "None" ]]; then
  fail "migrate Lambda failed (${function_error}); see its logs: aws logs tail /aws/lambda/${migrate_fn} --region ${region}"
fi

step "deployed envs/${env_name}: $(terraform output -raw api_endpoint)"
