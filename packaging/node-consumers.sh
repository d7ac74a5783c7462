#!/usr/bin/env bash
# The Node.js readers the tests use as real consumers of our exports (graphology's GEXF and
# GraphML parsers, the ones Gephi Lite opens files with): tests/consumers/node, installed
# from its lock file. Installs node/npm from the distribution when missing (needs root for
# that); does nothing when node_modules already matches the lock file.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/consumers/node"
stamp="$dir/node_modules/.armscribe-lock"

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "node-consumers: missing ${missing[*]}; install them with your package manager" >&2
    exit 1
  fi
  echo "node-consumers: installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  for tool in node npm; do
    command -v "$tool" >/dev/null 2>&1 || {
      echo "node-consumers: $tool is still missing after installing ${missing[*]}" >&2
      exit 1
    }
  done
fi

cmp -s "$dir/package-lock.json" "$stamp" && exit 0
echo "node-consumers: npm ci in tests/consumers/node" >&2
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
cp "$dir/package-lock.json" "$stamp"
