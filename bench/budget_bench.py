"""The Python side of `make bench-budget` (bench/budget.sh): one measurement
per run, printed as JSON on the last line. Default client settings unless
told otherwise.

    budget_bench.py import URL N PREFIX [SCALE]   register_users of N users: users/s, errors
    budget_bench.py status URL N                  users_status of N names: names/s, errors
    budget_bench.py singles URL N                 N concurrent get_user (AsyncClient): calls/s, errors
    budget_bench.py stream URL N PREFIX           a generator of N users through register_users_iter,
                                                  pacing on, limits x100: RSS growth (MiB)
"""

import asyncio
import json
import resource
import sys
import time

from chat_platform import AsyncClient, Client, NewUser

APP = dict(app_key="demo-org#demo-app", client_id="YXA6emulator-client-id",
           client_secret="YXA6emulator-client-secret")


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def import_users(url, n, prefix, scale=1.0):
    c = Client(base_url=url, rate_limit_scale=scale, **APP)
    users = [NewUser(f"{prefix}{i}", "pw-12345") for i in range(n)]
    c.fetch_token()
    t0 = time.perf_counter()
    report = c.register_users(users)
    secs = time.perf_counter() - t0
    return {"users": n, "seconds": secs, "per_s": n / secs, "errors": len(report.failed)}


def status(url, n):
    c = Client(base_url=url, **APP)
    names = [f"name{i}" for i in range(n)]
    c.fetch_token()
    t0 = time.perf_counter()
    errors = 0
    try:
        got = c.users_status(names)
        errors = n - len(got)
    except Exception:  # noqa: BLE001 - counted, not raised
        errors = n
    secs = time.perf_counter() - t0
    return {"names": n, "seconds": secs, "per_s": n / secs, "errors": errors}


async def singles(url, n):
    c = AsyncClient(base_url=url, **APP)
    await c.fetch_token()
    t0 = time.perf_counter()
    results = await asyncio.gather(*(c.get_user("bench0") for _ in range(n)), return_exceptions=True)
    secs = time.perf_counter() - t0
    errors = sum(1 for r in results if isinstance(r, BaseException))
    return {"calls": n, "seconds": secs, "per_s": n / secs, "errors": errors}


def stream(url, n, prefix):
    # Pacing on, its limits scaled x100 (1,000,000 users in seconds rather than
    # the documented budget's ~3 minutes): the pacer's and the AIMD state's
    # memory is measured with the rest.
    c = Client(base_url=url, rate_limit_scale=100, **APP)
    c.fetch_token()

    def users():
        for i in range(n):
            yield NewUser(f"{prefix}{i}", "pw-12345")

    before = rss_mib()
    peak = before
    created = failed = 0
    t0 = time.perf_counter()
    for batch in c.register_users_iter(users(), total=n):
        created += len(batch.created)
        failed += len(batch.failed)
        peak = max(peak, rss_mib())
    secs = time.perf_counter() - t0
    return {"users": n, "created": created, "errors": failed, "seconds": secs, "rss_growth_mib": peak - before,
            "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main():
    mode, url = sys.argv[1], sys.argv[2]
    if mode == "import":
        scale = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
        out = import_users(url, int(sys.argv[3]), sys.argv[4], scale)
    elif mode == "status":
        out = status(url, int(sys.argv[3]))
    elif mode == "singles":
        out = asyncio.run(singles(url, int(sys.argv[3])))
    elif mode == "stream":
        out = stream(url, int(sys.argv[3]), sys.argv[4])
    else:
        raise SystemExit(__doc__)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
