# chat-platform: `make demo` runs every operation against the embedded
# emulator; `make test` runs every test of every language.

SHELL := /bin/bash
export CARGO_BUILD_TARGET ?= x86_64-unknown-linux-gnu
export CARGO_TERM_COLOR ?= never
# Every Rust (and cc-rs C) compile goes through sccache, a cache kept outside
# the clone (scripts/compile-cache.sh installs it): a machine that has built
# the project before rebuilds little. CHAT_PLATFORM_NO_CACHE=1 builds without.
export RUSTC_WRAPPER ?= $(shell scripts/compile-cache.sh)
export SCCACHE_DIR ?= $(or $(CHAT_PLATFORM_CACHE),$(HOME)/.cache/chat-platform)/sccache
export SCCACHE_CACHE_SIZE ?= 30G
export SCCACHE_BASEDIRS ?= $(CURDIR)
# One sccache server per clone (a server keeps the settings it started with,
# the base directory above included).
export SCCACHE_SERVER_PORT ?= $(shell echo $$(( 4300 + $$(printf %s '$(CURDIR)' | cksum | cut -d' ' -f1) % 1000 )))

.PHONY: demo test test-rust test-python test-node test-kotlin test-swift test-vendor fuzz-smoke fuzz emulator bench bench-emulator clean \
	dist dist-python dist-node dist-kotlin dist-swift dist-rust dist-binaries test-dist check-version lint bench-transport bench-budget bench-fleet docs

demo:
	cargo run --quiet --example tour

test: test-rust test-python test-node test-kotlin test-swift test-vendor fuzz-smoke

# The network tests need real proxies: scripts/test-proxies.sh runs tinyproxy
# around the test command (each language's script does the same).
test-rust:
	cargo test --all-targets --no-run
	scripts/test-proxies.sh cargo test --all-targets
	cargo test --doc

test-python:
	scripts/python-test.sh

test-node:
	scripts/node-test.sh

test-kotlin:
	scripts/kotlin-test.sh

test-swift:
	scripts/swift-test.sh

# The vendor's official Java SDK, unchanged, against the emulator.
test-vendor:
	scripts/vendor-sdk-test.sh

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

# The share of the service's rate budget the default client spends at real
# round trips (emulator limits on, latency with jitter); writes
# target/bench-budget/report.md.
bench-budget:
	bench/budget.sh

# Processes sharing one app, with and without the shared store (Redis),
# Redis killed mid-run, the store's cost per call; writes
# target/bench-fleet/report.md.
bench-fleet:
	bench/fleet.sh

# The reqwest transport against the earlier hyper-only one and wrk, same run.
bench-transport:
	bench/transport.sh

emulator:
	cargo run --release -p chat-platform-emulator --bin chat-emulator -- --port 8080

# Release artifacts for every language in dist/: Linux x86_64 and aarch64
# (glibc 2.17 and musl), macOS 11+ arm64 and x86_64, Windows 10+ x64
# (DIST_TARGETS=linux for the Linux ones only, or a list of targets). Each
# part also runs alone: scripts/package-<part>.sh.
dist: check-version dist-python dist-node dist-kotlin dist-swift dist-rust dist-binaries
	source scripts/dist-env.sh && dist_tools && python scripts/check_dist.py dist --targets "$${TARGETS[*]}"

dist-python:
	scripts/package-python.sh

dist-node:
	scripts/package-node.sh

dist-kotlin:
	scripts/package-kotlin.sh

dist-swift:
	scripts/package-swift.sh

dist-rust:
	scripts/package-rust.sh

dist-binaries:
	scripts/package-binaries.sh

check-version:
	scripts/check-version.sh

# The API reference of every language in target/docs/, from the code's doc
# comments; fails on a broken link or an undocumented public item.
docs:
	scripts/docs.sh

# Formatting and lints of every language, warnings denied (CI runs it first).
lint:
	scripts/lint.sh

# Installs what `make dist` made into clean places and runs the scenario
# through it: x86_64 here (and in the Swift root), aarch64 in an arm64 root,
# Windows x64 under Wine (when the build has it: not with DIST_TARGETS=linux);
# every binary is checked (ELF, Mach-O, PE).
test-dist:
	scripts/dist-test.sh
	scripts/dist-test-arm64.sh
	@if scripts/dist-targets.sh | grep -q windows; then scripts/dist-test-windows.sh; \
	else echo "test-dist: no Windows artifacts in this build (DIST_TARGETS=$${DIST_TARGETS:-all})"; fi

clean:
	cargo clean
	rm -rf dist
