#!/usr/bin/env bash
# The crates users depend on, packaged as crates.io would take them, in
# dist/crates/: chat-platform (the core), chat-platform-emulator and
# chat-platform-cli (the command).
# `cargo package` verifies each by building it from the packaged sources
# (a dirty working tree is packaged as it is; CI packages a clean clone).
#   scripts/package-rust.sh
source "$(dirname "$0")/dist-env.sh"
out="$DIST/crates"
rm -rf "$out"
mkdir -p "$out"
cd "$REPO"
# The verification builds share the dependencies `make test` built.
export CARGO_BUILD_TARGET=x86_64-unknown-linux-gnu
# The core's dev-dependency on the emulator is a path dependency with a
# version, so both package together (the emulator is verified first).
cargo package --quiet --locked --allow-dirty -p chat-platform-emulator -p chat-platform -p chat-platform-cli >&2
cp "$REPO"/target/package/chat-platform-emulator-"$VERSION".crate \
   "$REPO"/target/package/chat-platform-"$VERSION".crate \
   "$REPO"/target/package/chat-platform-cli-"$VERSION".crate "$out/"
ls -l "$out"
