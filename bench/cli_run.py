"""Runs `chat-platform import FILE` against URL (the emulator's demo app) and prints one JSON
line: rows, seconds, rows per second, rows failed, the command's peak RSS.
    bench/cli_run.py BINARY URL FILE [EXTRA_ARGS...]"""

import json
import os
import resource
import subprocess
import sys

binary, url, path, *extra = sys.argv[1:]
journal = path + ".journal"
if os.path.exists(journal):
    os.remove(journal)
env = {
    "PATH": os.environ.get("PATH", ""),
    "CHAT_PLATFORM_BASE_URL": url,
    "CHAT_PLATFORM_APP_KEY": "demo-org#demo-app",
    "CHAT_PLATFORM_CLIENT_ID": "YXA6emulator-client-id",
    "CHAT_PLATFORM_CLIENT_SECRET": "YXA6emulator-client-secret",
}
done = subprocess.run([binary, "import", path, "--quiet", "--json", *extra], env=env, capture_output=True, text=True)
if done.returncode not in (0, 1):
    sys.exit(f"chat-platform exited {done.returncode}: {done.stderr}")
s = json.loads(done.stdout.strip().splitlines()[-1])
rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"users": s["rows"], "seconds": s["elapsed_s"], "per_s": s["per_second"],
                  "errors": s["failed"], "created": s["created"], "rss_mib": rss_kib / 1024}))
