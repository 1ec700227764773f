"""Turns bench/fleet.sh's samples into the Markdown table of BENCHMARKS.md."""

import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print("| processes (half Python, half Node) | shared store | limiter | share of the 6,000 users/s ceiling "
      "| requests answered 429 | POST /users per batch | token grants | users not created |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    if "processes" not in r:
        continue
    store = "yes" if r["store"] else "no"
    if r.get("event") == "stale":
        store = "yes, after another fleet's run (the token it stored revoked since)"
    if r.get("event") == "revoked":
        store = "yes, tokens revoked 3 s in"
    if "after_restart_limited_share" in r:
        store = (f"yes, Redis killed 3 s in, restarted 3 s later "
                 f"(429s from 2 s after the restart: {r['after_restart_limited_share']:.1%})")
    print(f"| {r['processes']} | {store} | {r.get('model', 'lenient')} | {r['share']:.1%} | "
          f"{r['limited_share']:.1%} ({r['limited']:,} of {r['requests']:,}) | "
          f"{r['posts_per_batch']:.3f} | {r['token_grants']} | {r['failed']} |")
for r in rows:
    if "added_ms" in r:
        print()
        print(f"Cost of the store per call on loopback ({r['calls']:,} get_user calls each way, median): "
              f"{r['median_local_ms']:.3f} ms without, {r['median_shared_ms']:.3f} ms with: "
              f"+{r['added_ms']:.3f} ms (target < 1 ms).")
