#!/usr/bin/env bash
# The lint gate (`make lint`, called by .ci/run): formatting and lints of every
# language, warnings denied.
#   Rust        cargo fmt --check; clippy on every crate and target, -D warnings
#   Python      ruff (ruff.toml) over the package, its tests, bench/ and scripts/
#   TypeScript  tsc --strict over index.d.ts and a program using it
#   Kotlin      ktlint (through Spotless) over the hand-written Kotlin
#   shell       shellcheck (.shellcheckrc) over every shell script
#   versions    scripts/check-version.sh
#   features    scripts/check_features.py: the release builds of a target share
#               every dependency (workspace-hack/Cargo.toml)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
step() { echo "== lint: $*" >&2; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "clippy, every crate and target, warnings denied"
cargo clippy --quiet --workspace --all-targets -- -D warnings

step "ruff"
[ -x .venv/bin/python ] || python3 -m venv .venv
[ -x .venv/bin/ruff ] || .venv/bin/pip install --quiet --disable-pip-version-check "ruff==0.17.6"
.venv/bin/ruff check python bench scripts

step "tsc --strict"
(cd node && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npx tsc -p tsconfig.lint.json)

step "ktlint (Spotless)"
(cd bindings/kotlin && mvn -B -q -Dstyle.color=never spotless:check)

step "shellcheck"
if ! command -v shellcheck >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q shellcheck >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q shellcheck >&2; }
fi
mapfile -t shell_scripts < <(git ls-files '*.sh' .ci/run)
shellcheck "${shell_scripts[@]}"

step "one version"
scripts/check-version.sh
step "one build of each dependency per release target"
python3 scripts/check_features.py
echo "lint: clean"
