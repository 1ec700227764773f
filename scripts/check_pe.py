"""PE checks of scripts/check_dist.py: what a Windows artifact built here must
be, read from its bytes (the ones Wine runs are run too; the Python module
cannot be: no registry here ships a Windows CPython).

- x64 (AMD64), a DLL or a console program as its name says;
- runs on Windows 10 (the subsystem version it asks for is at most 10.0);
- imports only DLLs that Windows ships (no libgcc_s, libwinpthread,
  libstdc++, vcruntime: the C runtime is MinGW's, linked in), plus the one
  host DLL a module is for (python3.dll, the stable ABI's, never a versioned
  python3X.dll);
- the entry symbols exported (PyInit_, napi_register_module_v1, UniFFI's).
"""

import struct

MACHINE_AMD64 = 0x8664
IMAGE_FILE_DLL = 0x2000
# What every Windows 10 has in System32; api-ms-win-* are the API sets.
SYSTEM_DLLS = {
    "kernel32.dll", "ntdll.dll", "advapi32.dll", "bcrypt.dll", "bcryptprimitives.dll", "crypt32.dll",
    "ws2_32.dll", "userenv.dll", "secur32.dll", "ncrypt.dll", "ole32.dll", "oleaut32.dll", "shell32.dll",
    "user32.dll", "msvcrt.dll", "ucrtbase.dll", "iphlpapi.dll", "shlwapi.dll", "rpcrt4.dll",
    "synchronization.dll", "dbghelp.dll", "powrprof.dll", "psapi.dll", "mswsock.dll", "version.dll",
}


def _rva_to_offset(sections, rva):
    for vaddr, vsize, raw_off, raw_size in sections:
        if vaddr <= rva < vaddr + max(vsize, raw_size):
            return raw_off + (rva - vaddr)
    raise ValueError(f"RVA {rva:#x} is in no section")


def _cstr(data, off):
    return data[off:data.index(b"\0", off)].decode("ascii", "replace")


def parse(data):
    """Machine, characteristics, subsystem version, imported DLLs, exported names."""
    if data[:2] != b"MZ":
        raise ValueError("not a PE file (no MZ header)")
    (pe_off,) = struct.unpack_from("<I", data, 0x3C)
    if data[pe_off:pe_off + 4] != b"PE\0\0":
        raise ValueError("not a PE file (no PE signature)")
    machine, nsect, _ts, _sym, _nsym, opt_size, chars = struct.unpack_from("<HHIIIHH", data, pe_off + 4)
    opt = pe_off + 24
    (magic,) = struct.unpack_from("<H", data, opt)
    if magic != 0x20B:
        raise ValueError(f"not a PE32+ (64-bit) image (optional header magic {magic:#x})")
    os_major, os_minor, _img_major, _img_minor, sub_major, sub_minor = struct.unpack_from("<HHHHHH", data, opt + 40)
    (subsystem,) = struct.unpack_from("<H", data, opt + 68)
    (ndirs,) = struct.unpack_from("<I", data, opt + 108)
    dirs = [struct.unpack_from("<II", data, opt + 112 + 8 * i) for i in range(ndirs)]
    sections = []
    sec = opt + opt_size
    for i in range(nsect):
        vsize, vaddr, raw_size, raw_off = struct.unpack_from("<IIII", data, sec + 40 * i + 8)
        sections.append((vaddr, vsize, raw_off, raw_size))
    imports = []
    if ndirs > 1 and dirs[1][0]:
        off = _rva_to_offset(sections, dirs[1][0])
        while True:
            ilt, _ts, _fwd, name_rva, iat = struct.unpack_from("<IIIII", data, off)
            if not (ilt or name_rva or iat):
                break
            imports.append(_cstr(data, _rva_to_offset(sections, name_rva)))
            off += 20
    delayed = []
    if ndirs > 13 and dirs[13][0]:
        off = _rva_to_offset(sections, dirs[13][0])
        while True:
            fields = struct.unpack_from("<IIIIIIII", data, off)
            if not any(fields):
                break
            delayed.append(_cstr(data, _rva_to_offset(sections, fields[1])))
            off += 32
    exports = set()
    if dirs and dirs[0][0]:
        off = _rva_to_offset(sections, dirs[0][0])
        (_f, _ts, _maj, _min, _name, _base, _nfunc, nnames, _funcs, names_rva, _ords) = \
            struct.unpack_from("<IIHHIIIIIII", data, off)
        names = _rva_to_offset(sections, names_rva)
        for i in range(nnames):
            (rva,) = struct.unpack_from("<I", data, names + 4 * i)
            exports.add(_cstr(data, _rva_to_offset(sections, rva)))
    return {"machine": machine, "dll": bool(chars & IMAGE_FILE_DLL), "subsystem": subsystem,
            "os": (os_major, os_minor), "subsystem_version": (sub_major, sub_minor),
            "imports": imports + delayed, "exports": exports}


def check_image(data, kind, exports=(), host=()):
    """Problems with one image: kind is dll or exe; host, the DLLs a module
    may import beyond the system's (python3.dll for the Python module)."""
    try:
        f = parse(data)
    except (ValueError, struct.error) as e:
        return [str(e)], {}
    problems = []
    if f["machine"] != MACHINE_AMD64:
        problems.append(f"machine {f['machine']:#x}, expected AMD64 (x64)")
    if f["dll"] != (kind == "dll"):
        problems.append(f"is {'a DLL' if f['dll'] else 'a program'}, expected a {kind}")
    if kind == "exe" and f["subsystem"] != 3:
        problems.append(f"subsystem {f['subsystem']}, expected a console program (3)")
    if f["subsystem_version"] > (10, 0):
        problems.append(f"asks for Windows {f['subsystem_version']}, newer than 10.0")
    allowed = SYSTEM_DLLS | {h.lower() for h in host}
    foreign = [d for d in f["imports"]
               if d.lower() not in allowed and not d.lower().startswith(("api-ms-win-", "ext-ms-win-"))]
    if foreign:
        problems.append(f"imports DLLs Windows does not ship: {foreign}")
    for e in exports:
        if not any(x == e or x.startswith(e) for x in f["exports"]):
            problems.append(f"does not export {e}")
    return problems, f
