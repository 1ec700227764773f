#!/usr/bin/env bash
# The standalone binaries, each with its .sha256: the emulator in
# dist/emulator/ (so any SDK's users and any CI can run it) and the
# chat-platform command in dist/cli/:
#   chat-emulator-VERSION-linux-{x86_64,aarch64}      static (musl, crt-static)
#   chat-emulator-VERSION-macos-{aarch64,x86_64}      macOS 11+, libSystem only
#   chat-emulator-VERSION-windows-x86_64.exe          Windows 10+, system DLLs only
#   chat-platform-VERSION-<the same platforms>        the command, likewise
#   ./chat-emulator-VERSION-linux-x86_64 --port 8080
#   scripts/package-binaries.sh
source "$(dirname "$0")/dist-env.sh"
dist_tools
# package:binary:directory in dist/
binaries=(chat-platform-emulator:chat-emulator:emulator chat-platform-cli:chat-platform:cli)
build_args=()
for b in "${binaries[@]}"; do
    IFS=: read -r pkg bin dir <<< "$b"
    build_args+=(-p "$pkg" --bin "$bin")
    rm -rf "${DIST:?}/$dir" && mkdir -p "$DIST/$dir"
done
# Copies a binary to dist/ as it ships, with its .sha256: ship BUILT SHIPPED TARGET
ship() {
    if [ "$(os_of "$3")" = macos ]; then
        cp "$1" "$2"   # as linked: stripping would void the arm64 code signature
    else
        strip_all "$1" "$2"
    fi
    (cd "$(dirname "$2")" && sha256sum "$(basename "$2")" > "$(basename "$2").sha256")
}
archs=()
for t in "${TARGETS[@]}"; do
    a=$(arch_of "$t")
    case "$(os_of "$t")" in
        linux)
            [[ " ${archs[*]} " == *" $a "* ]] && continue
            archs+=("$a")
            musl="$a-unknown-linux-musl"
            echo "== chat-emulator and chat-platform for $musl (static)" >&2
            rustup target list --installed | grep -qx "$musl" || rustup target add "$musl" >&2
            # Its own target directory: a static build cannot share the cdylibs' flags.
            (cd "$REPO" && env -u "CARGO_TARGET_$(echo "$musl" | tr a-z- A-Z_)_RUSTFLAGS" \
                CARGO_TARGET_DIR="$BUILD/dist-static" cargo zigbuild --quiet --release \
                "${build_args[@]}" --target "$musl" >&2)
            built="$BUILD/dist-static/$musl/release"
            name="linux-$a" ;;
        macos | windows)
            echo "== chat-emulator and chat-platform for $t" >&2
            # Beside the cdylibs of the same target: their dependencies are
            # shared, with workspace-hack's features (workspace-hack/Cargo.toml).
            cross_setup "$t"
            (cd "$REPO" && CARGO_TARGET_DIR="$BUILD/dist" cross_build "$t" --quiet --release \
                "${build_args[@]}" -p workspace-hack >&2)
            built="$BUILD/dist/$t/release"
            name="$(os_of "$t")-$a" ;;
    esac
    exe=""
    [ "$(os_of "$t")" = windows ] && exe=.exe
    for b in "${binaries[@]}"; do
        IFS=: read -r _ bin dir <<< "$b"
        ship "$built/$bin$exe" "$DIST/$dir/$bin-$VERSION-$name$exe" "$t"
    done
done
python "$REPO/scripts/check_dist.py" "$DIST" emulator cli --targets "${TARGETS[*]}"
ls -l "$DIST/emulator" "$DIST/cli"
