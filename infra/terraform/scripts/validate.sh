#!/usr/bin/env bash
# Offline validation of all Terraform in infra/terraform (make terraform-validate):
#   selftest.sh (the deploy and rollback scripts' plumbing), terraform fmt
#   -check, then for every module and env: init -backend=false, validate (zero
#   warnings), terraform test (mocked AWS).
#
# It works on a copy of infra/terraform in a temporary directory: init leaves
# a lock file (and .terraform/) wherever it runs, and one pinned to the
# validation provider would be reused by a later deploy's init. Providers are
# cached across runs in TF_PLUGIN_CACHE_DIR (default
# ~/.cache/fluxa/terraform-plugins), so the copy costs no download.
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

# The selftest runs this script with stand-ins, without running itself again.
if [[ -z "${FLUXA_VALIDATE_SKIP_SELFTEST:-}" ]]; then
  bash "${TF_ROOT}/scripts/selftest.sh"
fi

step "terraform fmt -check -recursive ${TF_ROOT}"
if ! terraform fmt -check -recursive -diff -no-color "${TF_ROOT}"; then
  fail "files above are not formatted; run: terraform fmt -recursive infra/terraform (make terraform-fmt)"
fi

# The examples users copy (terraform.tfvars.example, backend.tf.example) are
# HCL too: terraform fmt parses them, and they must come out unchanged.
for example in "${TF_ROOT}"/envs/*/*.example; do
  if ! formatted="$(terraform fmt -no-color - <"${example}" 2>&1)" || [[ "${formatted}" != "$(cat "${example}")" ]]; then
    printf '%s\n' "${formatted}" >&2
    fail "${example#"${TF_ROOT}/"} does not parse or is not formatted (terraform fmt - <file)"
  fi
done

copy="$(mktemp -d)"
trap 'rm -rf "${copy}"' EXIT
tar -C "${TF_ROOT}" -cf - --exclude=.terraform --exclude=.terraform.lock.hcl --exclude='*.tfstate' \
  --exclude='*.tfstate.*' --exclude='*.tfplan' --exclude=terraform.tfvars --exclude='*.auto.tfvars' . |
  tar -C "${copy}" -xf -
export TF_PLUGIN_CACHE_DIR="${TF_PLUGIN_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/fluxa/terraform-plugins}"
mkdir -p "${TF_PLUGIN_CACHE_DIR}"
step "working on a copy in ${copy} (providers cached in ${TF_PLUGIN_CACHE_DIR})"

test_files=()
for dir in "${DIRS[@]}"; do
  cd "${copy}/${dir}"

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

  for file in tests/*.tftest.hcl; do
    test_files+=("$(grep -c '^run "' "${file}") ${dir}/${file}")
  done
done

# Every test file plans on its own (mocked AWS, state in memory), so the files
# run side by side in FLUXA_TF_TEST_JOBS lanes (default: the CPUs). Each run
# block is a plan, most of a file's time: the files are dealt to the lanes
# most run blocks first, each to the lane with the fewest so far, so that the
# lanes finish together. A lane tests its files of one dir in one terraform
# test (one -filter each): every terraform test loads the AWS provider's
# schema first, about 3 s. Each command's output is printed whole when it
# fails.
jobs="${FLUXA_TF_TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}"
step "terraform test: ${#test_files[@]} files in ${jobs} lanes"
mkdir -p "${copy}/.test-logs"
printf '%s\n' "${test_files[@]}" | sort -k1,1nr -k2,2 | awk -v jobs="${jobs}" '{
  lane = 0
  for (i = 1; i < jobs; i++) if (runs[i] < runs[lane]) lane = i
  runs[lane] += $1 + 1
  print lane, $2
}' >"${copy}/.test-lanes"
run_test_lane() {
  local lane="$1" dir file log filters
  for dir in ${TEST_DIRS}; do
    filters=()
    while read -r _ file; do
      filters+=("-filter=tests/${file##*/tests/}")
    done < <(grep -E "^${lane} ${dir}/tests/" "${copy}/.test-lanes")
    ((${#filters[@]})) || continue
    log="${copy}/.test-logs/${lane}_${dir//\//_}.log"
    if ! (cd "${copy}/${dir}" && terraform test -no-color "${filters[@]}") >"${log}" 2>&1; then
      printf '  FAIL %s: terraform test %s\n' "${dir}" "${filters[*]}"
      cat "${log}"
      return 1
    fi
    printf '  ok   %s (%s): %s\n' "${dir}" "${filters[*]//-filter=tests\//}" "$(grep -E '^(Success|Failure)!' "${log}" | tail -n 1)"
  done
}
export -f run_test_lane
export copy TEST_DIRS="${DIRS[*]}"
if ! seq 0 $((jobs - 1)) | xargs -P "${jobs}" -I{} bash -c 'run_test_lane "$1"' _ {}; then
  fail "terraform test failed (output above)"
fi

step "OK: fmt, init, validate (0 warnings) and test passed for ${DIRS[*]} in $((SECONDS - start))s"
