#!/usr/bin/env bash
# Text stubs of the Apple frameworks the macOS builds link, so that zig can
# link them on Linux without Apple's SDK: DIR/FRAMEWORK.framework/FRAMEWORK.tbd
# (TAPI v4, the framework's install name and exported symbol names, nothing
# else of Apple's) for Security and CoreFoundation, the system's certificate
# trust (rustls-platform-verifier, rustls-native-certs reach the Keychain
# through them). The names are the ones the -sys crates this build resolves
# (Cargo.lock) declare: each framework's every function, static and named
# constant, so any
# symbol a dependency can use links, bound to its framework (two-level
# namespace), as when linking against the SDK. libSystem and libiconv come
# with zig.
#   scripts/macos-sdk.sh DIR
set -euo pipefail
dir="${1:?usage: scripts/macos-sdk.sh DIR}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$dir"
(cd "$repo" && cargo metadata --quiet --format-version 1 --locked --filter-platform aarch64-apple-darwin) \
    | python3 -c '
import json, pathlib, re, sys
out = pathlib.Path(sys.argv[1])
crates = {"security-framework-sys": "Security", "core-foundation-sys": "CoreFoundation"}
declared = re.compile(r"^\s*pub\s+(?:fn|static(?:\s+mut)?)\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
# Constants named in macros (`Variant => kSecKeyAlgorithm...`) too: a name
# listed that is not a symbol costs nothing.
constants = re.compile(r"\b(k[A-Z][A-Za-z0-9_]+)\b")
found = set()
for pkg in json.load(sys.stdin)["packages"]:
    framework = crates.get(pkg["name"])
    if framework is None:
        continue
    found.add(framework)
    src = pathlib.Path(pkg["manifest_path"]).parent / "src"
    texts = [f.read_text() for f in src.rglob("*.rs")]
    names = sorted({"_" + n for t in texts for n in declared.findall(t) + constants.findall(t)})
    tbd = out / f"{framework}.framework" / f"{framework}.tbd"
    tbd.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join([
        "--- !tapi-tbd",
        "tbd-version:     4",
        "targets:         [ x86_64-macos, arm64-macos ]",
        f"install-name:    \x27/System/Library/Frameworks/{framework}.framework/Versions/A/{framework}\x27",
        "current-version: 1",
        "exports:",
        "  - targets:     [ x86_64-macos, arm64-macos ]",
        "    symbols:     [ " + ", ".join(names) + " ]",
        "...",
        "",
    ])
    if not tbd.exists() or tbd.read_text() != text:
        tbd.write_text(text)
missing = set(crates.values()) - found
if missing:
    sys.exit(f"macos-sdk.sh: no -sys crate declares {sorted(missing)} any more: update the list")
' "$dir"
