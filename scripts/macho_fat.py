"""Writes a universal ("fat") file from one file per architecture, as `lipo -create` does
(the LLVM 14 lipo here cannot read archives whose objects rustc's newer LLVM wrote).

    python scripts/macho_fat.py OUT arm64=libfoo-arm64.a x86_64=libfoo-x86_64.a
"""

import struct
import sys

CPU = {"arm64": (0x0100000C, 0), "x86_64": (0x01000007, 3)}  # cputype, cpusubtype (ALL)
ALIGN = 14  # 2^14: the page size of arm64 macOS, what lipo uses for both


def main(out, parts):
    slices = []
    for part in parts:
        arch, _, path = part.partition("=")
        if arch not in CPU or not path:
            sys.exit(f"macho_fat.py: expected ARCH=PATH with ARCH one of {sorted(CPU)}, got {part!r}")
        with open(path, "rb") as f:
            slices.append((arch, f.read()))
    header = struct.pack(">II", 0xCAFEBABE, len(slices))
    offset = len(header) + 20 * len(slices)
    entries, payload = [], b""
    for arch, data in slices:
        start = -(-(offset + len(payload)) // (1 << ALIGN)) << ALIGN
        payload += b"\0" * (start - offset - len(payload)) + data
        cputype, subtype = CPU[arch]
        entries.append(struct.pack(">IIIII", cputype, subtype, start, len(data), ALIGN))
    with open(out, "wb") as f:
        f.write(header + b"".join(entries) + payload)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
