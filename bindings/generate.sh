#!/usr/bin/env bash
# Builds the FFI library and generates the Kotlin and/or Swift bindings from
# that very library (library mode: the checksums match what is shipped).
#   bindings/generate.sh PROFILE LANGUAGE OUT_DIR [CLASSES_DIR]
#   PROFILE: debug | release (this machine) | dist (the release targets: glibc
#            2.17 builds for x86_64 and aarch64, macOS 11 for arm64 and x86_64,
#            Windows x64; cross-built, scripts/dist-env.sh)
#   LANGUAGE: kotlin | swift
#   CLASSES_DIR: where the library goes, under JNA's resource prefix
#            (CLASSES_DIR/linux-x86-64/; for dist also linux-aarch64/,
#            darwin-aarch64/, darwin-x86-64/, win32-x86-64/)
# Prints nothing but errors.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="$1"; language="$2"; out="$3"; classes="${4:-}"

# The bindgen tool, always a debug build for this machine (it is only run
# here). The debug library is built with the same features, so the two share
# one compilation.
host_target="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
target_dir="${CARGO_TARGET_DIR:-target}/$host_target"
CARGO_BUILD_TARGET="$host_target" cargo build --quiet -p chat-platform-ffi --features cli --bin uniffi-bindgen --lib
declare -A libs=()
case "$profile" in
    debug) libs[linux-x86-64]="$target_dir/debug/libchat_platform_ffi.so" ;;
    release)
        CARGO_BUILD_TARGET="$host_target" cargo build --quiet -p chat-platform-ffi --lib --release
        libs[linux-x86-64]="$target_dir/release/libchat_platform_ffi.so" ;;
    dist)
        source scripts/dist-env.sh
        dist_tools
        for t in "${FFI_TARGETS[@]}"; do libs[$(jna_prefix "$t")]="$(build_ffi "$t")"; done ;;
    *) echo "generate.sh: unknown profile $profile" >&2; exit 2 ;;
esac
# Generate from the x86_64 library (the metadata and checksums are the same
# in every architecture's build of the same source).
lib="${libs[linux-x86-64]:-${libs[linux-aarch64]:-}}"
[ -n "$lib" ] || { echo "generate.sh: the bindings are generated from a Linux build; add a Linux target" >&2; exit 2; }
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
    # The same for every method of every callback interface (EventSink,
    # ProgressSink, LogSink, the sources): an event listener called twice per
    # call cost a new Thread each time (Kotlin's latency with a listener was
    # 1.35x without).
    python3 - "$kt" <<'PY' || { echo "generate.sh: UniFFI's Kotlin output changed; update the callback thread hook" >&2; exit 1; }
import re, sys
path = sys.argv[1]
src = open(path).read()
methods = []
for m in re.finditer(r"^internal object (uniffiCallbackInterface\w+) \{\n(.*?)^\}", src, re.S | re.M):
    for name in re.findall(r"^    internal object (`?\w+`?): UniffiCallbackInterface\w+", m.group(2), re.M):
        methods.append(f"{m.group(1)}.{name}")
anchor = "com.sun.jna.Native.setCallbackThreadInitializer(uniffiRustFutureContinuationCallbackImpl,"
if len(methods) < 5 or anchor not in src:
    sys.exit(1)
lines = "".join(f"\n        com.sun.jna.Native.setCallbackThreadInitializer({m}, com.sun.jna.CallbackThreadInitializer(true, false, \"chat-platform-ffi\"))" for m in methods)
at = src.index("\n", src.index(anchor))
open(path, "w").write(src[:at] + lines + src[at:])
PY
    # An exception's message is its sentence (`detail`), not a dump of its
    # fields (UniFFI's default): the fields stay properties.
    grep -q 'get() = "detail=' "$kt" || { echo "generate.sh: UniFFI's Kotlin output changed; update the exception message rewrite" >&2; exit 1; }
    sed -i -E 's/get\(\) = "detail=\$\{ `detail` \}[^"]*"/get() = `detail`/' "$kt"
    if grep -q 'get() = "detail=' "$kt"; then echo "generate.sh: an exception message was not rewritten" >&2; exit 1; fi
    # The API for Java: blocking and CompletableFuture forms, a config builder.
    python3 "$(dirname "$0")/kotlin_java.py" "$kt" "$out/io/chatplatform/JavaClient.kt"
fi
if [ "$language" = swift ]; then
    # The same for Swift: an error's `localizedDescription` is its sentence,
    # not `String(reflecting:)` of the enum case.
    swift_file="$out/ChatPlatform.swift"
    awk '/^enum ChatPlatformError: / { in_error = 1 }
         in_error && /String\(reflecting: self\)/ { sub(/String\(reflecting: self\)/, "details().detail"); in_error = 0; done = 1 }
         { print }
         END { if (!done) exit 1 }' "$swift_file" >"$swift_file.new" \
        || { echo "generate.sh: UniFFI's Swift output changed; update the error description rewrite" >&2; exit 1; }
    mv "$swift_file.new" "$swift_file"
    # Task cancellation stops the call in the core: UniFFI 0.32's Swift never
    # cancels a Rust future (a cancelled Task went on retrying until the call
    # ended) and stops the process on a cancelled one. Each call also passes
    # its future's cancel function; the polling loop runs under
    # withTaskCancellationHandler, which calls it (the core drops the call:
    # no further attempt, the connection released); the cancelled future
    # then completes as CALL_CANCELLED, thrown as Swift's CancellationError.
    python3 "$(dirname "$0")/swift_cancellation.py" "$swift_file" \
        || { echo "generate.sh: UniFFI's Swift output changed; update bindings/swift_cancellation.py" >&2; exit 1; }
fi
if [ -n "$classes" ]; then
    for prefix in "${!libs[@]}"; do
        mkdir -p "$classes/$prefix"
        cp "${libs[$prefix]}" "$classes/$prefix/"
    done
fi
