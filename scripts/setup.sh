#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Pantau KKMP needs, at
# pinned versions, skipping whatever is already there. Safe to run often.
#
#   scripts/setup.sh          # build tools: wasm target, cargo-leptos, wasm-bindgen, wasm-opt
#   scripts/setup.sh --test   # also cargo-deny, nightly + cargo-fuzz, and the
#                             # headless browser for the end-to-end test
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
CARGO_DENY_VERSION=0.20.2
CARGO_FUZZ_VERSION=0.13.2
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs"; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15–20 minutes on 2 cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: one of its locked dependencies is no longer on crates.io.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v npm >/dev/null; then
  say "installing Node.js and npm"
  apt_install nodejs npm
fi
# wasm-opt from npm binaryen (Debian's 108 breaks hydration), playwright-core
# and axe-core (the end-to-end test's browser driver and accessibility check).
stamp=tools/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ tools/package-lock.json -nt "$stamp" ]; then
  say "installing node tools (binaryen, playwright-core, axe-core)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${1:-}" = "--test" ]; then
  if [ "$(cargo deny --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DENY_VERSION" ]; then
    say "installing cargo-deny $CARGO_DENY_VERSION (licences, bans and sources of the dependency graph)"
    cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
  fi
  # Fuzzing (scripts/fuzz.sh): cargo-fuzz needs nightly, for the fuzz/
  # crate only; the product builds with the stable toolchain.
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "installing the nightly toolchain (for cargo-fuzz only)"
    rustup toolchain install nightly --profile minimal
  fi
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
  fi
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian chromium for the end-to-end test"
    apt_install chromium chromium-driver
  fi
  command -v curl >/dev/null || apt_install curl
fi
say "ready"
