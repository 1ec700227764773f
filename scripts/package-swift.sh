#!/usr/bin/env bash
# Swift release artifacts in dist/swift/, one tarball per architecture:
#   chat-platform-swift-VERSION-linux-ARCH/
#     ChatPlatform/     the Swift package (generated bindings included), which
#                       finds the library through pkg-config: no environment
#                       variable, no unsafe flags, so it can be a dependency
#     lib/libchat_platform_ffi.so   (glibc 2.17, cross-built with zig)
#     install.sh        puts the library and chat-platform-ffi.pc under a prefix
#     VERSION
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
for t in "${GNU_TARGETS[@]}"; do
    name="chat-platform-swift-$VERSION-linux-$(arch_of "$t")"
    stage="$work/$name"
    pkg="$stage/ChatPlatform"
    mkdir -p "$stage/lib" "$pkg"
    cp "$(build_ffi "$t")" "$stage/lib/"
    cp "$src/Package.swift" "$pkg/"
    cp -r "$src/Sources" "$src/Tests" "$pkg/"
    rm -rf "$pkg/Sources/ChatPlatform/Generated"
    mkdir -p "$pkg/Sources/ChatPlatform/Generated"
    cp "$work/gen/ChatPlatform.swift" "$pkg/Sources/ChatPlatform/Generated/"
    cp "$work/gen/ChatPlatformFFI.h" "$pkg/Sources/ChatPlatformFFI/"
    cp "$src/install.sh" "$stage/"
    echo "$VERSION" > "$stage/VERSION"
    if grep -n "unsafeFlags\|Context.environment" "$pkg/Package.swift"; then
        echo "package-swift.sh: Package.swift must not need unsafe flags or environment variables" >&2
        exit 1
    fi
    tar -C "$work" -czf "$out/$name.tar.gz" "$name"
done
python "$REPO/scripts/check_dist.py" "$DIST" swift --targets "${TARGETS[*]}"
ls -l "$out"
