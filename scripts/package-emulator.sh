#!/usr/bin/env bash
# Standalone emulator binaries in dist/emulator/: chat-emulator for x86_64 and
# aarch64, static (musl, crt-static), so any SDK's users and any CI can run it:
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
    [[ " ${archs[*]} " == *" $a "* ]] && continue
    archs+=("$a")
    musl="$a-unknown-linux-musl"
    echo "== chat-emulator for $musl (static)" >&2
    rustup target list --installed | grep -qx "$musl" || rustup target add "$musl" >&2
    # Its own target directory: a static build cannot share the cdylibs' flags.
    (cd "$REPO" && env -u "CARGO_TARGET_$(echo "$musl" | tr a-z- A-Z_)_RUSTFLAGS" \
        CARGO_TARGET_DIR="$REPO/target/dist-static" cargo zigbuild --quiet --release \
        -p chat-platform-emulator --bin chat-emulator --target "$musl" >&2)
    bin="$out/chat-emulator-$VERSION-linux-$a"
    cp "$REPO/target/dist-static/$musl/release/chat-emulator" "$bin"
    (cd "$out" && sha256sum "$(basename "$bin")" > "$(basename "$bin").sha256")
done
python "$REPO/scripts/check_dist.py" "$DIST" emulator --targets "${TARGETS[*]}"
ls -l "$out"
