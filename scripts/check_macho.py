"""Mach-O checks of scripts/check_dist.py: what a macOS artifact built here
must be, read from its bytes (nothing here can run macOS code).

- the architecture its name says, 64-bit;
- the minimum macOS in LC_BUILD_VERSION (11.0), for every object of a static
  library too;
- only system libraries and frameworks loaded (/usr/lib/, /System/Library/),
  none twice;
- the entry symbols exported (PyInit_, napi_register_module_v1, UniFFI's);
- arm64: a valid ad-hoc code signature, every page hash checked against the
  bytes (a binary stripped or patched after linking has stale hashes and is
  killed on load).
"""

import hashlib
import struct

CPU = {"aarch64": 0x0100000C, "x86_64": 0x01000007}
MH_MAGIC_64 = 0xFEEDFACF
MH_OBJECT, MH_EXECUTE, MH_DYLIB, MH_BUNDLE = 1, 2, 6, 8
LC_SEGMENT_64 = 0x19
LC_SYMTAB = 0x2
LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB = 0xC, 0x80000018, 0x8000001F
LC_ID_DYLIB = 0xD
LC_CODE_SIGNATURE = 0x1D
LC_BUILD_VERSION = 0x32
LC_VERSION_MIN_MACOSX = 0x24
PLATFORM_MACOS = 1
SYSTEM_PREFIXES = ("/usr/lib/", "/System/Library/Frameworks/")
CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CS_ADHOC = 0x2
HASHES = {1: hashlib.sha1, 2: hashlib.sha256}


def _cstr(data, off):
    end = data.index(b"\0", off)
    return data[off:end].decode()


def parse(data):
    """The facts of one thin 64-bit Mach-O image."""
    magic, cputype, _sub, filetype, ncmds, _size, _flags, _res = struct.unpack_from("<IiIIIIII", data, 0)
    if magic != MH_MAGIC_64:
        raise ValueError(f"not a 64-bit little-endian Mach-O (magic {magic:#x})")
    facts = {"cpu": cputype & 0xFFFFFFFF, "filetype": filetype, "dylibs": [], "minos": None,
             "signature": None, "id": None, "symtab": None}
    off = 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, off)
        if cmd in (LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_ID_DYLIB):
            (name_off,) = struct.unpack_from("<I", data, off + 8)
            name = _cstr(data, off + name_off)
            if cmd == LC_ID_DYLIB:
                facts["id"] = name
            else:
                facts["dylibs"].append(name)
        elif cmd == LC_BUILD_VERSION:
            platform, minos = struct.unpack_from("<II", data, off + 8)
            facts["platform"] = platform
            facts["minos"] = (minos >> 16, (minos >> 8) & 0xFF)
        elif cmd == LC_VERSION_MIN_MACOSX:
            (minos,) = struct.unpack_from("<I", data, off + 8)
            facts["platform"] = PLATFORM_MACOS
            facts["minos"] = (minos >> 16, (minos >> 8) & 0xFF)
        elif cmd == LC_CODE_SIGNATURE:
            facts["signature"] = struct.unpack_from("<II", data, off + 8)
        elif cmd == LC_SYMTAB:
            facts["symtab"] = struct.unpack_from("<IIII", data, off + 8)
        off += size
    return facts


def defined_externals(data, facts):
    """Names of the external symbols the image defines (its symbol table)."""
    if not facts["symtab"]:
        return set()
    symoff, nsyms, stroff, _strsize = facts["symtab"]
    names = set()
    for i in range(nsyms):
        strx, ntype, sect, _desc, _value = struct.unpack_from("<IBBhQ", data, symoff + 16 * i)
        if ntype & 0x01 and (ntype & 0x0E) == 0x0E and sect:   # N_EXT, N_SECT
            names.add(_cstr(data, stroff + strx))
    return names


def check_signature(data, facts):
    """Problems with the embedded code signature (empty: valid)."""
    if not facts["signature"]:
        return ["no code signature (an arm64 binary without one is killed on load)"]
    sig_off, sig_size = facts["signature"]
    blob = data[sig_off:sig_off + sig_size]
    magic, _length, count = struct.unpack_from(">III", blob, 0)
    if magic != CSMAGIC_EMBEDDED_SIGNATURE:
        return [f"code signature magic {magic:#x} is not an embedded signature"]
    problems = []
    for i in range(count):
        _type, offset = struct.unpack_from(">II", blob, 12 + 8 * i)
        cd = blob[offset:]
        if struct.unpack_from(">I", cd, 0)[0] != CSMAGIC_CODEDIRECTORY:
            continue
        (_m, _l, _version, flags, hash_off, _ident, _special, n_code, code_limit,
         hash_size, hash_type, _platform, page_log) = struct.unpack_from(">IIIIIIIIIBBBB", cd, 0)
        if not flags & CS_ADHOC:
            problems.append(f"code directory flags {flags:#x} are not ad-hoc")
        if code_limit != sig_off:
            problems.append(f"the signature covers {code_limit} bytes, the code ends at {sig_off}")
        hasher = HASHES.get(hash_type)
        if hasher is None:
            return problems + [f"unknown code signature hash type {hash_type}"]
        page = 1 << page_log
        for n in range(n_code):
            start = n * page
            want = cd[hash_off + n * hash_size: hash_off + (n + 1) * hash_size]
            got = hasher(data[start:min(start + page, code_limit)]).digest()[:hash_size]
            if got != want:
                problems.append(f"code signature page {n} of {n_code} does not match the bytes "
                                "(the file changed after it was signed)")
                break
        return problems
    return problems + ["the code signature has no code directory"]


def check_image(data, arch, kind, exports=(), minos=(11, 0)):
    """Problems with one image: kind is dylib, bundle, executable or object."""
    try:
        f = parse(data)
    except (ValueError, struct.error) as e:
        return [str(e)], {}
    problems = []
    if f["cpu"] != CPU[arch]:
        problems.append(f"CPU type {f['cpu']:#x}, expected {arch}")
    want_type = {"dylib": (MH_DYLIB, MH_BUNDLE), "executable": (MH_EXECUTE,), "object": (MH_OBJECT,)}[kind]
    if f["filetype"] not in want_type:
        problems.append(f"Mach-O file type {f['filetype']}, expected a {kind}")
    if f["minos"] is None or f.get("platform") != PLATFORM_MACOS:
        problems.append("no macOS build version (LC_BUILD_VERSION)")
    elif f["minos"] > minos:
        problems.append(f"needs macOS {f['minos'][0]}.{f['minos'][1]}, not {minos[0]}.{minos[1]}")
    if kind != "object":
        foreign = [d for d in f["dylibs"] if not d.startswith(SYSTEM_PREFIXES)]
        if foreign:
            problems.append(f"loads libraries that are not the system's: {foreign}")
        twice = sorted({d for d in f["dylibs"] if f["dylibs"].count(d) > 1})
        if twice:
            problems.append(f"loads {twice} more than once (refused by recent macOS)")
        if f["id"] and f["id"].startswith("/") and not f["id"].startswith(SYSTEM_PREFIXES):
            problems.append(f"install name is a build machine's path: {f['id']}")
        defined = defined_externals(data, f)
        for e in exports:
            if not any(s == "_" + e or s.startswith("_" + e) for s in defined):
                problems.append(f"does not export {e}")
        if arch == "aarch64":
            problems += check_signature(data, f)
    return problems, f


def ar_members(data):
    """(name, bytes) of each member of a static library (BSD or GNU ar)."""
    if not data.startswith(b"!<arch>\n"):
        raise ValueError("not an ar archive")
    off, members = 8, []
    while off + 60 <= len(data):
        header = data[off:off + 60]
        name = header[:16].decode().strip()
        size = int(header[48:58].decode().strip())
        body = data[off + 60: off + 60 + size]
        if name.startswith("#1/"):   # BSD long name: the name opens the body
            n = int(name[3:])
            name, body = body[:n].rstrip(b"\0").decode(), body[n:]
        members.append((name, body))
        off += 60 + size + (size & 1)
    return members


def fat_slices(data):
    """(cputype, bytes) of each architecture of a universal (fat) file."""
    magic, count = struct.unpack_from(">II", data, 0)
    if magic != 0xCAFEBABE:
        raise ValueError("not a universal (fat) file")
    slices = []
    for i in range(count):
        cputype, _sub, offset, size, _align = struct.unpack_from(">iiIII", data, 8 + 20 * i)
        slices.append((cputype & 0xFFFFFFFF, data[offset:offset + size]))
    return slices
