"""Reads every native library in dist/ as ELF and checks it is what its name says.

    .venv/bin/python scripts/check_dist.py [DIST_DIR] [--targets "x86_64-unknown-linux-gnu ..."]

For each artifact (wheels, npm tarballs, the jar, Swift tarballs, emulator
binaries) the library inside is opened in memory and checked for:
  - the architecture its name says (ELF machine, 64-bit, little endian);
  - glibc builds: no symbol version newer than GLIBC_2.17, no musl;
  - musl builds: libc needed as libc.musl-<arch>.so.1 (Alpine's name), no glibc;
  - the emulator binaries: static (no interpreter, no shared library needed);
  - wheels: the platform tag `auditwheel show` reports is the one in the name.
Every expected artifact must be present. Exits 1 on any failure.
"""

import io
import json
import pathlib
import subprocess
import sys
import tarfile
import zipfile

from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

MACHINE = {"x86_64": "EM_X86_64", "aarch64": "EM_AARCH64"}
GLIBC_FLOOR = (2, 17)
NPM_ARCH = {"x64": "x86_64", "arm64": "aarch64"}
JNA_ARCH = {"linux-x86-64": "x86_64", "linux-aarch64": "aarch64"}

failures = []
rows = []


def elf_facts(data):
    elf = ELFFile(io.BytesIO(data))
    needed, glibc = [], []
    for sec in elf.iter_sections():
        if isinstance(sec, DynamicSection):
            needed += [t.needed for t in sec.iter_tags() if t.entry.d_tag == "DT_NEEDED"]
        if isinstance(sec, GNUVerNeedSection):
            for _, auxes in sec.iter_versions():
                for aux in auxes:
                    if aux.name.startswith("GLIBC_") and aux.name[6:7].isdigit():
                        glibc.append(tuple(int(x) for x in aux.name[6:].split(".")))
    interp = any(seg.header.p_type == "PT_INTERP" for seg in elf.iter_segments())
    return {
        "machine": elf.header.e_machine,
        "class": elf.elfclass,
        "little": elf.little_endian,
        "needed": needed,
        "glibc": max(glibc) if glibc else None,
        "interp": interp,
    }


def check(label, data, arch, libc, static=False):
    f = elf_facts(data)
    problems = []
    if f["machine"] != MACHINE[arch] or f["class"] != 64 or not f["little"]:
        problems.append(f"is {f['machine']}/{f['class']}-bit, expected {MACHINE[arch]}")
    musl_name = f"libc.musl-{arch}.so.1"
    if static:
        if f["interp"] or f["needed"]:
            problems.append(f"not static: interpreter={f['interp']} needs {f['needed']}")
    elif libc == "gnu":
        if f["glibc"] is None:
            problems.append("references no GLIBC symbol versions (not a glibc build?)")
        elif f["glibc"] > GLIBC_FLOOR:
            problems.append(f"needs GLIBC_{'.'.join(map(str, f['glibc']))} > 2.17")
        if any("musl" in n for n in f["needed"]):
            problems.append(f"needs musl: {f['needed']}")
    else:
        if musl_name not in f["needed"]:
            problems.append(f"does not need {musl_name}: {f['needed']}")
        if f["glibc"] is not None or any(n.startswith("libc.so") for n in f["needed"]):
            problems.append(f"references glibc: {f['needed']} {f['glibc']}")
    glibc = ".".join(map(str, f["glibc"])) if f["glibc"] else "-"
    kind = "static" if static else libc
    rows.append((label, arch, kind, glibc, ", ".join(f["needed"]) or "-", "ok" if not problems else "FAIL"))
    for p in problems:
        failures.append(f"{label}: {p}")


def target_of(arch, libc):
    return f"{arch}-unknown-linux-{libc}"


def wheels(dist, expected):
    seen = set()
    for whl in sorted((dist / "python").glob("*.whl")):
        tag = whl.name[:-4].split("-")[-1]          # e.g. manylinux2014_x86_64.manylinux_2_17_x86_64
        arch = "aarch64" if tag.endswith("aarch64") else "x86_64"
        libc = "musl" if tag.startswith("musllinux") else "gnu"
        seen.add(target_of(arch, libc))
        with zipfile.ZipFile(whl) as z:
            libs = [n for n in z.namelist() if n.endswith(".so")]
            if not libs:
                failures.append(f"{whl.name}: no extension module inside")
            for n in libs:
                check(f"{whl.name}:{n}", z.read(n), arch, libc)
        audit(whl, tag, arch, libc)
    missing = expected - seen
    if missing:
        failures.append(f"python: no wheel for {sorted(missing)}")
    if not list((dist / "python").glob("chat_platform-*.tar.gz")):
        failures.append("python: no sdist")


def audit(whl, tag, arch, libc):
    """The tag auditwheel reports must be the most specific one in the name."""
    args = [str(pathlib.Path(sys.executable).parent / "auditwheel"), "show", "--json"]
    if libc == "musl":
        # libc.musl-<arch>.so.1 is on the musllinux whitelist: nothing to
        # resolve. An empty search path keeps this glibc machine's libc.so
        # (a linker script) out of the analysis.
        empty = REPO / "target" / "empty-ldpath"
        empty.mkdir(parents=True, exist_ok=True)
        args += ["--ldpaths", str(empty)]
    res = subprocess.run(args + [str(whl)], capture_output=True, text=True)
    if res.returncode != 0:
        failures.append(f"{whl.name}: auditwheel show failed: {res.stderr.strip()[-300:]}")
        return
    info = json.loads(res.stdout)
    policy = info.get("overall_tag") or ""
    expected = [t for t in tag.split(".") if t.startswith(("manylinux_", "musllinux_"))]
    if not expected or policy not in expected:
        failures.append(f"{whl.name}: auditwheel says {policy!r}, the name says {tag}")
    rows.append((f"{whl.name} (auditwheel)", arch, libc, "-", policy, "ok" if policy in expected else "FAIL"))


def npm(dist, expected):
    seen = set()
    main = list((dist / "npm").glob("chat-platform-client-[0-9]*.tgz"))
    if len(main) != 1:
        failures.append(f"npm: expected one main package tarball, found {[p.name for p in main]}")
    for tgz in sorted((dist / "npm").glob("chat-platform-client-linux-*.tgz")):
        plat = tgz.name[len("chat-platform-client-"):].rsplit("-", 1)[0]     # linux-x64-gnu
        _, a, libc = plat.split("-")
        arch = NPM_ARCH[a]
        seen.add(target_of(arch, libc))
        with tarfile.open(tgz) as t:
            libs = [m for m in t.getmembers() if m.name.endswith(".node")]
            pkg = json.load(t.extractfile("package/package.json"))
            if pkg.get("os") != ["linux"] or pkg.get("cpu") != [a] or pkg.get("libc") != [{"gnu": "glibc", "musl": "musl"}[libc]]:
                failures.append(f"{tgz.name}: os/cpu/libc fields are {pkg.get('os')}/{pkg.get('cpu')}/{pkg.get('libc')}")
            if len(libs) != 1:
                failures.append(f"{tgz.name}: expected one .node, found {[m.name for m in libs]}")
            for m in libs:
                check(f"{tgz.name}:{m.name}", t.extractfile(m).read(), arch, libc)
    missing = expected - seen
    if missing:
        failures.append(f"npm: no platform package for {sorted(missing)}")


def maven(dist, expected_archs, version):
    base = dist / "maven" / "io" / "github" / "chat-platform" / "chat-platform" / version
    jar = base / f"chat-platform-{version}.jar"
    for suffix in ("-sources.jar", "-javadoc.jar", ".pom"):
        if not (base / f"chat-platform-{version}{suffix}").exists():
            failures.append(f"maven: chat-platform-{version}{suffix} missing")
    if not jar.exists():
        failures.append(f"maven: {jar.name} missing")
        return
    seen = set()
    with zipfile.ZipFile(jar) as z:
        for n in z.namelist():
            prefix = n.split("/")[0]
            if n.endswith(".so") and prefix in JNA_ARCH:
                seen.add(JNA_ARCH[prefix])
                check(f"{jar.name}:{n}", z.read(n), JNA_ARCH[prefix], "gnu")
    missing = expected_archs - seen
    if missing:
        failures.append(f"maven: the jar has no native library for {sorted(missing)}")


def swift(dist, expected_archs, version):
    seen = set()
    for tgz in sorted((dist / "swift").glob("*.tar.gz")):
        arch = "aarch64" if "aarch64" in tgz.name else "x86_64"
        seen.add(arch)
        with tarfile.open(tgz) as t:
            libs = [m for m in t.getmembers() if m.name.endswith("libchat_platform_ffi.so")]
            if len(libs) != 1:
                failures.append(f"{tgz.name}: expected one libchat_platform_ffi.so, found {len(libs)}")
            for m in libs:
                check(f"{tgz.name}:{m.name}", t.extractfile(m).read(), arch, "gnu")
    missing = expected_archs - seen
    if missing:
        failures.append(f"swift: no tarball for {sorted(missing)}")


def emulator(dist, expected_archs, version):
    seen = set()
    for b in sorted((dist / "emulator").glob("chat-emulator-*")):
        if b.name.endswith(".sha256"):
            continue
        arch = "aarch64" if b.name.endswith("aarch64") else "x86_64"
        seen.add(arch)
        check(b.name, b.read_bytes(), arch, "musl", static=True)
    missing = expected_archs - seen
    if missing:
        failures.append(f"emulator: no binary for {sorted(missing)}")


REPO = pathlib.Path(__file__).resolve().parents[1]


def main():
    args = sys.argv[1:]
    targets = "x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl"
    if "--targets" in args:
        i = args.index("--targets")
        targets = args[i + 1]
        del args[i:i + 2]
    dist = pathlib.Path(args[0]) if args else REPO / "dist"
    only = set(args[1:])  # optional: python npm maven swift emulator
    version = next(line.split('"')[1] for line in (REPO / "Cargo.toml").read_text().splitlines()
                   if line.startswith("version = "))
    expected = set(targets.split())
    archs = {t.split("-")[0] for t in expected}
    gnu_archs = {t.split("-")[0] for t in expected if t.endswith("-gnu")}
    musl_archs = {t.split("-")[0] for t in expected if t.endswith("-musl")}
    sections = {
        "python": lambda: wheels(dist, expected),
        "npm": lambda: npm(dist, expected),
        "maven": lambda: maven(dist, gnu_archs, version),
        "swift": lambda: swift(dist, gnu_archs, version),
        "emulator": lambda: emulator(dist, musl_archs or archs, version),
    }
    for name, run in sections.items():
        if not only or name in only:
            run()
    width = max((len(r[0]) for r in rows), default=10)
    print(f"{'artifact':<{width}}  arch     libc    max glibc  needs / tag")
    for label, arch, kind, glibc, needed, verdict in rows:
        print(f"{label:<{width}}  {arch:<8} {kind:<7} {glibc:<10} {needed}  {verdict}")
    if failures:
        print("\n".join(["", "dist check FAILED:"] + failures), file=sys.stderr)
        sys.exit(1)
    print(f"dist check: {len(rows)} checks passed")


if __name__ == "__main__":
    main()
