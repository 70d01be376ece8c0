#!/usr/bin/env bash
# Fault drill: `kill -9` of the server while it loads the demo, at several
# points of the load, on a fresh SQLite database each time; then the same
# database must still take the demo (a half-written load would be refused
# with "basis data sudah berisi laporan") and `audit verify` must find the
# chain and every bound row intact. The load is one transaction, so a
# process killed at any point leaves nothing behind.
#   tests/drill/demo_kill.sh [path/to/server]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/server}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One whole load first, to place the kills across its duration (startup,
# migrations, the load's transaction, the commit).
mulai=$(date +%s%N)
DATABASE_URL="sqlite://$work/ukur.sqlite" RUST_LOG=warn "$bin" demo >/dev/null
lama=$(( ($(date +%s%N) - mulai) / 1000000 ))
echo "a whole demo load takes ${lama} ms"
lulus=0
terbunuh_n=0
for persen in 10 25 40 55 70 85; do
  ms=$(( lama * persen / 100 ))
  db="sqlite://$work/kill-$ms.sqlite"
  DATABASE_URL="$db" RUST_LOG=warn "$bin" demo >"$work/log" 2>&1 &
  pid=$!
  sleep "$(awk "BEGIN { print $ms / 1000 }")"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    terbunuh="killed after ${ms} ms"
    terbunuh_n=$((terbunuh_n + 1))
  else
    wait "$pid"
    terbunuh="finished before ${ms} ms (not killed)"
  fi
  if [ "$terbunuh" = "killed after ${ms} ms" ]; then
    # A database with a half-written load refuses the demo.
    if ! DATABASE_URL="$db" RUST_LOG=warn "$bin" demo >"$work/log2" 2>&1; then
      echo "FAIL: $terbunuh, the database then refused the demo:"; cat "$work/log2"; exit 1
    fi
  fi
  if ! DATABASE_URL="$db" RUST_LOG=warn "$bin" audit verify >"$work/verify" 2>&1; then
    echo "FAIL: $terbunuh, audit verify:"; cat "$work/verify"; exit 1
  fi
  echo "ok: demo load $terbunuh; loaded again and verified intact"
  lulus=$((lulus + 1))
done
if [ "$terbunuh_n" -lt 3 ]; then
  echo "FAIL: only $terbunuh_n of the loads were killed before they finished"; exit 1
fi
echo "demo-kill: $lulus passed, 0 failed"
