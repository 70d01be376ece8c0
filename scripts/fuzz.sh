#!/usr/bin/env bash
# Fuzzes the file readers (issue 14): the XLSX and CSV importers, the
# GeoJSON and target-CSV readers, the evidence-ZIP verifier and the value
# parsers (data::berkas::acak). cargo-fuzz needs the nightly toolchain; only
# this crate (fuzz/) is built with it. `scripts/setup.sh --test` installs both.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   default: 60 s each, every target
#
# New inputs that reach new code go to fuzz/corpus/<target>/ (keep them:
# `cargo +nightly fuzz cmin --fuzz-dir fuzz -s none <target>` shrinks the
# set first); a crash stops the run, is written to fuzz/artifacts/<target>/
# and belongs in fuzz/regresi/<target>/ with its fix: data/tests/acak.rs
# replays both directories in the normal test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
detik=${1:-60}
shift || true
if [ $# -gt 0 ]; then
  sasaran=("$@")
else
  mapfile -t sasaran < <(cargo +nightly fuzz list --fuzz-dir fuzz)
fi
# Sanitizer none: the code under test is safe Rust (unsafe_code = forbid)
# and the findings sought are panics, aborts, huge allocations and hangs,
# which libFuzzer reports on its own; without ASan the build is faster and
# each run does several times more executions.
cargo +nightly fuzz build --fuzz-dir fuzz -s none
for t in "${sasaran[@]}"; do
  printf '\n\033[1;34m==> fuzz %s (%s s)\033[0m\n' "$t" "$detik"
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  # -rss_limit_mb / -malloc_limit_mb: a process above 2 GB or one
  # allocation above 1 GB is a finding (the upload that once asked for
  # 512 GB). -timeout: one input taking more than 10 s is a finding.
  log="fuzz/artifacts/$t/log.txt"
  set +e
  cargo +nightly fuzz run --fuzz-dir fuzz -s none "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$detik" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
    -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$log"
    echo "fuzz $t: a finding (exit $status); the input is in fuzz/artifacts/$t/"
    exit 1
  fi
done
