#!/usr/bin/env bash
# Builds the Python wheel, installs it into a fresh venv, and runs the pytest
# suite there (the tests never import from the source tree).
#   PROFILE=release scripts/python-test.sh   # release wheel (default: debug, faster to build)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
PROFILE="${PROFILE:-debug}"

# Build tools live in .venv (created once).
if [ ! -x .venv/bin/maturin ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "maturin==1.16.0"
fi

out="target/wheels-$PROFILE"
rm -rf "$out"
flags=()
[ "$PROFILE" = release ] && flags+=(--release)
.venv/bin/maturin build --quiet -m python/Cargo.toml -o "$out" "${flags[@]}"
wheel=$(ls "$out"/chat_platform-*.whl)
echo "built $wheel ($(du -h "$wheel" | cut -f1))"

# A fresh venv per run: the wheel must install and work on its own.
venv="target/py-test-venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" pytest==9.2.0 mypy==2.4.1 tqdm==4.70.1 opentelemetry-sdk==1.45.2
cd python/tests
# -rs lists skips; a skipped test is not a pass, so fail on any.
../../scripts/test-proxies.sh "../../$venv/bin/python" -m pytest -q -p no:cacheprovider -rs "$@" | tee "../../target/pytest.log"
if grep -Eq "[0-9]+ skipped" "../../target/pytest.log"; then echo "python-test.sh: tests were skipped" >&2; exit 1; fi
