#!/usr/bin/env bash
# Fault drills against the release server, under load (issue 15):
#  1. SIGTERM under load (SQLite): page views run in parallel and an upload
#     is being received slowly when the server gets SIGTERM; the upload
#     finishes with its answer, no request gets a 5xx, the process exits 0,
#     and the database verifies intact.
#  2. PostgreSQL restarted under load: page views run while the cluster
#     restarts; the server stays up, its pool reconnects, every request
#     after the restart succeeds (reads and a sign-in, which writes), and
#     the chain verifies intact.
#   tests/drill/gangguan.sh [path/to/server]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/server}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
gagal() { echo "FAIL: $*"; exit 1; }

# Starts the server on $1 (DATABASE_URL) and port $2 with the demo; sets $srv.
mulai_server() {
  DATABASE_URL="$1" PANTAU_DEMO=true PANTAU_ADDR="127.0.0.1:$2" LEPTOS_SITE_ROOT=target/site \
    RUST_LOG=info "$bin" serve >"$work/server-$2.log" 2>&1 &
  srv=$!
  pids+=("$srv")
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$srv" 2>/dev/null || { cat "$work/server-$2.log"; gagal "server exited at start"; }
    sleep 0.5
  done
  gagal "server did not start"
}

# Signs in as the demo Dinas account into cookie jar $2 at base URL $1.
masuk() {
  curl -fsS -o /dev/null -c "$2" "$1/masuk"
  local csrf
  csrf=$(awk '$6 == "pantau_csrf" { print $7 }' "$2")
  curl -sS -o /dev/null -b "$2" -c "$2" -H 'accept: text/html' \
    --data-urlencode "nama_pengguna=dinas" --data-urlencode "kata_sandi=pantau-demo-2025" \
    --data-urlencode "csrf=$csrf" "$1/api/masuk"
  grep -q pantau_sesi "$2"
}

# Runs page views from $2 parallel clients against $1 with cookie jar $3
# until file $4 exists; each client appends one HTTP code per request to
# $work/kode-<n> (000: no connection).
beban() {
  local base=$1 n=$2 jar=$3 henti=$4
  for i in $(seq 1 "$n"); do
    (
      paths=("/" "/kecamatan/16.71.07" "/kkmp/16.71.07.1011" "/definisi")
      j=0
      while [ ! -e "$henti" ]; do
        curl -s -o /dev/null -b "$jar" -m 20 -w '%{http_code}\n' "$base${paths[$((j % 4))]}" >>"$work/kode-$i" || true
        j=$((j + 1))
      done
    ) &
    pids+=("$!")
  done
}

hitung() { cat "$work"/kode-* 2>/dev/null | sort | uniq -c | sort -rn | awk '{ printf "%s×%s ", $1, $2 }'; }

# ---------------------------------------------------------------- SIGTERM
port=3931
base="http://127.0.0.1:$port"
mulai_server "sqlite://$work/term.sqlite" "$port"
jar="$work/jar"
masuk "$base" "$jar" || gagal "sign-in"
csrf=$(curl -fsS -b "$jar" "$base/unggah" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$csrf" ] || gagal "no CSRF token on /unggah"
# A 400 KB file sent at 100 KB/s: about four seconds in flight.
head -c 300000 /dev/urandom | base64 -w 100 >"$work/besar.csv"
beban "$base" 6 "$jar" "$work/henti"
sleep 1
curl -s -o /dev/null -b "$jar" -H "x-csrf-token: $csrf" --limit-rate 100k -m 60 \
  -F "berkas=@$work/besar.csv;type=text/csv" -w '%{http_code}\n' "$base/unggah/berkas" >"$work/unggah-kode" &
unggah=$!
sleep 1.5
t0=$(date +%s%N)
kill -TERM "$srv"
wait "$unggah" || true
kode_unggah=$(cat "$work/unggah-kode")
wait "$srv" && rc=0 || rc=$?
t_henti=$(( ($(date +%s%N) - t0) / 1000000 ))
touch "$work/henti"
sleep 0.5
echo "SIGTERM: server exited with $rc after ${t_henti} ms; the upload in flight answered $kode_unggah; page views: $(hitung)"
[ "$kode_unggah" = "303" ] || gagal "the upload in flight did not finish with its redirect (got $kode_unggah)"
[ "$rc" = "0" ] || { tail -20 "$work/server-$port.log"; gagal "the server did not exit cleanly (rc $rc)"; }
if cat "$work"/kode-* | grep -q '^5'; then gagal "a request got a 5xx during the shutdown"; fi
cat "$work"/kode-* | grep -q '^200$' || gagal "no page view succeeded"
DATABASE_URL="sqlite://$work/term.sqlite" RUST_LOG=warn "$bin" audit verify >"$work/verify" 2>&1 \
  || { cat "$work/verify"; gagal "audit verify after SIGTERM"; }
echo "ok: SIGTERM under load: in-flight requests finished, clean exit, chain intact"
rm -f "$work"/kode-* "$work/henti"

# ------------------------------------------------------ PostgreSQL restart
if ! command -v pg_ctlcluster >/dev/null || ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "!!! PERINGATAN: PostgreSQL (pg_ctlcluster, 127.0.0.1:5432) tidak tersedia: latihan restart DILEWATI"
  exit 0
fi
versi=$(ls /etc/postgresql | head -1)
db="pantau_latihan_$$"
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $db" >/dev/null
trap 'cleanup; psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
port=3932
base="http://127.0.0.1:$port"
url="postgres://postgres@127.0.0.1:5432/$db"
mulai_server "$url" "$port"
masuk "$base" "$jar" || gagal "sign-in on PostgreSQL"
beban "$base" 6 "$jar" "$work/henti"
sleep 2
t0=$(date +%s%N)
pg_ctlcluster --skip-systemctl-redirect "$versi" main restart
t_pg=$(( ($(date +%s%N) - t0) / 1000000 ))
# Back within 30 s: the first page after the restart, then 40 in a row.
pulih=""
for _ in $(seq 1 60); do
  if [ "$(curl -s -o /dev/null -b "$jar" -m 20 -w '%{http_code}' "$base/")" = "200" ]; then pulih=1; break; fi
  sleep 0.5
done
t_pulih=$(( ($(date +%s%N) - t0) / 1000000 ))
[ -n "$pulih" ] || gagal "no page succeeded within 30 s of the PostgreSQL restart"
sleep 2
touch "$work/henti"
sleep 0.5
kill -0 "$srv" 2>/dev/null || gagal "the server died when PostgreSQL restarted"
for i in $(seq 1 40); do
  k=$(curl -s -o /dev/null -b "$jar" -m 20 -w '%{http_code}' "$base/kecamatan/16.71.0$((i % 9 + 1))")
  [ "$k" = "200" ] || gagal "request $i after the restart answered $k"
done
rm -f "$work/jar2"
masuk "$base" "$work/jar2" || gagal "a sign-in (a write) after the restart"
echo "PostgreSQL restart: took ${t_pg} ms; pages answered again ${t_pulih} ms after it began; during the run: $(hitung)"
kill -TERM "$srv"; wait "$srv" || true
DATABASE_URL="$url" RUST_LOG=warn "$bin" audit verify >"$work/verify" 2>&1 \
  || { cat "$work/verify"; gagal "audit verify after the PostgreSQL restart"; }
echo "ok: PostgreSQL restarted under load: the pool reconnected, 40 of 40 requests and a sign-in succeeded after, chain intact"
echo "gangguan: 2 passed, 0 failed"
