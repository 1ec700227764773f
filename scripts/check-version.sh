#!/usr/bin/env bash
# One version everywhere: the workspace's (root Cargo.toml, [workspace.package])
# must be the one in every package manifest users see. Fails on any drift.
#   scripts/check-version.sh
set -euo pipefail
cd "$(dirname "$0")/.."
v="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)"
[ -n "$v" ] || { echo "check-version.sh: no [workspace.package] version in Cargo.toml" >&2; exit 1; }
bad=0
expect() {   # expect FILE WHAT FOUND
    if [ "$3" != "$v" ]; then
        echo "version drift: $1 ($2) says '${3:-nothing}', the workspace says $v" >&2
        bad=1
    fi
}
for toml in emulator/Cargo.toml support/Cargo.toml python/Cargo.toml node/Cargo.toml bindings/Cargo.toml; do
    grep -q '^version.workspace = true' "$toml" || { echo "version drift: $toml does not inherit the workspace version" >&2; bad=1; }
done
for dep in chat-platform chat-platform-emulator chat-platform-support; do
    expect Cargo.toml "[workspace.dependencies] $dep" "$(sed -n "s/^$dep = {.*version = \"\([^\"]*\)\".*/\1/p" Cargo.toml)"
done
grep -q '^dynamic = \["version"\]' python/pyproject.toml \
    || { echo "version drift: python/pyproject.toml must take its version from Cargo (dynamic = [\"version\"])" >&2; bad=1; }
expect node/package.json version "$(node -p 'require("./node/package.json").version')"
expect node/package-lock.json version "$(node -p 'require("./node/package-lock.json").version')"
loader="$(grep -o "expected [0-9][^ ]* but got" node/binding.js | sort -u | sed 's/expected \(.*\) but got/\1/')"
expect node/binding.js "the platform package version it expects" "$loader"
expect bindings/kotlin/pom.xml "project version" \
    "$(sed -n '/<artifactId>chat-platform<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;}' bindings/kotlin/pom.xml | head -1)"
expect bindings/kotlin/src/test/kotlin "the jar name in kotlin-test.sh" \
    "$(sed -n 's|^jar=target/chat-platform-\(.*\)\.jar$|\1|p' scripts/kotlin-test.sh)"
expect bindings/swift/Sources/ChatPlatform/Version.swift chatPlatformVersion \
    "$(sed -n 's/^public let chatPlatformVersion = "\(.*\)"/\1/p' bindings/swift/Sources/ChatPlatform/Version.swift)"

# One name per registry, the same in every manifest and in the README's install
# table: npm's `chat-platform` belongs to someone else; Maven Central verifies
# the group through the repository's GitHub organisation.
names() {   # names FILE WHAT FOUND WANTED
    if [ "$3" != "$4" ]; then
        echo "name drift: $1 ($2) says '${3:-nothing}', the project's name there is $4" >&2
        bad=1
    fi
}
NPM=chat-platform-client PYPI=chat-platform CRATE=chat-platform MAVEN_GROUP=io.github.chat-platform
names node/package.json name "$(node -p 'require("./node/package.json").name')" "$NPM"
names node/package-lock.json name "$(node -p 'require("./node/package-lock.json").name')" "$NPM"
names node/binding.js "the platform packages it loads" \
    "$(grep -o "require('[a-z-]*-linux-x64-gnu')" node/binding.js | head -1 | sed "s/require('\(.*\)-linux-x64-gnu')/\1/")" "$NPM"
names python/pyproject.toml name "$(sed -n 's/^name = "\(.*\)"/\1/p' python/pyproject.toml)" "$PYPI"
names Cargo.toml "[package] name" "$(sed -n '/^\[package\]/,/^\[/s/^name = "\(.*\)"/\1/p' Cargo.toml)" "$CRATE"
names bindings/kotlin/pom.xml groupId "$(sed -n '0,/<groupId>/s/^  <groupId>\(.*\)<\/groupId>/\1/p' bindings/kotlin/pom.xml)" "$MAVEN_GROUP"
for want in "npm install $NPM" "pip install $PYPI" "cargo add $CRATE" "$MAVEN_GROUP:chat-platform:$v"; do
    grep -qF "$want" README.md || { echo "name drift: README.md's install table lacks '$want'" >&2; bad=1; }
done
[ "$bad" = 0 ] || exit 1
echo "version $v everywhere (Cargo workspace, pyproject, package.json, binding.js, pom.xml, Swift); names $CRATE, $PYPI, $NPM, $MAVEN_GROUP"
