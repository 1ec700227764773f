"""One process of `make bench-fleet` (bench/fleet.sh): waits for the fleet's
start time, imports its users with default settings (plus the shared store
when given) and prints {users, created, errors, start, end} as JSON.

    fleet_worker.py URL N PREFIX START_UNIX_S [STORE_URL]
"""

import json
import sys
import time

from chat_platform import Client, NewUser


def main():
    url, n, prefix, start = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    store = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
    c = Client(base_url=url, app_key="demo-org#demo-app", client_id="YXA6emulator-client-id",
               client_secret="YXA6emulator-client-secret", shared_store=store)
    users = [NewUser(f"{prefix}{i}", "pw-12345") for i in range(n)]
    time.sleep(max(0.0, start - time.time()))
    t0 = time.time()
    try:
        report = c.register_users(users)
        created, errors = len(report.created), len(report.failed)
    except Exception as e:  # noqa: BLE001 - counted and shown, not raised
        print(f"{prefix}: {e}", file=sys.stderr)
        created, errors = 0, n
    print(json.dumps({"users": n, "created": created, "errors": errors, "start": t0, "end": time.time()}))


main()
