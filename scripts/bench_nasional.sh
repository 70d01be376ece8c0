#!/usr/bin/env bash
# The national analytics case side by side with DuckDB (and Python Polars):
# runs `bench analitik kasus nasional` (~3.1 million synthetic reports),
# which also writes its rows as CSV and its roll-up times as JSON, then
# bench/duckdb_nasional.py times the same roll-ups over the same rows and
# prints the ratios. DuckDB and Python Polars are optional
# (`pip install duckdb polars`); without them only this project's times are
# printed. Not a test.
#   scripts/bench_nasional.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback
target=${CARGO_TARGET_DIR:-target}
cargo build --release --locked -p bench
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
BENCH_EKSPOR="$dir" RUST_LOG=warn "$target/release/bench" analitik kasus nasional
echo
python3 bench/duckdb_nasional.py "$dir"
