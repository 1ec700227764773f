#!/usr/bin/env bash
# Python release artifacts in dist/python/: one abi3 wheel per target
# (manylinux2014 = glibc 2.17, musllinux_1_2; x86_64 and aarch64) and an sdist.
# Every wheel's tag is checked with `auditwheel show`, not taken on trust.
#   scripts/package-python.sh            (DIST_TARGETS=... to build fewer)
source "$(dirname "$0")/dist-env.sh"
dist_tools
out="$DIST/python"
rm -rf "$out"
mkdir -p "$out"
work="$REPO/target/dist-py/wheels"

for t in "${TARGETS[@]}"; do
    if [ "$(libc_of "$t")" = gnu ]; then compat=manylinux2014; else compat=musllinux_1_2; fi
    rm -rf "$work" && mkdir -p "$work"
    echo "== python wheel for $t ($compat)" >&2
    (cd "$REPO" && CARGO_TARGET_DIR="$REPO/target/dist-py" maturin build --quiet --release --zig \
        --target "$t" --compatibility "$compat" -m python/Cargo.toml -o "$work" >&2)
    wheel=$(ls "$work"/*.whl)
    if [ "$(libc_of "$t")" = musl ]; then
        # zig names musl's libc "libc.so"; rename the dependency and repack
        # (wheel pack rewrites RECORD with the new hashes).
        unpacked="$work/unpacked"
        wheel unpack --dest "$unpacked" "$wheel" >/dev/null
        for so in "$unpacked"/*/chat_platform/*.so; do fix_musl_needed "$so" "$t"; done
        rm "$wheel"
        wheel pack --dest-dir "$work" "$unpacked"/* >/dev/null
        wheel=$(ls "$work"/*.whl)
    fi
    cp "$wheel" "$out/"
done

echo "== python sdist" >&2
(cd "$REPO" && maturin sdist -m python/Cargo.toml -o "$out" >&2)
python "$REPO/scripts/check_dist.py" "$DIST" python --targets "${TARGETS[*]}"
ls -l "$out"
