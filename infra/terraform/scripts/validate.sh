#!/usr/bin/env bash
# Offline validation of all Terraform in infra/terraform (make terraform-validate):
#   selftest.sh (the deploy script's plumbing), terraform fmt -check, then for
#   every module and env: init -backend=false, validate (zero warnings),
#   terraform test (mocked AWS).
#
# Air-gapped: export TF_PLUGIN_DIR=<provider mirror> and init uses -plugin-dir
# instead of the registry (make terraform-validate does so when the machine has
# a mirror). Without it, init downloads hashicorp/aws. Only validation uses the
# mirror: deploy.sh always installs from the registry.
set -euo pipefail

TF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIRS=(modules/stateless modules/stateful modules/fluxa envs/dev envs/prod)

step() { printf '==> %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

command -v terraform >/dev/null 2>&1 || fail "terraform is not on PATH (need >= 1.11)"

# A TF_CLI_CONFIG_FILE that points nowhere makes every command print a CLI
# configuration warning, which would fail the zero-warning check below.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  step "note: TF_CLI_CONFIG_FILE=${TF_CLI_CONFIG_FILE} does not exist; ignoring it"
  unset TF_CLI_CONFIG_FILE
fi

export TF_IN_AUTOMATION=1
export TF_INPUT=0
# terraform test never needs credentials (mock_provider), and must not find real ones.
export AWS_EC2_METADATA_DISABLED=true

init_args=(-backend=false -input=false -no-color)
if [[ -n "${TF_PLUGIN_DIR:-}" ]]; then
  [[ -d "${TF_PLUGIN_DIR}" ]] || fail "TF_PLUGIN_DIR=${TF_PLUGIN_DIR} is not a directory"
  init_args+=(-plugin-dir "${TF_PLUGIN_DIR}")
  provider_source="mirror ${TF_PLUGIN_DIR}"
else
  provider_source="registry"
fi

start=${SECONDS}
step "$(terraform version | head -n 1); providers from ${provider_source}"

bash "${TF_ROOT}/scripts/selftest.sh"

step "terraform fmt -check -recursive ${TF_ROOT}"
if ! terraform fmt -check -recursive -diff -no-color "${TF_ROOT}"; then
  fail "files above are not formatted; run: terraform fmt -recursive infra/terraform (make terraform-fmt)"
fi

for dir in "${DIRS[@]}"; do
  cd "${TF_ROOT}/${dir}"

  step "${dir}: terraform init -backend=false"
  if ! init_log="$(terraform init "${init_args[@]}" 2>&1)"; then
    printf '%s\n' "${init_log}" >&2
    fail "${dir}: terraform init failed"
  fi

  step "${dir}: terraform validate"
  if ! validate_log="$(terraform validate -no-color 2>&1)"; then
    printf '%s\n' "${validate_log}" >&2
    fail "${dir}: terraform validate failed"
  fi
  if grep -q "Warning" <<<"${validate_log}"; then
    printf '%s\n' "${validate_log}" >&2
    fail "${dir}: terraform validate reported warnings (zero allowed)"
  fi

  step "${dir}: terraform test"
  if ! terraform test -no-color; then
    fail "${dir}: terraform test failed"
  fi
done

step "OK: fmt, init, validate (0 warnings) and test passed for ${DIRS[*]} in $((SECONDS - start))s"
