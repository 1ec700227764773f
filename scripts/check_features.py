"""Fails when the release builds of a target would build a dependency twice.

The Python module, the Node addon, the UniFFI library and the binaries of a
target are built one after the other in one target directory
(scripts/dist-env.sh). Cargo resolves features per build: a dependency whose
features differ between two of them is compiled again, with everything that
depends on it (one proc-macro helper is enough to rebuild tokio, hyper,
reqwest and the core). workspace-hack/Cargo.toml asks every build for the
union; this check, run by `make lint`, compares what `cargo tree` resolves
for each build and names the package, the builds and the features that differ
(add them to workspace-hack/Cargo.toml).

    python3 scripts/check_features.py [TARGET...]
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict

# The packages each release build names (scripts/package-*.sh).
BUILDS = {
    "python module": ["-p", "chat-platform-python"],
    "node addon": ["-p", "chat-platform-node"],
    "uniffi library": ["-p", "chat-platform-ffi"],
    "binaries": ["-p", "chat-platform-cli", "-p", "chat-platform-emulator", "-p", "workspace-hack"],
}
# One target of each operating system: their dependencies differ by OS.
TARGETS = ["x86_64-unknown-linux-gnu", "aarch64-apple-darwin", "x86_64-pc-windows-gnu"]
LINE = re.compile(r"(\S+ v\S+)(?: \(.*?\))* \[(.*)\]$")


def resolved(target: str, args: list[str]) -> dict[str, set[str]]:
    """Every package of a build (host and target side) and its features."""
    out = subprocess.run(
        ["cargo", "tree", "-q", "-e", "normal,build", "--prefix", "none",
         "-f", "{p} [{f}]", "--target", target, *args],
        capture_output=True, text=True, check=True,
    ).stdout
    packages: dict[str, set[str]] = defaultdict(set)
    for line in out.splitlines():
        m = LINE.match(line.strip())
        if m:
            packages[m.group(1)].update(f for f in m.group(2).split(",") if f)
    return packages


def main() -> int:
    failed = False
    for target in sys.argv[1:] or TARGETS:
        by_package: dict[str, dict[str, set[str]]] = defaultdict(dict)
        for build, args in BUILDS.items():
            for package, features in resolved(target, args).items():
                by_package[package][build] = features
        for package, builds in sorted(by_package.items()):
            union = set().union(*builds.values())
            short = {b: sorted(union - f) for b, f in builds.items() if f != union}
            if short:
                failed = True
                print(f"{target}: {package} is built with other features in some builds; "
                      f"add {sorted(union)} to workspace-hack/Cargo.toml. Missing:", file=sys.stderr)
                for build, missing in short.items():
                    print(f"    {build}: {missing}", file=sys.stderr)
    if not failed:
        print(f"features: the {len(BUILDS)} release builds share every dependency")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
