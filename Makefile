# Fluxa — every command a user or CI runs. `make help` lists them.
# Toolchain: Node >= 24 and pnpm 10 come from PATH or are installed into .tools/
# (scripts/toolchain.sh), so a machine with only git, make and an old Node works.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(CURDIR)
export PATH := $(ROOT)/.tools/bin:$(ROOT)/node_modules/.bin:$(PATH)
export TURBO_TELEMETRY_DISABLED := 1
export DO_NOT_TRACK := 1
# Offline Terraform validation: a filesystem provider mirror, when the machine
# has one, is exported to terraform-validate ONLY (target-specific, below). The
# mirror may hold an old provider (5.100 cannot deploy nodejs24.x), so deploys
# always resolve the provider from the registry.
TF_VALIDATE_PLUGIN_DIR := $(or $(TF_PLUGIN_DIR),$(firstword $(wildcard /opt/tf-plugins /usr/share/terraform/plugins)))
TURBO_FLAGS := --concurrency=2 --output-logs=new-only

.PHONY: help deps build test fuzz lint clean package package-check bench migrate ci \
        local local-up local-down local-test local-reset \
        terraform-fmt terraform-validate deploy-dev deploy-prod verify-dev rollback-dev rollback-prod

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

.tools/bin/node .tools/bin/pnpm: scripts/toolchain.sh package.json
	@bash scripts/toolchain.sh
	@touch .tools/bin/node .tools/bin/pnpm

node_modules/.modules.yaml: .tools/bin/pnpm pnpm-lock.yaml package.json
	pnpm install --frozen-lockfile
	@touch $@

deps: node_modules/.modules.yaml ## Install Node 24 (if needed), pnpm and the dependencies

build: deps ## Build every package and function bundle
	turbo run build $(TURBO_FLAGS)

local: local-build ## The whole stack in the foreground: prints the API URL and a dev key; Ctrl-C drains and stops
	@node local/dist/main.mjs run

local-up: local-build ## The local stack in the background (URL, key and pids in .local/stack.json; logs in .local/logs)
	@node local/dist/main.mjs up

local-down: ## Stop the local stack and anything it left running, even without .local/stack.json
	@if [ -f local/dist/main.mjs ]; then node local/dist/main.mjs down; else echo "no local stack is running"; fi

local-test: local-build ## End-to-end harness on a stack of its own (temp dir, free ports); never touches yours
	@pnpm --silent --filter @fluxa/local-harness run local-test

local-reset: ## Delete the local data (database, emulator state, logs); keeps the dev key, refuses while the stack runs
	@if [ -f local/dist/main.mjs ]; then node local/dist/main.mjs reset; \
	 else echo "local-reset: local/dist/main.mjs is missing: run make build first" >&2; exit 1; fi

# `make build`, but quiet: its output (and the bundlers' harmless warnings) is shown only
# when the build fails, so the stack's banner is what the terminal shows.
.PHONY: local-build
local-build: deps
	@mkdir -p .turbo; \
	if ! turbo run build $(TURBO_FLAGS) > .turbo/local-build.log 2>&1; then \
	  cat .turbo/local-build.log; echo "make: the build failed (output above, also in .turbo/local-build.log)" >&2; exit 1; \
	fi

# The Terraform checks touch only a copy of infra/ and need no server: they run beside the
# tests at low priority (in the CPU the tests leave idle), their output shown when they end.
test: deps ## All unit + integration tests (real PostgreSQL and AWS emulator, started by the tests)
	@start=$$(date +%s); rm -rf .turbo/test-results; mkdir -p .turbo; \
	setsid nice -n 10 $(MAKE) --no-print-directory terraform-validate-if-available \
	  > .turbo/terraform-validate.log 2>&1 & terraform=$$!; \
	trap 'kill -- -$$terraform 2>/dev/null || true' EXIT; \
	turbo run typecheck test $(TURBO_FLAGS); \
	$(MAKE) --no-print-directory package-check; \
	echo "make test: the Terraform checks (started beside the tests):"; \
	wait $$terraform || { cat .turbo/terraform-validate.log; exit 1; }; \
	cat .turbo/terraform-validate.log; \
	node scripts/testSummary.cjs; \
	echo "make test: everything passed in $$(( $$(date +%s) - start )) s"

fuzz: build ## The property tests with many more cases (FLUXA_PROPERTY_RUNS, default 5000)
	FLUXA_PROPERTY_RUNS=$${FLUXA_PROPERTY_RUNS:-5000} turbo run test $(TURBO_FLAGS) \
	  --filter=@fluxa/models --filter=@fluxa/query --filter=@fluxa/queue --filter=@fluxa/pipeline-tests

lint: deps ## Biome (format + lint) and TypeScript type checks
	biome check .
	turbo run typecheck $(TURBO_FLAGS)

package: build ## Deterministic Lambda zips dist/<function>.zip, their source maps and dist/SHA256SUMS
	tsx scripts/package.ts

package-check: build ## Build the zips twice from scratch: fail unless SHA256SUMS match and every bundle is the root version
	tsx scripts/package.ts > /dev/null
	@mkdir -p .turbo; cp dist/SHA256SUMS .turbo/SHA256SUMS.first
	turbo run build $(TURBO_FLAGS) --force --filter='./functions/*' > /dev/null
	tsx scripts/package.ts
	tsx scripts/checkRelease.ts .turbo/SHA256SUMS.first dist/SHA256SUMS

bench: package ## Benchmarks (not part of make test): writes tools/bench/results/*.json and renders docs/BENCHMARKS.md
	pnpm --filter @fluxa/bench run bench
	@biome format --write docs/BENCHMARKS.md > /dev/null

migrate: deps ## Apply migrations/ to DATABASE_URL
	@test -n "$${DATABASE_URL:-}" || { echo "DATABASE_URL is not set" >&2; exit 1; }
	tsx functions/migrate/src/cli.ts

ci: lint test package ## What CI runs: lint, test, package

clean: ## Remove build output, installs and local state
	rm -rf dist .turbo .local node_modules .tools packages/*/dist packages/*/src/generated \
	       packages/*/node_modules functions/*/dist functions/*/node_modules local/node_modules tools/*/node_modules tools/*/dist

terraform-fmt: ## Format the Terraform
	terraform fmt -recursive infra/terraform

terraform-validate: export TF_PLUGIN_DIR := $(TF_VALIDATE_PLUGIN_DIR)
terraform-validate: ## fmt-check, init, validate and `terraform test` every module and env (offline-capable)
	bash infra/terraform/scripts/validate.sh

.PHONY: terraform-validate-if-available
terraform-validate-if-available:
	@if command -v terraform >/dev/null; then \
	  $(MAKE) --no-print-directory terraform-validate; \
	else \
	  echo "make test: terraform is not on PATH: SKIPPING terraform-validate (install Terraform >= 1.11 to run it)"; \
	fi

deploy-dev: package ## Package, then plan + apply envs/dev and run migrations
	bash infra/terraform/scripts/deploy.sh dev apply

deploy-prod: package ## Package, then plan + apply envs/prod and run migrations
	bash infra/terraform/scripts/deploy.sh prod apply

rollback-dev: ## Point every dev function back at the previous release (no schema change; RUNBOOK "Rolling back")
	bash infra/terraform/scripts/rollback.sh dev

rollback-prod: ## Point every prod function back at the previous release (asks to type `prod`)
	bash infra/terraform/scripts/rollback.sh prod

verify-dev: build ## Run `fluxa verify` against the deployed dev API
	bash infra/terraform/scripts/verify.sh dev
