#!/usr/bin/env bash
# Run the end-to-end harness against a deployed environment:
#   verify.sh [dev|prod] [<client>/<key name>]   (default: dev; make verify-dev)
# Reads the API endpoint and a key id from terraform output (the default
# client's newest key, api_key_id, or the named key from api_client_key_ids;
# the harness writes and reads, so that client needs both scopes), fetches the
# key's value from API Gateway, then runs `pnpm fluxa verify --url
# <api_endpoint>` with the key in FLUXA_API_KEY.
set -euo pipefail

TF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "${TF_ROOT}/../.." && pwd)"

fail() {
  printf 'verify: %s\n' "$*" >&2
  exit 1
}

env_name="${1:-dev}"
key_name="${2:-}"
[[ "${env_name}" == "dev" || "${env_name}" == "prod" ]] || fail "usage: $(basename "$0") [dev|prod] [<client>/<key name>]"

command -v terraform >/dev/null 2>&1 || fail "terraform is not on PATH"
command -v aws >/dev/null 2>&1 || fail "the AWS CLI (aws) is not on PATH"
command -v pnpm >/dev/null 2>&1 || fail "pnpm is not on PATH"
aws sts get-caller-identity >/dev/null 2>&1 || fail "no usable AWS credentials (aws sts get-caller-identity failed)"

if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  unset TF_CLI_CONFIG_FILE
fi

cd "${TF_ROOT}/envs/${env_name}"
api_endpoint="$(terraform output -raw api_endpoint 2>/dev/null)" ||
  fail "no api_endpoint output in envs/${env_name}; deploy first (make deploy-${env_name})"
if [[ -n "${key_name}" ]]; then
  command -v node >/dev/null 2>&1 || fail "node is not on PATH (it reads terraform output -json)"
  api_key_id="$(terraform output -json api_client_key_ids |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { const id = JSON.parse(s)[process.argv[1]]; if (!id) process.exit(1); console.log(id); })' "${key_name}")" ||
    fail "envs/${env_name} has no API key ${key_name} (terraform output api_client_key_ids lists them)"
else
  api_key_id="$(terraform output -raw api_key_id 2>/dev/null)" ||
    fail "envs/${env_name} has no client named default; name a key of a client with the write and read scopes: $(basename "$0") ${env_name} <client>/<key name>"
fi
region="$(terraform output -raw aws_region)"

FLUXA_API_KEY="$(aws apigateway get-api-key --region "${region}" --api-key "${api_key_id}" --include-value --query value --output text)" ||
  fail "could not read API key ${api_key_id}"
export FLUXA_API_KEY

printf '==> verifying %s\n' "${api_endpoint}"
cd "${REPO_ROOT}"
# --terraform-dir also gives verify the queue and DLQ URLs (the "DLQ empty" check).
exec pnpm fluxa verify --url "${api_endpoint}" --terraform-dir "${TF_ROOT}/envs/${env_name}"
