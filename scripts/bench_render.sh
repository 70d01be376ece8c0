#!/usr/bin/env bash
# Server render time of pages of a running server: median and p90 of N
# sequential requests, measured with curl (time to the last byte).
#   scripts/bench_render.sh [base-url] [N]
set -euo pipefail
base=${1:-http://127.0.0.1:3000}
n=${2:-100}
for path in "/" "/?bulan=2026-03" "/kecamatan/16.71.01"; do
  curl -fsS -o /dev/null "$base$path"   # warm the cache
  for _ in $(seq "$n"); do curl -fsS -o /dev/null -w '%{time_total}\n' "$base$path"; done \
    | sort -n | awk -v p="$path" -v n="$n" '{ t[NR] = $1 } END {
        printf "%-22s median %.2f ms  p90 %.2f ms  (n=%d)\n", p, t[int((NR+1)/2)] * 1000, t[int(NR*0.9)] * 1000, n }'
done
