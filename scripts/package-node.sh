#!/usr/bin/env bash
# Node release artifacts in dist/npm/, napi-rs's multi-package layout:
#   chat-platform-client-VERSION.tgz                 the loader and index.d.ts, with
#                                             optionalDependencies on:
#   chat-platform-client-linux-{x64,arm64}-{gnu,musl}-VERSION.tgz
#   chat-platform-client-darwin-{arm64,x64}-VERSION.tgz
#   chat-platform-client-win32-x64-msvc-VERSION.tgz
#                                             one addon each, with os/cpu (and
#                                             libc on Linux) so npm installs
#                                             only the match.
# The addons are cross-built with `napi build -x` (cargo-zigbuild): glibc 2.17
# for gnu, musl 1.2 for musl, macOS 11, Windows with MinGW-w64 (under the name
# the official Node build loads, win32-x64-msvc: Node-API is a C ABI, and the
# addon needs no C runtime but Windows' own).
#   scripts/package-node.sh            (DIST_TARGETS=... to build fewer)
source "$(dirname "$0")/dist-env.sh"
dist_tools
out="$DIST/npm"
stage="$REPO/target/dist-node"
rm -rf "$out" "$stage"
mkdir -p "$out" "$stage/main" "$stage/build" "$stage/artifacts"

cd "$REPO/node"
npm ci --no-audit --no-fund --loglevel=error
napi="$REPO/node/node_modules/.bin/napi"

for t in "${TARGETS[@]}"; do
    echo "== node addon for $t" >&2
    cross_setup "$t"
    if [ "$(os_of "$t")" = windows ]; then
        # napi's -x takes only MSVC targets for Windows: the MinGW-w64 build
        # is cargo's own (napi-build's link setup is in build.rs; the types
        # are the host build's, checked below).
        (cd "$REPO" && CARGO_TARGET_DIR="$BUILD/dist" cross_build "$t" --quiet --release \
            -p chat-platform-node --lib >&2)
        cp "$BUILD/dist/$t/release/chat_platform_node.dll" "$stage/build/chat-platform.$(npm_platform "$t").node"
    else
        CARGO_TARGET_DIR="$BUILD/dist" "$napi" build --platform --release -x \
            --target "$(zig_target "$t")" --js binding.js -o "$stage/build" >&2
    fi
    built=$(ls "$stage"/build/chat-platform.*.node)
    addon="chat-platform.$(npm_platform "$t").node"
    case "$(os_of "$t")" in
        # As linked: stripping would void the arm64 code signature.
        macos) mv "$built" "$stage/artifacts/$addon" ;;
        *) strip_all "$built" "$stage/artifacts/$addon"; rm "$built" ;;
    esac
    if [ "$(os_of "$t")" = linux ] && [ "$(libc_of "$t")" = musl ]; then fix_musl_needed "$stage/artifacts/$addon" "$t"; fi
done
# The loader and types generated for the release targets are the committed ones.
for f in binding.js index.d.ts; do
    diff -u "$REPO/node/$f" "$stage/build/$f" >&2 \
        || { echo "package-node.sh: the release build generates a different $f" >&2; exit 1; }
done

# The main package: what `files` lists, with the targets of this build.
cp package.json index.js cli.js binding.js index.d.ts README.md "$stage/main/"
cd "$stage/main"
targets_json=$(for t in "${TARGETS[@]}"; do printf '"%s",' "$(npm_target "$t")"; done)
node -e '
    const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json"));
    p.napi.targets = JSON.parse(process.argv[1]); delete p.devDependencies; delete p.scripts;
    p.files = p.files.filter((f) => f !== "*.node");
    fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n")' "[${targets_json%,}]"
"$napi" create-npm-dirs >&2                          # npm/<platform>/package.json
"$napi" artifacts --output-dir "$stage/artifacts" >&2  # addons into npm/<platform>/
"$napi" pre-publish --skip-optional-publish >&2        # optionalDependencies in package.json
for dir in npm/*/; do
    ls "$dir"/*.node >/dev/null || { echo "package-node.sh: no addon in $dir" >&2; exit 1; }
    (cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
done
npm pack --silent --pack-destination "$out" >/dev/null
python "$REPO/scripts/check_dist.py" "$DIST" npm --targets "${TARGETS[*]}"
ls -l "$out"
