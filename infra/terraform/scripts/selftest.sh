#!/usr/bin/env bash
# Checks the deploy and rollback plumbing without AWS or a real terraform run
# (validate.sh runs it first). Stand-in `terraform` and `aws` commands record
# what the scripts ask of them:
#   1. deploy never initialises from an offline provider mirror, even when
#      TF_PLUGIN_DIR is set (a validation mirror may hold a provider too old for
#      the default runtime);
#   2. the saved plan file (secrets in clear text) is removed when apply fails;
#   3. the Makefile gives TF_PLUGIN_DIR to terraform-validate only, not to the
#      deploy targets;
#   4. deploy.sh refuses to start without every Lambda package, the
#      authorizer's included;
#   5. deploy.sh initialises with -upgrade (a lock file left by another init
#      cannot pin an old provider), and refuses, before anything is created,
#      an account and region without API Gateway's CloudWatch logging role
#      unless the stack sets it (manage_api_gateway_account = true);
#   6. validate.sh initialises a copy, never the repository: it leaves no lock
#      file behind;
#   7. rollback.sh moves each live alias to the newest version of the previous
#      release, leaves a function whose code did not change, changes nothing
#      on a dry run or when one function cannot be planned, and asks before
#      touching prod.
set -euo pipefail

TF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "${TF_ROOT}/../.." && pwd)"

failures=0
check() {
  if eval "$2"; then
    printf '  ok   %s\n' "$1"
  else
    printf '  FAIL %s\n' "$1" >&2
    failures=$((failures + 1))
  fi
}

work="$(mktemp -d)"
plan_path="${TF_ROOT}/envs/dev/.deploy.tfplan"
auto_tfvars="${TF_ROOT}/envs/dev/zz-selftest.auto.tfvars"
cleanup() {
  rm -rf "${work}"
  rm -f "${plan_path}" "${auto_tfvars}"
}
trap cleanup EXIT
[[ ! -e "${plan_path}" ]] || {
  printf 'selftest: %s exists; remove it first\n' "${plan_path}" >&2
  exit 1
}

mkdir -p "${work}/bin" "${work}/dist" "${work}/mirror"
for fn in authorizer ingest processor query control relay migrate; do : >"${work}/dist/${fn}.zip"; done

cat >"${work}/bin/terraform" <<'STANDIN'
#!/usr/bin/env bash
printf '%s\n' "$*" >>"${SELFTEST_LOG}"
case "$1" in
  plan) for arg in "$@"; do [[ "${arg}" == -out=* ]] && printf 'plan' >"${arg#-out=}"; done ;;
  apply) exit 1 ;;
  output) printf 'unused' ;;
esac
exit 0
STANDIN
cat >"${work}/bin/aws" <<'STANDIN'
#!/usr/bin/env bash
case "$1 $2" in
  "sts get-caller-identity") printf 'arn:aws:iam::123456789012:user/selftest\n' ;;
  "lambda get-account-settings") printf '1000\n' ;;
  "apigateway get-account") printf '%s\n' "${SELFTEST_APIGW_ROLE:-arn:aws:iam::123456789012:role/apigw-logs}" ;;
esac
STANDIN
chmod +x "${work}/bin/terraform" "${work}/bin/aws"

printf '==> selftest: deploy.sh, rollback.sh and the Makefile\n'

# -------------------------------------------------------------- deploy.sh ---
log="${work}/terraform.log"
: >"${log}"
set +e
env PATH="${work}/bin:${PATH}" SELFTEST_LOG="${log}" DIST_DIR="${work}/dist" \
  TF_PLUGIN_DIR="${work}/mirror" TF_VAR_vpc_id=vpc-0selftest \
  bash "${TF_ROOT}/scripts/deploy.sh" dev apply >"${work}/deploy.out" 2>&1
deploy_rc=$?
set -e

check "deploy.sh runs terraform init" "grep -q '^init' '${log}'"
check "deploy.sh initialises with -upgrade, whatever lock file is there" "grep -q '^init.* -upgrade' '${log}'"
check "deploy.sh never passes -plugin-dir to terraform init" "! grep -q -- '-plugin-dir' '${log}'"
check "deploy.sh fails when terraform apply fails" "[[ ${deploy_rc} -ne 0 ]]"
check "deploy.sh removes the saved plan when apply fails" "[[ ! -e '${plan_path}' ]]"
check "deploy.sh passes the account's Lambda concurrency quota to the plan" \
  "grep -q 'Lambda concurrency quota of this account and region: 1000' '${work}/deploy.out'"

mkdir -p "${work}/dist-without-authorizer"
cp "${work}"/dist/{ingest,processor,query,control,relay,migrate}.zip "${work}/dist-without-authorizer/"
: >"${log}"
set +e
env PATH="${work}/bin:${PATH}" SELFTEST_LOG="${log}" DIST_DIR="${work}/dist-without-authorizer" TF_VAR_vpc_id=vpc-0selftest \
  bash "${TF_ROOT}/scripts/deploy.sh" dev plan >"${work}/deploy-no-authorizer.out" 2>&1
no_authorizer_rc=$?
set -e
check "deploy.sh refuses to plan without dist/authorizer.zip" \
  "[[ ${no_authorizer_rc} -ne 0 ]] && grep -q 'authorizer.zip is missing' '${work}/deploy-no-authorizer.out' && ! grep -q '^init' '${log}'"

deploy_without_role() {
  : >"${log}"
  set +e
  env PATH="${work}/bin:${PATH}" SELFTEST_LOG="${log}" DIST_DIR="${work}/dist" SELFTEST_APIGW_ROLE=None \
    TF_VAR_vpc_id=vpc-0selftest "$@" bash "${TF_ROOT}/scripts/deploy.sh" dev plan >"${work}/deploy-no-role.out" 2>&1
  deploy_no_role_rc=$?
  set -e
}
deploy_without_role
check "deploy.sh refuses an account without API Gateway's logging role before init, naming manage_api_gateway_account" \
  "[[ ${deploy_no_role_rc} -ne 0 ]] && grep -q 'manage_api_gateway_account = true' '${work}/deploy-no-role.out' && ! grep -q '^init' '${log}'"
deploy_without_role TF_VAR_manage_api_gateway_account=true
check "deploy.sh goes on when the stack sets the role (TF_VAR_manage_api_gateway_account)" \
  "[[ ${deploy_no_role_rc} -eq 0 ]] && grep -q '^init' '${log}'"
printf 'manage_api_gateway_account = true # written by selftest.sh, removed on exit\n' >"${auto_tfvars}"
deploy_without_role
rm -f "${auto_tfvars}"
check "deploy.sh goes on when the stack's variable files set the role" \
  "[[ ${deploy_no_role_rc} -eq 0 ]] && grep -q 'this stack sets it' '${work}/deploy-no-role.out'"

# ------------------------------------------------------------ validate.sh ---
mkdir -p "${work}/validate-bin"
cat >"${work}/validate-bin/terraform" <<'STANDIN'
#!/usr/bin/env bash
case "$1" in
  version) printf 'Terraform v1.11.4\n' ;;
  fmt) [[ "${*: -1}" == "-" ]] && cat ;;
  init)
    printf '%s\n' "${PWD}" >>"${SELFTEST_INIT_DIRS}"
    : >.terraform.lock.hcl
    ;;
  validate) printf 'Success! The configuration is valid.\n' ;;
  test)
    printf '%s %s\n' "${PWD}" "$*" >>"${SELFTEST_TEST_RUNS}"
    printf 'Success! 1 passed, 0 failed.\n'
    ;;
esac
exit 0
STANDIN
chmod +x "${work}/validate-bin/terraform"
locks_before="$(find "${TF_ROOT}" -name .terraform.lock.hcl | sort)"
set +e
env PATH="${work}/validate-bin:${PATH}" SELFTEST_INIT_DIRS="${work}/init-dirs" SELFTEST_TEST_RUNS="${work}/test-runs" FLUXA_VALIDATE_SKIP_SELFTEST=1 \
  TF_PLUGIN_CACHE_DIR="${work}/plugin-cache" bash "${TF_ROOT}/scripts/validate.sh" >"${work}/validate.out" 2>&1
validate_rc=$?
set -e
test_files_in_repo="$(cd "${TF_ROOT}" && find modules envs -path '*/tests/*.tftest.hcl' | sort)"
# One line per terraform test: its dir, then one -filter per test file.
tested_files="$(awk '{ match($1, /(modules|envs)\/[^\/]+$/); dir = substr($1, RSTART)
  for (i = 2; i <= NF; i++) if (sub(/^-filter=/, "", $i)) print dir "/" $i }' "${work}/test-runs" | sort)"
check "validate.sh runs every test file of every module and env, each once" \
  "[[ -n '${test_files_in_repo}' && '${tested_files}' == '${test_files_in_repo}' ]]"
check "validate.sh initialises a copy of every module and env, never the repository, and leaves no lock file" \
  "[[ ${validate_rc} -eq 0 && \$(wc -l <'${work}/init-dirs') -eq 5 ]] && ! grep -q '^${TF_ROOT}' '${work}/init-dirs' && [[ \"\$(find '${TF_ROOT}' -name .terraform.lock.hcl | sort)\" == '${locks_before}' ]]"

probe='probe-tf-env: ; @printf "%s" "$${TF_PLUGIN_DIR:-}"'
make_env="$(env -u TF_PLUGIN_DIR -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
  make --no-print-directory -s -C "${REPO_ROOT}" --eval "${probe}" probe-tf-env)"
check "the Makefile exports no TF_PLUGIN_DIR to targets other than terraform-validate" "[[ -z '${make_env}' ]]"

# ------------------------------------------------------------ rollback.sh ---
# A stand-in AWS holds each function's versions ("<version> TAB <code sha> TAB
# <description>", as list-versions-by-function --output text prints them) and
# its live alias; update-alias rewrites the alias and logs the move.
lambda_state="${work}/lambda"
mkdir -p "${lambda_state}" "${work}/rollback-bin"
version_line() { printf '%s\t%s\tFluxa function (release %s)\n' "$1" "$2" "$3"; }
reset_lambda_state() {
  rm -f "${lambda_state:?}"/*
  # ingest: releases aaa (version 2 a configuration-only change), bbb, ccc.
  {
    version_line 1 ingest-a aaa
    version_line 2 ingest-a aaa
    version_line 3 ingest-b bbb
    version_line 4 ingest-c ccc
  } >"${lambda_state}/fluxa-dev-ingest.versions"
  echo 4 >"${lambda_state}/fluxa-dev-ingest.alias"
  # authorizer: the same code in every release.
  {
    version_line 1 auth-x aaa
    version_line 2 auth-x bbb
    version_line 3 auth-x ccc
  } >"${lambda_state}/fluxa-dev-authorizer.versions"
  echo 3 >"${lambda_state}/fluxa-dev-authorizer.alias"
  {
    version_line 1 proc-a aaa
    version_line 2 proc-b bbb
    version_line 3 proc-c ccc
  } >"${lambda_state}/fluxa-dev-processor.versions"
  echo 3 >"${lambda_state}/fluxa-dev-processor.alias"
  # control: new in release ccc.
  version_line 1 control-c ccc >"${lambda_state}/fluxa-dev-control.versions"
  echo 1 >"${lambda_state}/fluxa-dev-control.alias"
}
cat >"${work}/rollback-bin/terraform" <<'STANDIN'
#!/usr/bin/env bash
case "$*" in
  "output -json lambda_function_names")
    printf '{"authorizer":"fluxa-dev-authorizer","control":"fluxa-dev-control","ingest":"fluxa-dev-ingest","processor":"fluxa-dev-processor"}\n'
    ;;
  "output -raw aws_region") printf 'eu-west-1' ;;
  *) exit 1 ;;
esac
STANDIN
cat >"${work}/rollback-bin/aws" <<'STANDIN'
#!/usr/bin/env bash
call="$1 $2"
fn=""
version=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --function-name) fn="$2"; shift ;;
    --function-version) version="$2"; shift ;;
  esac
  shift
done
case "${call}" in
  "sts get-caller-identity") printf 'arn:aws:iam::123456789012:user/selftest\n' ;;
  "lambda get-alias") cat "${SELFTEST_LAMBDA}/${fn}.alias" ;;
  "lambda list-versions-by-function") cat "${SELFTEST_LAMBDA}/${fn}.versions" ;;
  "lambda update-alias")
    printf '%s\n' "${version}" >"${SELFTEST_LAMBDA}/${fn}.alias"
    printf '%s %s\n' "${fn}" "${version}" >>"${SELFTEST_LAMBDA}/updates.log"
    ;;
  *) exit 1 ;;
esac
STANDIN
chmod +x "${work}/rollback-bin/terraform" "${work}/rollback-bin/aws"
rollback() {
  env PATH="${work}/rollback-bin:${PATH}" SELFTEST_LAMBDA="${lambda_state}" bash "${TF_ROOT}/scripts/rollback.sh" "$@"
}
alias_of() { cat "${lambda_state}/fluxa-dev-$1.alias"; }

reset_lambda_state
rollback dev --dry-run >"${work}/rollback-dry.out" 2>&1 || true
check "rollback.sh --dry-run says what it would move and moves nothing" \
  "grep -q 'ingest      live 4 -> 3 (release ccc -> bbb)' '${work}/rollback-dry.out' && [[ ! -e '${lambda_state}/updates.log' && \$(alias_of ingest) == 4 ]]"

rollback dev >"${work}/rollback.out" 2>&1 || true
check "rollback.sh moves each alias to the previous release's version" \
  "[[ \$(alias_of ingest) == 3 && \$(alias_of processor) == 2 ]] && grep -q 'processor   live 3 -> 2 (release ccc -> bbb)' '${work}/rollback.out'"
check "rollback.sh leaves a function whose code is the same in both releases" \
  "[[ \$(alias_of authorizer) == 3 ]] && grep -q 'authorizer  live 3 stays: same code in release bbb' '${work}/rollback.out'"
check "rollback.sh leaves a function that has no earlier release" \
  "[[ \$(alias_of control) == 1 ]] && grep -q 'control     live 1 stays: no release before ccc' '${work}/rollback.out'"

rollback dev >"${work}/rollback-again.out" 2>&1 || true
check "a second rollback goes one release further, to that release's newest version" \
  "[[ \$(alias_of ingest) == 2 && \$(alias_of processor) == 1 ]]"

reset_lambda_state
set +e
rollback prod </dev/null >"${work}/rollback-prod.out" 2>&1
rollback_prod_rc=$?
set -e
check "rollback.sh refuses prod without a terminal (or FLUXA_AUTO_APPROVE=1)" \
  "[[ ${rollback_prod_rc} -ne 0 ]] && grep -q 'refusing to roll back prod' '${work}/rollback-prod.out' && [[ ! -e '${lambda_state}/updates.log' ]]"

reset_lambda_state
printf '5\tingest-d\tFluxa function without a release\n' >>"${lambda_state}/fluxa-dev-ingest.versions"
echo 5 >"${lambda_state}/fluxa-dev-ingest.alias"
set +e
rollback dev >"${work}/rollback-unnamed.out" 2>&1
rollback_unnamed_rc=$?
set -e
check "rollback.sh moves nothing when one function's live version names no release" \
  "[[ ${rollback_unnamed_rc} -ne 0 ]] && grep -q 'names no release' '${work}/rollback-unnamed.out' && [[ ! -e '${lambda_state}/updates.log' ]]"

rollback_recipe="$(make --no-print-directory -s -n -C "${REPO_ROOT}" rollback-dev rollback-prod)"
check "make rollback-dev and rollback-prod run rollback.sh for their environment" \
  "grep -q 'scripts/rollback.sh dev' <<<'${rollback_recipe}' && grep -q 'scripts/rollback.sh prod' <<<'${rollback_recipe}'"

if [[ ${failures} -gt 0 ]]; then
  printf 'selftest: %d check(s) failed; deploy.sh said:\n' "${failures}" >&2
  cat "${work}/deploy.out" >&2
  for out in "${work}"/rollback*.out; do
    printf -- '--- %s\n' "$(basename "${out}")" >&2
    cat "${out}" >&2
  done
  exit 1
fi
