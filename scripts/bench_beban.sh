#!/usr/bin/env bash
# The deadline-day load benchmark (issue 15, BENCHMARKS.md): `bench beban`
# against (1) one release server on a fresh SQLite database with the demo
# data, and (2) two release servers sharing a fresh PostgreSQL database.
# Prints requests/s, p50/p99 per kind and errors, then `audit verify`.
#   cargo leptos build --release && cargo build --release -p bench
#   scripts/bench_beban.sh [seconds, default 120] [sqlite|postgres|both]
set -euo pipefail
cd "$(dirname "$0")/.."
detik=${1:-120}
mode=${2:-both}
target=${CARGO_TARGET_DIR:-target}
server="$target/release/server"
bench="$target/release/bench"
work=$(mktemp -d)
pids=()
pgdb=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pgdb" ] && psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

mulai() { # url port
  DATABASE_URL="$1" PANTAU_DEMO=true PANTAU_ADDR="127.0.0.1:$2" LEPTOS_SITE_ROOT=target/site \
    RUST_LOG=warn "$server" serve >"$work/server-$2.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$work/server-$2.log"; exit 1
}

if [ "$mode" != postgres ]; then
  echo "== SQLite, one server"
  url="sqlite://$work/beban.sqlite"
  mulai "$url" 3941
  "$bench" beban http://127.0.0.1:3941 "$url" "$detik"
  kill "${pids[@]}"; wait || true; pids=()
  DATABASE_URL="$url" RUST_LOG=warn "$server" audit verify | tail -3
fi
if [ "$mode" != sqlite ]; then
  echo "== PostgreSQL, two servers"
  pgdb="pantau_beban_$$"
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $pgdb" >/dev/null
  url="postgres://postgres@127.0.0.1:5432/$pgdb"
  mulai "$url" 3942
  mulai "$url" 3943
  "$bench" beban http://127.0.0.1:3942,http://127.0.0.1:3943 "$url" "$detik"
  kill "${pids[@]}"; wait || true; pids=()
  DATABASE_URL="$url" RUST_LOG=warn "$server" audit verify | tail -3
fi
