#!/usr/bin/env bash
# Server render time of pages of a running server with the demo data: signs
# in as the demo admin, then median and p90 of N sequential requests per page,
# measured with curl (time to the last byte; every request also looks up the
# session).
#   scripts/bench_render.sh [base-url] [N]
set -euo pipefail
base=${1:-http://127.0.0.1:3000}
n=${2:-100}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
# The sign-in form's CSRF cookie, then sign in with it (double submit).
curl -fsS -o /dev/null -c "$jar" "$base/masuk"
csrf=$(awk '$6 == "pantau_csrf" { print $7 }' "$jar")
curl -fsS -o /dev/null -b "$jar" -c "$jar" -H 'accept: text/html' \
  --data-urlencode "nama_pengguna=${PANTAU_BENCH_USER:-dinas}" \
  --data-urlencode "kata_sandi=${PANTAU_BENCH_PASSWORD:-pantau-demo-2025}" \
  --data-urlencode "csrf=$csrf" "$base/api/masuk"
grep -q pantau_sesi "$jar" || { echo "sign-in failed"; exit 1; }
for path in "/" "/?bulan=2026-03" "/kecamatan/16.71.01" "/kkmp/16.71.07.1011" "/verifikasi" "/jejak"; do
  curl -fsS -o /dev/null -b "$jar" "$base$path"   # warm the cache
  for _ in $(seq "$n"); do curl -fsS -o /dev/null -b "$jar" -w '%{time_total}\n' "$base$path"; done \
    | sort -n | awk -v p="$path" -v n="$n" '{ t[NR] = $1 } END {
        printf "%-22s median %.2f ms  p90 %.2f ms  (n=%d)\n", p, t[int((NR+1)/2)] * 1000, t[int(NR*0.9)] * 1000, n }'
done
