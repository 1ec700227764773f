#!/usr/bin/env bash
# Standalone emulator binaries in dist/emulator/, so any SDK's users and any CI
# can run it, each with its .sha256:
#   chat-emulator-VERSION-linux-{x86_64,aarch64}      static (musl, crt-static)
#   chat-emulator-VERSION-macos-{aarch64,x86_64}      macOS 11+, libSystem only
#   chat-emulator-VERSION-windows-x86_64.exe          Windows 10+, system DLLs only
#   ./chat-emulator-VERSION-linux-x86_64 --port 8080
#   scripts/package-emulator.sh
source "$(dirname "$0")/dist-env.sh"
dist_tools
out="$DIST/emulator"
rm -rf "$out"
mkdir -p "$out"
archs=()
for t in "${TARGETS[@]}"; do
    a=$(arch_of "$t")
    case "$(os_of "$t")" in
        linux)
            [[ " ${archs[*]} " == *" $a "* ]] && continue
            archs+=("$a")
            musl="$a-unknown-linux-musl"
            echo "== chat-emulator for $musl (static)" >&2
            rustup target list --installed | grep -qx "$musl" || rustup target add "$musl" >&2
            # Its own target directory: a static build cannot share the cdylibs' flags.
            (cd "$REPO" && env -u "CARGO_TARGET_$(echo "$musl" | tr a-z- A-Z_)_RUSTFLAGS" \
                CARGO_TARGET_DIR="$BUILD/dist-static" cargo zigbuild --quiet --release \
                -p chat-platform-emulator --bin chat-emulator --target "$musl" >&2)
            built="$BUILD/dist-static/$musl/release/chat-emulator"
            bin="$out/chat-emulator-$VERSION-linux-$a" ;;
        macos | windows)
            echo "== chat-emulator for $t" >&2
            # Beside the cdylibs of the same target: their dependencies are shared.
            cross_setup "$t"
            (cd "$REPO" && CARGO_TARGET_DIR="$BUILD/dist" CARGO_PROFILE_RELEASE_STRIP=none cross_build "$t" --quiet --release \
                -p chat-platform-emulator --bin chat-emulator >&2)
            built="$BUILD/dist/$t/release/chat-emulator"
            bin="$out/chat-emulator-$VERSION-$(os_of "$t")-$a"
            if [ "$(os_of "$t")" = windows ]; then built="$built.exe"; bin="$bin.exe"; fi ;;
    esac
    if [ "$(os_of "$t")" = macos ]; then
        cp "$built" "$bin"   # as linked: stripping would void the arm64 code signature
    else
        strip_all "$built" "$bin"
    fi
    (cd "$out" && sha256sum "$(basename "$bin")" > "$(basename "$bin").sha256")
done
python "$REPO/scripts/check_dist.py" "$DIST" emulator --targets "${TARGETS[*]}"
ls -l "$out"
