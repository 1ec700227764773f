"""`make bench-fleet`'s cost figure: what the shared store adds to one call on
loopback. get_user against an emulator without limits or latency, pacing on
but far above what one process sends (so no call waits for the budget):
blocks of calls alternating without and with the store; prints the medians
and their difference as JSON.

    fleet_cost.py URL STORE_URL CALLS
"""

import json
import statistics
import sys
import time

from chat_platform import Client

url, store, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
APP = dict(base_url=url, app_key="demo-org#demo-app", client_id="YXA6emulator-client-id",
           client_secret="YXA6emulator-client-secret", rate_limit_scale=1000.0)
clients = {"local": Client(**APP), "shared": Client(shared_store=store, **APP)}
for c in clients.values():
    try:
        c.get_user("bench0")
    except Exception:  # noqa: BLE001 - first call fetches the token
        pass
times = {"local": [], "shared": []}
for _ in range(max(1, calls // 100)):
    for name, c in clients.items():
        for _ in range(100):
            t0 = time.perf_counter()
            c.get_user("bench0")
            times[name].append((time.perf_counter() - t0) * 1000)
local, shared = statistics.median(times["local"]), statistics.median(times["shared"])
print(json.dumps({"calls": len(times["local"]), "median_local_ms": local, "median_shared_ms": shared,
                  "added_ms": shared - local}))
