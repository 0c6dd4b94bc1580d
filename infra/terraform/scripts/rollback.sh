#!/usr/bin/env bash
# Points every function's `live` alias back at the previous release, in
# seconds, without touching the database schema (make rollback-dev /
# make rollback-prod):
#   rollback.sh <dev|prod> [--dry-run]
#
# How it finds "previous": Terraform ends every function's description with
# "(release <id>)", a digest of all the packages, and PublishVersion copies the
# description into each version; a release that changes any package therefore
# publishes a version of every function. For each function the release of the
# version its alias points at is the current one; the newest older version of
# another release names the previous release; the target is that release's
# newest version (a configuration-only change may have published several).
# A function whose code is the same in both releases is left where it is, so
# its current configuration (its environment and memory, say) stays.
#
# What it prints: one line per function (from -> to, or why it stays), then
# what it did. What it cannot undo: migrations (a rollback runs none; the
# previous release runs against the newer, expanded schema), data written in
# between, and anything else Terraform changed (the next apply also moves the
# aliases forward again). docs/RUNBOOK.md, "Rolling back".
set -euo pipefail

TF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

step() { printf '==> %s\n' "$*"; }
fail() {
  printf 'rollback: %s\n' "$*" >&2
  exit 1
}

usage() {
  printf 'usage: %s <dev|prod> [--dry-run]\n' "$(basename "$0")" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
env_name="$1"
dry_run=0
[[ "${env_name}" == "dev" || "${env_name}" == "prod" ]] || usage
if [[ $# -eq 2 ]]; then
  [[ "$2" == "--dry-run" ]] || usage
  dry_run=1
fi

command -v terraform >/dev/null 2>&1 || fail "terraform is not on PATH (it reads the function names from the state)"
command -v aws >/dev/null 2>&1 || fail "the AWS CLI (aws) is not on PATH"
aws sts get-caller-identity >/dev/null 2>&1 ||
  fail "no usable AWS credentials (aws sts get-caller-identity failed); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  unset TF_CLI_CONFIG_FILE
fi

cd "${TF_ROOT}/envs/${env_name}"
names_json="$(terraform output -json lambda_function_names 2>/dev/null)" ||
  fail "no lambda_function_names output in envs/${env_name}; nothing deployed to roll back"
region="$(terraform output -raw aws_region)"
# {"authorizer":"fluxa-dev-authorizer",...}: function names are letters,
# digits and '-', so no quote, comma or colon needs unescaping.
functions=()
while IFS= read -r name; do
  [[ -n "${name}" ]] && functions+=("${name}")
done < <(sed -E 's/[{}" ]//g' <<<"${names_json}" | tr ',' '\n' | cut -d: -f2)
[[ ${#functions[@]} -gt 0 ]] || fail "envs/${env_name} lists no functions"

# From the versions of one function ("<version> TAB <code sha> TAB
# <description>" lines) and the version its alias points at, prints
# "<target> <current release> <previous release> <same code: 0|1>", or
# "none <current release>" without an earlier release, or "unnamed" when the
# current version names no release. awk, not bash 4, so macOS's bash 3.2 runs it.
plan_move() {
  awk -F '\t' -v current="$1" '
    $1 ~ /^[0-9]+$/ {
      v = $1 + 0
      code[v] = $2
      release[v] = match($3, /\(release [0-9a-f]+\)$/) ? substr($3, RSTART + 9, RLENGTH - 10) : ""
      versions[n++] = v
    }
    END {
      now = current + 0
      if (release[now] == "") { print "unnamed"; exit }
      for (i = 1; i < n; i++) {            # newest first
        for (j = i; j > 0 && versions[j - 1] < versions[j]; j--) {
          t = versions[j]; versions[j] = versions[j - 1]; versions[j - 1] = t
        }
      }
      previous = ""
      for (i = 0; i < n; i++) {
        v = versions[i]
        if (v >= now || release[v] == "") continue
        if (previous == "" && release[v] != release[now]) previous = release[v]
        if (previous != "" && release[v] == previous) {
          print v, release[now], previous, (code[v] == code[now] ? 1 : 0)
          exit
        }
      }
      print "none", release[now]
    }'
}

# Decide every move before making any, so a function that cannot be read
# leaves all aliases as they were.
moves=()
step "rollback envs/${env_name} (${region}): every live alias to the previous release"
for fn in "${functions[@]}"; do
  current="$(aws lambda get-alias --region "${region}" --function-name "${fn}" --name live --query FunctionVersion --output text)" ||
    fail "${fn}: cannot read its live alias"
  versions="$(aws lambda list-versions-by-function --region "${region}" --function-name "${fn}" \
    --query 'Versions[?Version!=`$LATEST`].[Version,CodeSha256,Description]' --output text)" ||
    fail "${fn}: cannot list its versions"
  read -r target current_release previous_release same_code <<<"$(plan_move "${current}" <<<"${versions}")"
  case "${target}" in
    unnamed) fail "${fn}: version ${current} names no release in its description; move its alias by hand (aws lambda update-alias)" ;;
    none) printf '  %-11s live %s stays: no release before %s\n' "${fn##*-}" "${current}" "${current_release}" ;;
    *)
      if [[ "${same_code}" == "1" ]]; then
        printf '  %-11s live %s stays: same code in release %s\n' "${fn##*-}" "${current}" "${previous_release}"
      else
        printf '  %-11s live %s -> %s (release %s -> %s)\n' "${fn##*-}" "${current}" "${target}" "${current_release}" "${previous_release}"
        moves+=("${fn}:${target}")
      fi
      ;;
  esac
done

if [[ ${#moves[@]} -eq 0 ]]; then
  step "nothing to roll back"
  exit 0
fi
if [[ ${dry_run} -eq 1 ]]; then
  step "dry run: no alias moved"
  exit 0
fi
if [[ "${env_name}" == "prod" && "${FLUXA_AUTO_APPROVE:-0}" != "1" ]]; then
  [[ -t 0 ]] || fail "refusing to roll back prod without a terminal; set FLUXA_AUTO_APPROVE=1 to do it unattended"
  read -r -p "Move these aliases in PROD? Type 'prod' to continue: " answer
  [[ "${answer}" == "prod" ]] || fail "aborted; nothing moved"
fi

for move in "${moves[@]}"; do
  aws lambda update-alias --region "${region}" --function-name "${move%%:*}" --name live \
    --function-version "${move##*:}" --output text --query FunctionVersion >/dev/null ||
    fail "${move%%:*}: update-alias failed; the aliases listed above it were moved"
done
step "moved ${#moves[@]} alias(es); the schema is unchanged. The next deploy moves them forward again: to stay on this release, deploy it (RUNBOOK, Rolling back)"
