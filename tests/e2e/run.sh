#!/usr/bin/env bash
# Starts the release server on a fresh SQLite database with the demo data,
# runs the browser test against it, and stops the server.
#   tests/e2e/run.sh [path/to/server]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/server}
port=${E2E_PORT:-3917}
work=$(mktemp -d)
log="$work/server.log"
DATABASE_URL="sqlite://$work/e2e.sqlite" PANTAU_DEMO=true PANTAU_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$bin" serve >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "server exited:"; cat "$log"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "server did not start:"; cat "$log"; exit 1; }
BASE_URL="http://127.0.0.1:$port" node tests/e2e/hydration.mjs
# The release binary verifies what the demo load and the browser session
# wrote: the audit chain and every bound report version and approval step.
DATABASE_URL="sqlite://$work/e2e.sqlite" RUST_LOG=warn "$bin" audit verify
