"""The Python side of `make bench` (bench/run.sh): one measurement per run,
printed as JSON on the last line.

    python_bench.py latency-sync URL N          Client.get_user, sequential
    python_bench.py latency-sync-events URL N   the same with on_event (counting the events)
    python_bench.py latency-async URL N         AsyncClient.get_user, sequential
    python_bench.py throughput-async URL CONC S AsyncClient, CONC in flight
    python_bench.py throughput-httpx URL CONC S the same calls hand-written on httpx.AsyncClient
    python_bench.py import URL N PREFIX         Client.register_users
    python_bench.py import-httpx URL N PREFIX   the same import hand-written on httpx (batches of 60, 4 in flight)
"""

import asyncio
import json
import statistics
import sys
import time

APP = "demo-org/demo-app"
ID, SECRET = "YXA6emulator-client-id", "YXA6emulator-client-secret"


def client(url, **kw):
    import chat_platform
    return chat_platform.Client(base_url=url, app_key="demo-org#demo-app", client_id=ID, client_secret=SECRET,
                                  rate_limits=False, batch_concurrency=4, **kw)


def async_client(url):
    import chat_platform
    return chat_platform.AsyncClient(base_url=url, app_key="demo-org#demo-app", client_id=ID, client_secret=SECRET,
                                  rate_limits=False, batch_concurrency=4)

# Every latency client warms up for the same time before it is measured.
WARM_UP_S = 5.0


def latency_sync(url, n, **kw):
    c = client(url, **kw)
    end = time.perf_counter() + WARM_UP_S
    while time.perf_counter() < end:
        c.get_user("bench500")
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        c.get_user("bench500")
        samples.append((time.perf_counter() - t) * 1e6)
    return {"median_us": statistics.median(samples)}


async def latency_async(url, n):
    c = async_client(url)
    end = time.perf_counter() + WARM_UP_S
    while time.perf_counter() < end:
        await c.get_user("bench500")
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        await c.get_user("bench500")
        samples.append((time.perf_counter() - t) * 1e6)
    return {"median_us": statistics.median(samples)}


async def run_for(conc, seconds, call):
    done = 0
    stop = False

    async def worker():
        nonlocal done
        while not stop:
            await call()
            done += 1

    tasks = [asyncio.create_task(worker()) for _ in range(conc)]
    await asyncio.sleep(0.5)
    start, t = done, time.perf_counter()
    await asyncio.sleep(seconds)
    calls, elapsed = done - start, time.perf_counter() - t
    stop = True
    await asyncio.gather(*tasks)
    return {"calls_per_s": calls / elapsed}


async def throughput_async(url, conc, seconds):
    c = async_client(url)
    await c.fetch_token()
    return await run_for(conc, seconds, lambda: c.get_user("bench500"))


async def httpx_token(http, url):
    r = await http.post(f"{url}/{APP}/token", json={"grant_type": "client_credentials", "client_id": ID, "client_secret": SECRET})
    r.raise_for_status()
    return r.json()["access_token"]


async def throughput_httpx(url, conc, seconds):
    import httpx
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        token = await httpx_token(http, url)
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

        async def call():
            r = await http.get(f"{url}/{APP}/users/bench500", headers=headers)
            r.raise_for_status()
            return r.json()["entities"][0]

        return await run_for(conc, seconds, call)


def do_import(url, n, prefix):
    import chat_platform
    c = client(url)
    c.fetch_token()
    users = [chat_platform.NewUser(f"{prefix}{i}", "pw-import") for i in range(n)]
    t = time.perf_counter()
    report = c.register_users(users)
    elapsed = time.perf_counter() - t
    assert len(report.created) == n, report.failed[:1]
    return {"users_per_s": n / elapsed}


async def import_httpx(url, n, prefix):
    import httpx
    async with httpx.AsyncClient(timeout=60) as http:
        token = await httpx_token(http, url)
        headers = {"Authorization": f"Bearer {token}"}
        users = [{"username": f"{prefix}{i}", "password": "pw-import"} for i in range(n)]
        sem = asyncio.Semaphore(4)
        created = 0

        async def batch(chunk):
            nonlocal created
            async with sem:
                r = await http.post(f"{url}/{APP}/users", json=chunk, headers=headers)
                r.raise_for_status()
                created += len(r.json()["entities"])

        t = time.perf_counter()
        await asyncio.gather(*(batch(users[i:i + 60]) for i in range(0, n, 60)))
        elapsed = time.perf_counter() - t
        assert created == n
        return {"users_per_s": n / elapsed}


def main():
    mode, url = sys.argv[1], sys.argv[2]
    a = sys.argv[3:]
    if mode == "latency-sync":
        out = latency_sync(url, int(a[0]))
    elif mode == "latency-sync-events":
        seen = []
        out = latency_sync(url, int(a[0]), on_event=seen.append)
    elif mode == "latency-async":
        out = asyncio.run(latency_async(url, int(a[0])))
    elif mode == "throughput-async":
        out = asyncio.run(throughput_async(url, int(a[0]), float(a[1])))
    elif mode == "throughput-httpx":
        out = asyncio.run(throughput_httpx(url, int(a[0]), float(a[1])))
    elif mode == "import":
        out = do_import(url, int(a[0]), a[1])
    elif mode == "import-httpx":
        out = asyncio.run(import_httpx(url, int(a[0]), a[1]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
