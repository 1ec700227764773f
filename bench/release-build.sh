#!/usr/bin/env bash
# shellcheck disable=SC2034  # py and rel are for the script that sources this
# Sourced by the benchmarks: builds the release emulator, a release wheel in
# its own venv ($py), the release Node addon and the release chat-platform
# command, once per run.
echo "== building release artifacts"
cargo build --quiet --release -p chat-platform-emulator --bin chat-emulator -p chat-platform-cli --bin chat-platform
[ -x .venv/bin/maturin ] || { python3 -m venv .venv; .venv/bin/pip install -q "maturin==1.16.0"; }
rm -rf target/wheels-budget
.venv/bin/maturin build --quiet --release -m python/Cargo.toml -o target/wheels-budget
rm -rf target/budget-venv && python3 -m venv target/budget-venv
target/budget-venv/bin/pip install -q --disable-pip-version-check target/wheels-budget/*.whl
(cd node && npm ci --no-audit --no-fund --loglevel=error && npx napi build --platform --release --js binding.js >/dev/null)
py=target/budget-venv/bin/python
rel="target/$CARGO_BUILD_TARGET/release"
