# chat-platform: `make demo` runs every operation against the embedded
# emulator; `make test` runs every test of every language.

SHELL := /bin/bash
export CARGO_BUILD_TARGET ?= x86_64-unknown-linux-gnu
export CARGO_TERM_COLOR ?= never

.PHONY: demo test test-rust test-python test-node test-kotlin test-swift fuzz-smoke fuzz emulator bench bench-emulator clean

demo:
	cargo run --quiet --example tour

test: test-rust test-python test-node test-kotlin test-swift fuzz-smoke

test-rust:
	cargo test --all-targets
	cargo test --doc

test-python:
	scripts/python-test.sh

test-node:
	scripts/node-test.sh

test-kotlin:
	scripts/kotlin-test.sh

test-swift:
	scripts/swift-test.sh

fuzz-smoke:
	scripts/fuzz.sh 20

# The long fuzz run (not in CI): make fuzz FUZZ_SECONDS=3600
fuzz:
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),600)

# Benchmarks (not in `make test`): writes BENCHMARKS.md
bench:
	bench/run.sh

bench-emulator:
	bench/emulator.sh

emulator:
	cargo run --release -p chat-platform-emulator --bin chat-emulator -- --port 8080

clean:
	cargo clean
