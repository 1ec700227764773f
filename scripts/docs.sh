#!/usr/bin/env bash
# `make docs`: the API reference of every language, built from the code's own
# doc comments into target/docs/<language>/. Fails on a broken link or an
# undocumented public item (each tool's own checks, warnings denied; the
# boilerplate UniFFI generates for Kotlin and Swift, whose API is documented
# from the Rust doc comments, is named below and left out).
#   Rust    rustdoc (core and emulator), -D warnings -D missing_docs
#   Python  pdoc on the built package, types from its stubs (scripts/docs_python.py)
#   Node    TypeDoc from index.d.ts, every item documented, links checked
#   Kotlin  Dokka (HTML), reportUndocumented
#   Swift   DocC (in the Swift root), warnings denied, every hand-written
#           public symbol documented
#   scripts/docs.sh [rust python node kotlin swift]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
out="$repo/target/docs"
parts="${*:-rust python node kotlin swift}"
mkdir -p "$out"
step() { echo "== docs: $*" >&2; }
want() { case " $parts " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

if want rust; then
    step "Rust (rustdoc)"
    rm -rf "$out/rust"
    RUSTDOCFLAGS="-D warnings -D missing_docs" cargo doc --quiet --no-deps -p chat-platform -p chat-platform-emulator
    cp -r "target/$CARGO_BUILD_TARGET/doc" "$out/rust"
    echo "rust: $out/rust/chat_platform/index.html"
fi

if want python; then
    step "Python (pdoc, types from the stubs)"
    [ -x .venv/bin/maturin ] || { python3 -m venv .venv; .venv/bin/pip install --quiet --disable-pip-version-check "maturin==1.16.0"; }
    wheels=target/docs-wheel && rm -rf "$wheels"
    .venv/bin/maturin build --quiet -m python/Cargo.toml -o "$wheels"
    venv=target/docs-venv && rm -rf "$venv" && python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$wheels"/*.whl "pdoc==16.0.0" "typing_extensions==4.16.0"
    # The stubs as a stub package beside the module: pdoc reads the types of
    # the native classes from it (annotations left unevaluated, as in a .pyi).
    stubs=target/docs-stubs/chat_platform-stubs && rm -rf "$stubs" && mkdir -p "$stubs"
    { echo "from __future__ import annotations"; cat python/python/chat_platform/_native.pyi; } > "$stubs/__init__.pyi"
    rm -rf "$out/python"
    "$venv/bin/python" scripts/docs_python.py "$out/python" "$(dirname "$stubs")"
fi

if want node; then
    step "Node (TypeDoc from index.d.ts)"
    (cd node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    rm -rf "$out/node"
    log=$(mktemp)
    (cd node && npx typedoc --entryPoints index.d.ts --tsconfig tsconfig.lint.json --out "$out/node" \
        --validation.notDocumented --validation.invalidLink --disableSources \
        --name chat-platform-client --readme README.md) 2>&1 | tee "$log"
    # napi-rs generates the async iterator protocol's method (and its global
    # type) without a comment; every other warning fails.
    if grep -F '[warning]' "$log" | grep -v 'Found 0 errors' \
        | grep -vE '\.\[asyncIterator\] \(CallSignature\)|__global\.__NapiRsAsyncGenerator' | grep -q .; then
        echo "docs.sh: TypeDoc found undocumented items or broken links" >&2; exit 1
    fi
    grep -q 'Found 0 errors' "$log"
    echo "node: $out/node/index.html"
fi

if want kotlin; then
    step "Kotlin (Dokka)"
    rm -rf "$out/kotlin"
    log=$(mktemp)
    (cd bindings/kotlin && mvn -B -Pdocs -Dstyle.color=never -Dcargo.profile=debug -Ddocs.out="$out/kotlin" \
        generate-sources dokka:dokka) > "$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
    # What UniFFI generates around the documented API: resource handling
    # (close, destroy, Disposable), converters, enum and data-class members,
    # error handlers and the overridden Throwable.message.
    undocumented=$(grep -F 'Undocumented:' "$log" | sed -E 's/.*Undocumented: ([^ ]+).*/\1/' \
        | grep -vE '/(destroy|close)/|\.Companion/|/(values|valueOf|entries)/|FfiConverter|[Uu]niffi|/Disposable|InternalException|Impl/|/(hashCode|equals|toString|copy|component[0-9]+)/|NoPointer|ErrorHandler|Exception\.[A-Za-z]+/message/' || true)
    if [ -n "$undocumented" ] || grep -E '^\[WARNING\]' "$log" | grep -vF 'Undocumented:' | grep -q .; then
        echo "docs.sh: Dokka found undocumented items or warnings:" >&2
        echo "$undocumented" >&2; grep -E '^\[WARNING\]' "$log" | grep -vF 'Undocumented:' >&2 || true
        exit 1
    fi
    echo "kotlin: $out/kotlin/index.html"
fi

if want swift; then
    step "Swift (DocC, in the Swift root)"
    root=$(scripts/swift-root.sh)
    gen=target/swift-gen
    bindings/generate.sh debug swift "$gen"
    mkdir -p bindings/swift/Sources/ChatPlatform/Generated
    cp "$gen/ChatPlatform.swift" bindings/swift/Sources/ChatPlatform/Generated/ChatPlatform.swift
    cp "$gen/ChatPlatformFFI.h" bindings/swift/Sources/ChatPlatformFFI/ChatPlatformFFI.h
    mkdir -p target/swift-pc
    printf 'libdir=/src/target/%s/debug\nName: chat-platform-ffi\nDescription: docs build\nVersion: 0.0.0\nLibs: -L${libdir} -lchat_platform_ffi\nCflags:\n' \
        "$CARGO_BUILD_TARGET" > target/swift-pc/chat-platform-ffi.pc
    rm -rf target/docs-swift && mkdir -p target/docs-swift/symbols "$out"
    # shellcheck source=scripts/chroot.sh
    source scripts/chroot.sh
    mount_root "$root"
    in_root "$root" PKG_CONFIG_PATH=/src/target/swift-pc /bin/bash -c '
        set -euo pipefail
        cd /src/bindings/swift
        swift build --quiet --scratch-path /src/target/docs-swift/build --target ChatPlatform \
            -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc /src/target/docs-swift/symbols
        /usr/libexec/swift/bin/docc convert --additional-symbol-graph-dir /src/target/docs-swift/symbols \
            --fallback-display-name ChatPlatform --fallback-bundle-identifier io.chatplatform.ChatPlatform \
            --fallback-bundle-version 0.1.0 --warnings-as-errors --output-path /src/target/docs-swift/out'
    umount_root
    rm -rf "$out/swift" && cp -r target/docs-swift/out "$out/swift"
    # Every public symbol documented, but the memberwise initializers and
    # converters UniFFI generates (the records and their fields are documented).
    python3 - target/docs-swift/symbols/ChatPlatform.symbols.json <<'PY'
import json, re, sys
skip = re.compile(r"FfiConverter|[Uu]niffi|^lift|^lower|^read\(|^write\(|allocationSize|hashValue|hash\(into|==|RustBuffer|NoPointer|init\(unsafeFromRawPointer|init\(noPointer|init\(bitPattern|errorDescription|localizedDescription")
missing = []
for s in json.load(open(sys.argv[1]))["symbols"]:
    uri = s.get("location", {}).get("uri", "")
    if s.get("accessLevel") not in ("public", "open") or s.get("docComment"):
        continue
    name = ".".join(s["pathComponents"])
    generated = "/Generated/" in uri
    if generated and (skip.search(s["pathComponents"][-1]) or s["kind"]["identifier"] == "swift.init"):
        continue
    missing.append(f"{name} ({uri.rsplit('/', 1)[-1]})")
if missing:
    sys.exit("docs.sh: undocumented public Swift symbols:\n  " + "\n  ".join(missing))
PY
    echo "swift: $out/swift/index.html"
fi
echo "== docs: every reference built in $out" >&2
