"""Prints bench/budget.sh's results as Markdown: each figure as a share of the
ceiling measured in the same run, the server's 429s as a share of the requests,
the errors callers saw, and whether each target is met."""

import json
import sys

TARGET_SHARE = 0.90
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by = {r["key"]: r for r in rows}

print("| figure | rate | ceiling | share | server 429s | errors | target | |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    key = r["key"]
    if key == "stream-rss":
        continue
    share = r["per_s"] / r["ceiling"]
    target = 0.85 if key.startswith("four") else TARGET_SHARE
    s429 = r["server_429"] / r["requests"] if r["requests"] else 0.0
    ok = share >= target and r["errors"] == 0 and (key.startswith("four") or s429 <= 0.02)
    extra = f" (per process: {r['per_process']})" if "per_process" in r else ""
    print(f"| `{key}`{extra} | {r['per_s']:,.0f}/s | {r['ceiling']:,.0f}/s | {share:.1%} | "
          f"{r['server_429']} of {r['requests']} ({s429:.2%}) | {r['errors']} | ≥ {target:.0%}, 0 errors | "
          f"{'met' if ok else 'MISSED'} |")
if "stream-rss" in by:
    r = by["stream-rss"]
    ok = r["rss_growth_mib"] < 50 and r["created"] == r["users"]
    print(f"\nStreamed import of {r['users']:,} users (a generator through `register_users_iter`, pacing on with its limits scaled x100): "
          f"{r['created']:,} created, {r['errors']} errors, RSS growth {r['rss_growth_mib']:.1f} MiB "
          f"(target < 50 MiB: {'met' if ok else 'MISSED'}), {r['seconds']:.0f} s.")
