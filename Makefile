# Pantau KKMP — the two commands (see README.md):
#   make run    set up, build in release mode and serve with demo data on SQLite
#   make test   set up and run the whole test suite
SHELL := /bin/bash
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS := fallback

.PHONY: run test setup build serve bench-render

run: setup build serve

test:
	scripts/setup.sh --test
	scripts/test.sh

setup:
	scripts/setup.sh

build:
	cargo leptos build --release

# Serves the last build; demo data goes into an empty database.
serve:
	PANTAU_DEMO=$${PANTAU_DEMO:-true} LEPTOS_SITE_ROOT=target/site $(TARGET_DIR)/release/server serve

# Median server render time of a page (the server must be running).
bench-render:
	scripts/bench_render.sh
