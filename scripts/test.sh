#!/usr/bin/env bash
# The whole test suite: formatting, lints, the browser build's dependency
# boundary, unit and integration tests on SQLite and PostgreSQL, the release
# build, and the end-to-end browser test. `make test` runs setup first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback
target_dir=${CARGO_TARGET_DIR:-target}

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all --check

step "clippy (server side and browser side)"
cargo clippy --workspace --exclude frontend --all-targets --locked -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings

step "the browser build compiles no server dependency"
cargo check -p frontend --target wasm32-unknown-unknown --locked
forbidden=$(cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none --locked \
  | awk '{print $1}' | grep -xE 'sqlx|sqlx-core|tokio|polars|polars-core|plotters|data' | sort -u || true)
if [ -n "$forbidden" ]; then
  echo "frontend depends on server-only crates: $forbidden"
  exit 1
fi
echo "ok: frontend tree has no sqlx, tokio, polars, plotters or data"

step "supply chain: licences, banned crates, sources (cargo deny, deny.toml)"
# Advisories (cargo deny check advisories, cargo audit) need the RustSec
# database from GitHub, which this project's machines cannot reach.
cargo deny --locked check licenses bans sources

step "PostgreSQL"
if [ -z "${TEST_DATABASE_URL:-}" ] && ! (command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432); then
  printf '\n\033[1;31m!!! PostgreSQL is not reachable on 127.0.0.1:5432 and TEST_DATABASE_URL is not set.\n!!! The PostgreSQL variants of the tests will be SKIPPED.\033[0m\n\n'
else
  echo "ok: ${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
fi

step "unit and integration tests (SQLite and PostgreSQL)"
cargo test --workspace --exclude frontend --locked

step "fuzzing the file readers (${PANTAU_FUZZ_DETIK:-60} s per target, scripts/fuzz.sh)"
# The kept corpus and every past finding were replayed above
# (data/tests/acak.rs); this looks for new ones.
scripts/fuzz.sh "${PANTAU_FUZZ_DETIK:-60}"

step "release build (server and wasm)"
cargo leptos build --release
ls -l target/site/pkg

step "fault drill: kill -9 during the demo load (release server)"
tests/drill/demo_kill.sh "$target_dir/release/server"

step "fault drills under load: SIGTERM, PostgreSQL restarted (release server)"
tests/drill/gangguan.sh "$target_dir/release/server"

step "end-to-end test in headless Chromium"
tests/e2e/run.sh "$target_dir/release/server"
