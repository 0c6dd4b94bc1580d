#!/usr/bin/env bash
# Checks the deploy plumbing without AWS or a real terraform run (validate.sh
# runs it first). Stand-in `terraform` and `aws` commands record what
# deploy.sh asks of them:
#   1. deploy never initialises from an offline provider mirror, even when
#      TF_PLUGIN_DIR is set (a validation mirror may hold a provider too old for
#      the default runtime);
#   2. the saved plan file (secrets in clear text) is removed when apply fails;
#   3. the Makefile gives TF_PLUGIN_DIR to terraform-validate only, not to the
#      deploy targets;
#   4. deploy.sh refuses to start without every Lambda package, the
#      authorizer's included.
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
cleanup() {
  rm -rf "${work}"
  rm -f "${plan_path}"
}
trap cleanup EXIT
[[ ! -e "${plan_path}" ]] || {
  printf 'selftest: %s exists; remove it first\n' "${plan_path}" >&2
  exit 1
}

mkdir -p "${work}/bin" "${work}/dist" "${work}/mirror"
for fn in authorizer ingest processor query migrate; do : >"${work}/dist/${fn}.zip"; done

cat >"${work}/bin/terraform" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$*" >>"${SELFTEST_LOG}"
case "$1" in
  plan) for arg in "$@"; do [[ "${arg}" == -out=* ]] && printf 'plan' >"${arg#-out=}"; done ;;
  apply) exit 1 ;;
  output) printf 'unused' ;;
esac
exit 0
EOF
cat >"${work}/bin/aws" <<'EOF'
#!/usr/bin/env bash
case "$1 $2" in
  "sts get-caller-identity") printf 'arn:aws:iam::123456789012:user/selftest\n' ;;
  "lambda get-account-settings") printf '1000\n' ;;
esac
EOF
chmod +x "${work}/bin/terraform" "${work}/bin/aws"

printf '==> selftest: deploy.sh and the Makefile\n'

log="${work}/terraform.log"
: >"${log}"
set +e
env PATH="${work}/bin:${PATH}" SELFTEST_LOG="${log}" DIST_DIR="${work}/dist" \
  TF_PLUGIN_DIR="${work}/mirror" TF_VAR_vpc_id=vpc-0selftest \
  bash "${TF_ROOT}/scripts/deploy.sh" dev apply >"${work}/deploy.out" 2>&1
deploy_rc=$?
set -e

check "deploy.sh runs terraform init" "grep -q '^init' '${log}'"
check "deploy.sh never passes -plugin-dir to terraform init" "! grep -q -- '-plugin-dir' '${log}'"
check "deploy.sh fails when terraform apply fails" "[[ ${deploy_rc} -ne 0 ]]"
check "deploy.sh removes the saved plan when apply fails" "[[ ! -e '${plan_path}' ]]"
check "deploy.sh passes the account's Lambda concurrency quota to the plan" \
  "grep -q 'Lambda concurrency quota of this account and region: 1000' '${work}/deploy.out'"

mkdir -p "${work}/dist-without-authorizer"
cp "${work}"/dist/{ingest,processor,query,migrate}.zip "${work}/dist-without-authorizer/"
: >"${log}"
set +e
env PATH="${work}/bin:${PATH}" SELFTEST_LOG="${log}" DIST_DIR="${work}/dist-without-authorizer" TF_VAR_vpc_id=vpc-0selftest \
  bash "${TF_ROOT}/scripts/deploy.sh" dev plan >"${work}/deploy-no-authorizer.out" 2>&1
no_authorizer_rc=$?
set -e
check "deploy.sh refuses to plan without dist/authorizer.zip" \
  "[[ ${no_authorizer_rc} -ne 0 ]] && grep -q 'authorizer.zip is missing' '${work}/deploy-no-authorizer.out' && ! grep -q '^init' '${log}'"

probe='probe-tf-env: ; @printf "%s" "$${TF_PLUGIN_DIR:-}"'
make_env="$(env -u TF_PLUGIN_DIR -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
  make --no-print-directory -s -C "${REPO_ROOT}" --eval "${probe}" probe-tf-env)"
check "the Makefile exports no TF_PLUGIN_DIR to targets other than terraform-validate" "[[ -z '${make_env}' ]]"

if [[ ${failures} -gt 0 ]]; then
  printf 'selftest: %d check(s) failed; deploy.sh said:\n' "${failures}" >&2
  cat "${work}/deploy.out" >&2
  exit 1
fi
