/* ProcessPrng, the random source of Rust's standard library on Windows 10+
 * (bcryptprimitives.dll), for Wine 8.0, which lacks it: the same bytes from
 * RtlGenRandom (advapi32's SystemFunction036). Built by scripts/wine.sh into
 * the Wine prefix only; nothing shipped uses it. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
