"""Reads every native library in dist/ and checks it is what its name says.

    python scripts/check_dist.py [DIST_DIR] [python npm maven swift emulator cli] [--targets "T ..."]

For each artifact (wheels, npm tarballs, the jar, Swift packages, emulator
binaries) the library inside is opened in memory and checked as ELF
(scripts/check_elf.py), Mach-O (scripts/check_macho.py) or PE
(scripts/check_pe.py): architecture, the oldest OS it runs on, what it loads,
what it exports, and for arm64 macOS its code signature. Wheels are checked
too: tags against the binary, RECORD's hashes, `auditwheel show` (Linux),
`abi3audit` and `twine check`. Every expected artifact must be present.
Exits 1 on any failure. Run by the Python of the build tools' venv
(scripts/dist-env.sh's dist_tools: abi3audit, twine and auditwheel beside it).
"""

import base64
import hashlib
import json
import pathlib
import plistlib
import subprocess
import sys
import tarfile
import zipfile

import tomllib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_elf  # noqa: E402
import check_macho  # noqa: E402
import check_pe  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
NPM = {"linux-x64-gnu": "x86_64-unknown-linux-gnu", "linux-arm64-gnu": "aarch64-unknown-linux-gnu",
       "linux-x64-musl": "x86_64-unknown-linux-musl", "linux-arm64-musl": "aarch64-unknown-linux-musl",
       "darwin-arm64": "aarch64-apple-darwin", "darwin-x64": "x86_64-apple-darwin",
       "win32-x64-msvc": "x86_64-pc-windows-gnu"}
JNA = {"linux-x86-64": "x86_64-unknown-linux-gnu", "linux-aarch64": "aarch64-unknown-linux-gnu",
       "darwin-aarch64": "aarch64-apple-darwin", "darwin-x86-64": "x86_64-apple-darwin",
       "win32-x86-64": "x86_64-pc-windows-gnu"}
FFI_EXPORT = "ffi_chat_platform_ffi_uniffi_contract_version"

failures = []
rows = []


def os_of(t):
    return "linux" if "-linux-" in t else "macos" if t.endswith("-apple-darwin") else "windows"


def arch_of(t):
    return t.split("-")[0]


def fail(label, problem):
    failures.append(f"{label}: {problem}")


def same_readme(label, shown, source):
    """What a registry shows for a package (`shown`, text) is the package's
    README in the repository (`source`, a path under REPO)."""
    want = (REPO / source).read_text(encoding="utf-8")

    def norm(t):
        return [line.rstrip() for line in t.replace("\r\n", "\n").strip().splitlines()]

    ok = norm(shown) == norm(want)
    rows.append((f"{label} (README)", "-", "-", source, "ok" if ok else "FAIL"))
    if not ok:
        fail(label, f"the registry would show {len(norm(shown))} lines that are not {source} ({len(norm(want))} lines)")


def metadata_readme(label, text, source):
    """The long description of a wheel's METADATA or an sdist's PKG-INFO."""
    headers, _, body = text.partition("\n\n")
    if "Description-Content-Type: text/markdown" not in headers:
        fail(label, "the description is not declared text/markdown")
    same_readme(label, body, source)


def binary(label, data, target, kind="lib", exports=(), host=()):
    """Checks one native image built for `target`; kind: lib, exe or static."""
    os_, arch = os_of(target), arch_of(target)
    if os_ == "linux":
        libc = "musl" if target.endswith("-musl") else "gnu"
        problems, f = check_elf.check_image(data, arch, libc, static=kind == "static")
        floor = "glibc " + ".".join(map(str, f["glibc"])) if f.get("glibc") else ("static" if kind == "static" else libc)
        needs = f.get("needed", [])
    elif os_ == "macos":
        problems, f = check_macho.check_image(data, arch, "executable" if kind == "exe" else "dylib", exports)
        floor = "macOS {}.{}".format(*f["minos"]) if f.get("minos") else "-"
        needs = [d.rsplit("/", 1)[-1] for d in f.get("dylibs", [])]
        if arch == "aarch64" and not any("signature" in p for p in problems):
            floor += ", signed"
    else:
        problems, f = check_pe.check_image(data, "exe" if kind == "exe" else "dll", exports, host)
        floor = "Windows {}.{}".format(*f["subsystem_version"]) if f else "-"
        needs = [d.lower() for d in f.get("imports", [])]
    rows.append((label, target, floor, ", ".join(needs) or "-", "ok" if not problems else "FAIL"))
    for p in problems:
        fail(label, p)


def wheel_target(tag):
    """The Rust target a wheel's platform tag is for."""
    if tag.startswith(("manylinux", "musllinux")):
        arch = "aarch64" if tag.endswith("aarch64") else "x86_64"
        return f"{arch}-unknown-linux-{'musl' if tag.startswith('musllinux') else 'gnu'}"
    if tag.startswith("macosx_"):
        return ("aarch64" if tag.endswith("arm64") else "x86_64") + "-apple-darwin"
    if tag == "win_amd64":
        return "x86_64-pc-windows-gnu"
    return None


def check_record(whl, z):
    """Every file the wheel holds is in RECORD with its hash, and no other."""
    record = next(n for n in z.namelist() if n.endswith(".dist-info/RECORD"))
    listed = {}
    for line in z.read(record).decode().splitlines():
        name, digest, _size = line.rsplit(",", 2)
        listed[name] = digest
    for name in z.namelist():
        if name == record:
            continue
        want = listed.pop(name, None)
        got = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(z.read(name)).digest()).rstrip(b"=").decode()
        if want != got:
            fail(whl.name, f"RECORD has {want!r} for {name}, the file hashes to {got}")
    listed.pop(record, None)
    if listed:
        fail(whl.name, f"RECORD lists files that are not in the wheel: {sorted(listed)}")


def wheels(dist, expected):
    seen = set()
    found = sorted((dist / "python").glob("*.whl"))
    for whl in found:
        name_tags = whl.name[:-4].split("-")
        python_tag, abi_tag, platform = name_tags[-3:]
        if (python_tag, abi_tag) != ("cp39", "abi3"):
            fail(whl.name, f"tagged {python_tag}-{abi_tag}, not cp39-abi3")
        target = wheel_target(platform.split(".")[0])
        if target is None:
            fail(whl.name, f"unknown platform tag {platform}")
            continue
        if target.endswith("-apple-darwin") and "_11_0_" not in platform:
            fail(whl.name, f"tagged {platform}: the modules are linked for macOS 11.0")
        seen.add(target)
        with zipfile.ZipFile(whl) as z:
            check_record(whl, z)
            meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
            metadata_readme(whl.name, z.read(meta).decode("utf-8"), "python/README.md")
            mods = [n for n in z.namelist() if n.startswith("chat_platform/_native") and n.endswith((".so", ".pyd"))]
            if len(mods) != 1:
                fail(whl.name, f"expected one extension module, found {mods}")
            for n in mods:
                if os_of(target) == "windows" and not n.endswith(".pyd"):
                    fail(whl.name, f"{n}: a Windows extension module must be a .pyd")
                binary(f"{whl.name}:{n}", z.read(n), target, exports=("PyInit__native",), host=("python3.dll",))
                if os_of(target) == "windows":
                    imports = [d.lower() for d in check_pe.parse(z.read(n))["imports"]]
                    if "python3.dll" not in imports:
                        fail(whl.name, f"{n} does not import python3.dll (the stable ABI): {imports}")
        if os_of(target) == "linux":
            auditwheel(whl, platform, target)
    if found:
        run_tool(["abi3audit", "--strict", "--report"] + [str(w) for w in found], "abi3audit")
        run_tool(["twine", "check", "--strict"] + [str(w) for w in found], "twine check")
    missing = expected - seen
    if missing:
        fail("python", f"no wheel for {sorted(missing)}")
    sdists = list((dist / "python").glob("chat_platform-*.tar.gz"))
    if not sdists:
        fail("python", "no sdist")
    for sd in sdists:
        with tarfile.open(sd) as t:
            info = next(m for m in t.getmembers() if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"))
            metadata_readme(sd.name, t.extractfile(info).read().decode("utf-8"), "python/README.md")


def run_tool(args, label):
    res = subprocess.run([str(BIN / args[0])] + args[1:], capture_output=True, text=True)
    verdict = "ok" if res.returncode == 0 else "FAIL"
    rows.append((f"{label} ({len(args) - 3} wheels)" if label == "abi3audit" else label, "-", "-", "-", verdict))
    if res.returncode != 0:
        fail(label, (res.stdout + res.stderr).strip()[-600:])


def auditwheel(whl, platform, target):
    """The tag auditwheel reports must be the most specific one in the name."""
    args = [str(BIN / "auditwheel"), "show", "--json"]
    if target.endswith("-musl"):
        # libc.musl-<arch>.so.1 is on the musllinux whitelist: nothing to
        # resolve. An empty search path keeps this glibc machine's libc.so
        # (a linker script) out of the analysis.
        empty = REPO / "target" / "empty-ldpath"
        empty.mkdir(parents=True, exist_ok=True)
        args += ["--ldpaths", str(empty)]
    res = subprocess.run(args + [str(whl)], capture_output=True, text=True)
    if res.returncode != 0:
        fail(whl.name, f"auditwheel show failed: {res.stderr.strip()[-300:]}")
        return
    policy = json.loads(res.stdout).get("overall_tag") or ""
    expected = [t for t in platform.split(".") if t.startswith(("manylinux_", "musllinux_"))]
    if not expected or policy not in expected:
        fail(whl.name, f"auditwheel says {policy!r}, the name says {platform}")
    rows.append((f"{whl.name} (auditwheel)", target, "-", policy, "ok" if policy in expected else "FAIL"))


def npm(dist, expected):
    seen = set()
    main = list((dist / "npm").glob("chat-platform-client-[0-9]*.tgz"))
    if len(main) != 1:
        fail("npm", f"expected one main package tarball, found {[p.name for p in main]}")
    for tgz in main:
        with tarfile.open(tgz) as t:
            same_readme(tgz.name, t.extractfile("package/README.md").read().decode("utf-8"), "node/README.md")
    for tgz in sorted(set((dist / "npm").glob("chat-platform-client-*.tgz")) - set(main)):
        plat = tgz.name[len("chat-platform-client-"):].rsplit("-", 1)[0]
        target = NPM.get(plat)
        if target is None:
            fail(tgz.name, f"unknown platform {plat}")
            continue
        seen.add(target)
        os_name, cpu = plat.split("-")[:2]
        with tarfile.open(tgz) as t:
            libs = [m for m in t.getmembers() if m.name.endswith(".node")]
            pkg = json.load(t.extractfile("package/package.json"))
            want = {"os": [os_name], "cpu": [cpu]}
            if os_name == "linux":
                want["libc"] = [{"gnu": "glibc", "musl": "musl"}[plat.split("-")[2]]]
            got = {k: pkg.get(k) for k in want}
            if got != want or (os_name != "linux" and "libc" in pkg):
                fail(tgz.name, f"package.json has {got}, libc {pkg.get('libc')}; expected {want}")
            if [m.name for m in libs] != [f"package/chat-platform.{plat}.node"]:
                fail(tgz.name, f"expected package/chat-platform.{plat}.node alone, found {[m.name for m in libs]}")
            for m in libs:
                binary(f"{tgz.name}:{m.name}", t.extractfile(m).read(), target, exports=("napi_register_module_v1",))
    missing = expected - seen
    if missing:
        fail("npm", f"no platform package for {sorted(missing)}")


def maven(dist, expected, version):
    base = dist / "maven" / "io" / "github" / "chat-platform" / "chat-platform" / version
    jar = base / f"chat-platform-{version}.jar"
    for suffix in ("-sources.jar", "-javadoc.jar", ".pom"):
        if not (base / f"chat-platform-{version}{suffix}").exists():
            fail("maven", f"chat-platform-{version}{suffix} missing")
    if not jar.exists():
        fail("maven", f"{jar.name} missing")
        return
    seen = set()
    with zipfile.ZipFile(jar) as z:
        for n in z.namelist():
            prefix, _, file = n.partition("/")
            if prefix in JNA and file.endswith((".so", ".dylib", ".dll")):
                target = JNA[prefix]
                seen.add(target)
                want = {"linux": "libchat_platform_ffi.so", "macos": "libchat_platform_ffi.dylib",
                        "windows": "chat_platform_ffi.dll"}[os_of(target)]
                if file != want:
                    fail(jar.name, f"{n}: JNA looks for {prefix}/{want}")
                binary(f"{jar.name}:{n}", z.read(n), target, exports=(FFI_EXPORT,))
    missing = expected - seen
    if missing:
        fail("maven", f"the jar has no native library for {sorted(missing)}")


CRATE_READMES = {"chat-platform": "docs/rust.md", "chat-platform-cli": "cli/README.md",
                 "chat-platform-emulator": "emulator/README.md"}


def crates(dist, version):
    """Each crate's README, as crates.io shows it: the file its packaged
    manifest names."""
    for name, source in CRATE_READMES.items():
        crate = dist / "crates" / f"{name}-{version}.crate"
        if not crate.exists():
            fail("crates", f"{crate.name} missing")
            continue
        with tarfile.open(crate) as t:
            manifest = tomllib.loads(t.extractfile(f"{name}-{version}/Cargo.toml").read().decode("utf-8"))
            readme = manifest.get("package", {}).get("readme")
            if not readme:
                fail(crate.name, "no readme in the packaged Cargo.toml: crates.io would show none")
                continue
            same_readme(crate.name, t.extractfile(f"{name}-{version}/{readme}").read().decode("utf-8"), source)


def swift(dist, expected, version):
    seen = set()
    for tgz in sorted((dist / "swift").glob("*-linux-*.tar.gz")):
        target = ("aarch64" if "aarch64" in tgz.name else "x86_64") + "-unknown-linux-gnu"
        seen.add(target)
        with tarfile.open(tgz) as t:
            libs = [m for m in t.getmembers() if m.name.endswith("libchat_platform_ffi.so")]
            if len(libs) != 1:
                fail(tgz.name, f"expected one libchat_platform_ffi.so, found {len(libs)}")
            for m in libs:
                binary(f"{tgz.name}:{m.name}", t.extractfile(m).read(), target, exports=(FFI_EXPORT,))
    macos = {t for t in expected if os_of(t) == "macos"}
    if macos:
        seen |= swift_macos(dist, macos, version)
    missing = expected - seen
    if missing:
        fail("swift", f"no package for {sorted(missing)}")


def swift_macos(dist, targets, version):
    """The macOS package and its XCFramework: every object of the static
    library, per architecture."""
    pkg = dist / "swift" / f"chat-platform-swift-{version}-macos.zip"
    xcz = dist / "swift" / f"ChatPlatformFFI-{version}.xcframework.zip"
    seen = set()
    if not pkg.exists() or not xcz.exists():
        fail("swift", f"missing {pkg.name} or {xcz.name}")
        return seen
    digest = hashlib.sha256(xcz.read_bytes()).hexdigest()
    listed = (xcz.parent / (xcz.name + ".sha256")).read_text().split()[0]
    if digest != listed:
        fail(xcz.name, f"its .sha256 says {listed}, the file hashes to {digest}")
    root = f"chat-platform-swift-{version}-macos/ChatPlatform"
    with zipfile.ZipFile(pkg) as z:
        manifest = z.read(f"{root}/Package.swift").decode()
        for needle in ('.binaryTarget(', 'path: "ChatPlatformFFI.xcframework"', '.linkedFramework("Security")'):
            if needle not in manifest:
                fail(pkg.name, f"Package.swift lacks {needle}")
        xc = f"{root}/ChatPlatformFFI.xcframework"
        info = plistlib.loads(z.read(f"{xc}/Info.plist"))
        for lib in info["AvailableLibraries"]:
            where = f"{xc}/{lib['LibraryIdentifier']}"
            for header in ("ChatPlatformFFI.h", "module.modulemap"):
                if f"{where}/{lib['HeadersPath']}/{header}" not in z.namelist():
                    fail(pkg.name, f"{where} has no {header}")
            fat = z.read(f"{where}/{lib['LibraryPath']}")
            slices = dict(check_macho.fat_slices(fat))
            for arch in lib["SupportedArchitectures"]:
                target = ("aarch64" if arch == "arm64" else "x86_64") + "-apple-darwin"
                cpu = check_macho.CPU[arch_of(target)]
                if cpu not in slices:
                    fail(pkg.name, f"{lib['LibraryPath']} has no {arch} slice")
                    continue
                seen.add(target)
                static_library(f"{pkg.name}:{lib['LibraryPath']} ({arch})", slices[cpu], target)
    return seen & targets


def static_library(label, data, target):
    objects, problems = 0, []
    for name, body in check_macho.ar_members(data):
        if not body.startswith(b"\xcf\xfa\xed\xfe"):
            continue   # the archive's symbol table
        objects += 1
        p, _ = check_macho.check_image(body, arch_of(target), "object")
        problems += [f"{name}: {x}" for x in p]
    if objects == 0:
        problems.append("no Mach-O objects inside")
    rows.append((label, target, "macOS 11.0 (every object)" if not problems else "-",
                 f"{objects} objects", "ok" if not problems else "FAIL"))
    for p in problems[:20]:
        fail(label, p)


def binaries(dist, section, name, expected, version):
    """The standalone binaries in dist/SECTION/: NAME-VERSION-OS-ARCH[.exe]."""
    seen = set()
    for b in sorted((dist / section).glob(f"{name}-*")):
        if b.name.endswith(".sha256"):
            continue
        digest = hashlib.sha256(b.read_bytes()).hexdigest()
        listed = (b.parent / (b.name + ".sha256")).read_text().split()[0]
        if digest != listed:
            fail(b.name, "its .sha256 does not match")
        rest = b.name[len(f"{name}-{version}-"):].removesuffix(".exe")
        os_name, arch = rest.split("-", 1)
        if os_name == "linux":
            target, kind = f"{arch}-unknown-linux-musl", "static"
            seen.add(f"{arch}-unknown-linux-gnu")
        elif os_name == "macos":
            target, kind = f"{arch}-apple-darwin", "exe"
        else:
            target, kind = f"{arch}-pc-windows-gnu", "exe"
        seen.add(target)
        binary(b.name, b.read_bytes(), target, kind)
    missing = expected - seen
    if missing:
        fail(section, f"no binary for {sorted(missing)}")


def main():
    args = sys.argv[1:]
    # By default the build's targets, as scripts/dist-env.sh chooses them (DIST_TARGETS).
    targets = subprocess.run([str(REPO / "scripts" / "dist-targets.sh")], capture_output=True, text=True,
                             check=True).stdout.strip()
    if "--targets" in args:
        i = args.index("--targets")
        targets = args[i + 1]
        del args[i:i + 2]
    dist = pathlib.Path(args[0]) if args else REPO / "dist"
    only = set(args[1:])
    version = next(line.split('"')[1] for line in (REPO / "Cargo.toml").read_text().splitlines()
                   if line.startswith("version = "))
    expected = set(targets.split())
    ffi = {t for t in expected if not t.endswith("-musl")}
    # One static binary per Linux architecture.
    standalone = {t.replace("-musl", "-gnu") for t in expected}
    sections = {
        "python": lambda: wheels(dist, expected),
        "npm": lambda: npm(dist, expected),
        "maven": lambda: maven(dist, ffi, version),
        # Swift: Linux and macOS (Swift for Windows is out of scope).
        "swift": lambda: swift(dist, {t for t in ffi if "-windows-" not in t}, version),
        "crates": lambda: crates(dist, version),
        "emulator": lambda: binaries(dist, "emulator", "chat-emulator", standalone, version),
        "cli": lambda: binaries(dist, "cli", "chat-platform", standalone, version),
    }
    for name, run in sections.items():
        if not only or name in only:
            run()
    width = max((len(r[0]) for r in rows), default=10)
    print(f"{'artifact':<{width}}  {'target':<27} {'runs on':<22} needs / tag")
    for label, target, floor, needs, verdict in rows:
        print(f"{label:<{width}}  {target:<27} {floor:<22} {needs}  {verdict}")
    if failures:
        print("\n".join(["", "dist check FAILED:"] + failures), file=sys.stderr)
        sys.exit(1)
    print(f"dist check: {len(rows)} checks passed")


if __name__ == "__main__":
    main()
