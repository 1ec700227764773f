#!/usr/bin/env bash
# Runs the cargo-fuzz target over response decoding for SECONDS (default 20:
# the CI smoke run; run longer by hand, e.g. `scripts/fuzz.sh 3600`).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
unset CARGO_BUILD_TARGET   # cargo fuzz picks its own target and sanitizer flags
if ! command -v cargo-fuzz >/dev/null; then
    cargo install --quiet --locked cargo-fuzz@0.13.1
fi
rustup toolchain list | grep -q nightly || { echo "fuzz.sh: the nightly toolchain is missing (rustup toolchain install nightly)" >&2; exit 1; }
mkdir -p fuzz/corpus/decode
# Seed the corpus with the reference's response examples.
for f in tests/fuzz-seeds/*.json; do cp "$f" fuzz/corpus/decode/ 2>/dev/null || true; done
# A smoke run (a minute or less, as CI's) builds without optimizations: the
# release build cargo-fuzz makes by default (one codegen unit) took 5.5 of
# the minutes of a CI run on a machine that never built the project, the dev
# build 1.5 (without the compile cache); a longer run is worth the optimized one.
mode=()
[ "$seconds" -le 60 ] && mode=(--dev)
cargo +nightly fuzz run decode "${mode[@]}" --fuzz-dir fuzz -- -max_total_time="$seconds" -max_len=4096 2>&1 | tail -5
