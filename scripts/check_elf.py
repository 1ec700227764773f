"""ELF checks of scripts/check_dist.py: what a Linux artifact built here must be.

- the architecture its name says (ELF machine, 64-bit, little endian);
- glibc builds: no symbol version newer than GLIBC_2.17, no musl;
- musl builds: libc needed as libc.musl-<arch>.so.1 (Alpine's name), no glibc;
- static binaries: no interpreter, no shared library needed.
"""

import io

from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

MACHINE = {"x86_64": "EM_X86_64", "aarch64": "EM_AARCH64"}
GLIBC_FLOOR = (2, 17)


def facts(data):
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


def check_image(data, arch, libc, static=False):
    """Problems with one image, and its facts."""
    f = facts(data)
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
    return problems, f
