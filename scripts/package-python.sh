#!/usr/bin/env bash
# Python release artifacts in dist/python/: one abi3 wheel per target
# (manylinux2014 = glibc 2.17, musllinux_1_2, x86_64 and aarch64; macosx_11_0
# arm64 and x86_64; win_amd64, importing python3.dll) and an sdist.
# Every Linux wheel's tag is checked with `auditwheel show`, not taken on
# trust; scripts/check_dist.py reads every wheel's binary.
#   scripts/package-python.sh            (DIST_TARGETS=... to build fewer)
source "$(dirname "$0")/dist-env.sh"
dist_tools
out="$DIST/python"
rm -rf "$out"
mkdir -p "$out"
work="$REPO/target/dist-py/wheels"

for t in "${TARGETS[@]}"; do
    compat=()
    case "$(os_of "$t")" in
        linux) if [ "$(libc_of "$t")" = gnu ]; then compat=(--compatibility manylinux2014); else compat=(--compatibility musllinux_1_2); fi ;;
    esac
    cross_setup "$t"
    rm -rf "$work" && mkdir -p "$work"
    echo "== python wheel for $t ${compat[*]}" >&2
    # Beside the Node addons, the UniFFI library and the binaries of the same
    # target, with their profile (linked unstripped) and their environment:
    # cargo zigbuild's (zig_env; Windows: MinGW-w64, scripts/dist-env.sh),
    # not maturin's own zig, so the dependencies are built once per target.
    (cd "$REPO"
     if [ "$(os_of "$t")" != windows ]; then eval "$(zig_env "$t")"; fi
     CARGO_TARGET_DIR="$BUILD/dist" maturin build --quiet --release \
        --target "$t" "${compat[@]}" -m python/Cargo.toml -o "$work" >&2)
    wheel=$(ls "$work"/*.whl)
    if [ "$(os_of "$t")" != macos ]; then
        # The module without its debug information (macOS: as linked, a
        # stripped arm64 Mach-O loses its signature); zig names musl's libc
        # "libc.so": the dependency renamed. wheel pack rewrites RECORD.
        unpacked="$work/unpacked"
        wheel unpack --dest "$unpacked" "$wheel" >/dev/null
        for lib in "$unpacked"/*/chat_platform/*.{so,pyd}; do
            [ -f "$lib" ] || continue
            strip_debug "$lib" "$lib.stripped" && mv "$lib.stripped" "$lib"
            if [ "$(os_of "$t")" = linux ] && [ "$(libc_of "$t")" = musl ]; then fix_musl_needed "$lib" "$t"; fi
        done
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
