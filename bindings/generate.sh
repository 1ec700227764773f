#!/usr/bin/env bash
# Builds the FFI library and generates the Kotlin and/or Swift bindings from
# that very library (library mode: the checksums match what is shipped).
#   bindings/generate.sh PROFILE LANGUAGE OUT_DIR [LIB_COPY_DIR]
#   PROFILE: debug | release; LANGUAGE: kotlin | swift
# Prints nothing but errors; leaves the library in LIB_COPY_DIR when given.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="$1"; language="$2"; out="$3"; libcopy="${4:-}"
target_dir="${CARGO_TARGET_DIR:-target}"
[ -n "${CARGO_BUILD_TARGET:-}" ] && target_dir="$target_dir/$CARGO_BUILD_TARGET"

# The bindgen tool, always a debug build (it is only run here). The debug
# library is built with the same features, so the two share one compilation.
cargo build --quiet -p chat-platform-ffi --features cli --bin uniffi-bindgen --lib
if [ "$profile" = release ]; then
    cargo build --quiet -p chat-platform-ffi --lib --release
    lib="$target_dir/release/libchat_platform_ffi.so"
else
    lib="$target_dir/debug/libchat_platform_ffi.so"
fi
rm -rf "$out"
mkdir -p "$out"
"$target_dir/debug/uniffi-bindgen" generate "$lib" --language "$language" --out-dir "$out" --no-format >/dev/null
if [ "$language" = kotlin ]; then
    # JNA attaches a Rust thread to the JVM for each callback and, by default,
    # detaches it afterwards, allocating a new java.lang.Thread every time; an
    # async call's completion is such a callback. Keep the runtime's threads
    # attached (as daemons) instead: UniFFI has no hook for this, so add one
    # line to the generated library object's initializer.
    kt="$out/io/chatplatform/chat_platform_ffi.kt"
    anchor='Native.register(UniffiLib::class.java, findLibraryName(componentName = "chat_platform_ffi"))'
    grep -qF "$anchor" "$kt" || { echo "generate.sh: UniFFI's Kotlin output changed; update the JNA thread hook" >&2; exit 1; }
    sed -i "s|$anchor|&\n        com.sun.jna.Native.setCallbackThreadInitializer(uniffiRustFutureContinuationCallbackImpl, com.sun.jna.CallbackThreadInitializer(true, false, \"chat-platform-ffi\"))|" "$kt"
fi
if [ -n "$libcopy" ]; then
    mkdir -p "$libcopy"
    cp "$lib" "$libcopy/"
fi
