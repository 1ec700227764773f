#!/usr/bin/env bash
# Swift release artifacts in dist/swift/:
#   chat-platform-swift-VERSION-linux-ARCH.tar.gz (x86_64, aarch64)
#     ChatPlatform/     the Swift package (generated bindings included), which
#                       finds the library through pkg-config: no environment
#                       variable, no unsafe flags, so it can be a dependency
#     lib/libchat_platform_ffi.so   (glibc 2.17, cross-built with zig)
#     install.sh        puts the library and chat-platform-ffi.pc under a prefix
#     VERSION
#   chat-platform-swift-VERSION-macos.zip
#     ChatPlatform/     the same package for macOS: its Package.swift takes the
#                       native library from ChatPlatformFFI.xcframework beside
#                       it (a .binaryTarget), nothing to install
#   ChatPlatformFFI-VERSION.xcframework.zip (+ .sha256)
#                       the XCFramework alone (a static library for arm64 and
#                       x86_64, macOS 11+, with its header and module map), for
#                       a .binaryTarget(url:checksum:) of one's own
#   scripts/package-swift.sh
source "$(dirname "$0")/dist-env.sh"
dist_tools
out="$DIST/swift"
work="$REPO/target/dist-swift"
rm -rf "$out" "$work"
mkdir -p "$out" "$work"

# The bindings, generated from the very library shipped.
"$REPO/bindings/generate.sh" dist swift "$work/gen"
src="$REPO/bindings/swift"

# The package's sources with the generated bindings, into DIR.
package_sources() {
    local pkg="$1"
    mkdir -p "$pkg"
    cp -r "$src/Sources" "$src/Tests" "$src/README.md" "$pkg/"
    rm -rf "$pkg/Sources/ChatPlatform/Generated"
    mkdir -p "$pkg/Sources/ChatPlatform/Generated"
    cp "$work/gen/ChatPlatform.swift" "$pkg/Sources/ChatPlatform/Generated/"
    cp "$work/gen/ChatPlatformFFI.h" "$pkg/Sources/ChatPlatformFFI/"
}
no_unsafe_flags() {
    if grep -n "unsafeFlags\|Context.environment" "$1"; then
        echo "package-swift.sh: $1 must not need unsafe flags or environment variables" >&2
        exit 1
    fi
}

macos=()
for t in "${FFI_TARGETS[@]}"; do
    case "$(os_of "$t")" in
        linux)
            name="chat-platform-swift-$VERSION-linux-$(arch_of "$t")"
            stage="$work/$name"
            mkdir -p "$stage/lib"
            cp "$(build_ffi "$t")" "$stage/lib/"
            package_sources "$stage/ChatPlatform"
            cp "$src/Package.swift" "$stage/ChatPlatform/"
            cp "$src/install.sh" "$stage/"
            echo "$VERSION" > "$stage/VERSION"
            no_unsafe_flags "$stage/ChatPlatform/Package.swift"
            tar -C "$work" -czf "$out/$name.tar.gz" "$name" ;;
        macos) macos+=("$t") ;;
    esac
done

if [ ${#macos[@]} -gt 0 ]; then
    # One static library per architecture (what an XCFramework for a Swift
    # package holds: nothing to sign, nothing to install), then one fat
    # archive. The libraries and frameworks it needs are the ones rustc names.
    libs=()
    for t in "${macos[@]}"; do
        echo "== swift: static library for $t" >&2
        cross_setup "$t"
        (cd "$REPO" && CARGO_TARGET_DIR="$BUILD/dist" cargo zigbuild --quiet --release \
            -p chat-platform-ffi --lib --target "$t" >&2)
        (cd "$REPO" && CARGO_TARGET_DIR="$BUILD/dist" cargo-zigbuild rustc --release \
            -p chat-platform-ffi --lib --crate-type staticlib --target "$t" -- --print native-static-libs) \
            2> "$work/native-libs-$t.log" >&2 || { cat "$work/native-libs-$t.log" >&2; exit 1; }
        libs+=("$BUILD/dist/$t/release/libchat_platform_ffi.a")
    done
    native=$(sed -n 's/.*native-static-libs: //p' "$work/native-libs-${macos[0]}.log" | tail -1)
    [ -n "$native" ] || { echo "package-swift.sh: rustc did not name the static library's native libraries" >&2; exit 1; }
    xc="$work/xc/ChatPlatformFFI.xcframework"
    apple_archs=$(for t in "${macos[@]}"; do [ "$(arch_of "$t")" = aarch64 ] && echo arm64 || echo x86_64; done | sort)
    slice="macos-$(paste -sd_ <<< "$apple_archs")"
    mkdir -p "$xc/$slice/Headers"
    fat=()
    for i in "${!macos[@]}"; do
        fat+=("$([ "$(arch_of "${macos[$i]}")" = aarch64 ] && echo arm64 || echo x86_64)=${libs[$i]}")
    done
    python "$REPO/scripts/macho_fat.py" "$xc/$slice/libchat_platform_ffi.a" "${fat[@]}"
    cp "$work/gen/ChatPlatformFFI.h" "$xc/$slice/Headers/"
    printf 'module ChatPlatformFFI {\n    header "ChatPlatformFFI.h"\n    export *\n}\n' > "$xc/$slice/Headers/module.modulemap"
    # shellcheck disable=SC2086  # one argument per architecture
    python - "$xc/Info.plist" "$slice" $apple_archs <<'PY'
import plistlib, sys
path, slice_id, *archs = sys.argv[1:]
with open(path, "wb") as f:
    plistlib.dump({
        "AvailableLibraries": [{
            "HeadersPath": "Headers",
            "LibraryIdentifier": slice_id,
            "LibraryPath": "libchat_platform_ffi.a",
            "SupportedArchitectures": archs,
            "SupportedPlatform": "macos",
        }],
        "CFBundlePackageType": "XFWK",
        "XCFrameworkFormatVersion": "1.0",
    }, f)
PY
    # The XCFramework alone, zipped as SwiftPM's .binaryTarget(url:checksum:)
    # takes it (the checksum is the zip's SHA-256, as `swift package
    # compute-checksum` prints it).
    zip_name="ChatPlatformFFI-$VERSION.xcframework.zip"
    (cd "$work/xc" && rm -f "$out/$zip_name" && zip -qr -X "$out/$zip_name" ChatPlatformFFI.xcframework)
    (cd "$out" && sha256sum "$zip_name" > "$zip_name.sha256")
    # The package for macOS, the XCFramework beside its Package.swift.
    name="chat-platform-swift-$VERSION-macos"
    stage="$work/$name"
    package_sources "$stage/ChatPlatform"
    rm -rf "$stage/ChatPlatform/Sources/ChatPlatformFFI"
    cp -r "$xc" "$stage/ChatPlatform/"
    linker=$(for l in $native; do
        case "$l" in
            -framework) ;;
            -l*) printf '                .linkedLibrary("%s"),\n' "${l#-l}" ;;
            *) printf '                .linkedFramework("%s"),\n' "$l" ;;
        esac
    done)
    sed -e "s|@VERSION@|$VERSION|g" -e "/@LINKER_SETTINGS@/{
r /dev/stdin
d
}" "$src/Package.macos.swift" > "$stage/ChatPlatform/Package.swift" <<< "$linker"
    echo "$VERSION" > "$stage/VERSION"
    no_unsafe_flags "$stage/ChatPlatform/Package.swift"
    (cd "$work" && rm -f "$out/$name.zip" && zip -qr -X "$out/$name.zip" "$name")
fi
python "$REPO/scripts/check_dist.py" "$DIST" swift --targets "${TARGETS[*]}"
ls -l "$out"
