"""Prints bench/budget.sh's results as Markdown: each figure as a share of the
ceiling measured in the same run, the lenient and the strict limiter side by
side, with the server's 429s and the errors callers saw, and whether each
target is met: at least 90% of the ceiling under both models (85% for four
processes together), 0 errors, and for one process at most 0.5% of its
requests answered 429 and none in steady state (after the first 3 s, while
the pacer learns the round trip and its jitter)."""

import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
figures = {}
for r in rows:
    figures.setdefault(r["key"], {})[r.get("model", "lenient")] = r
models = [m for m in ("lenient", "strict") if any(m in f for f in figures.values())]

head = " | ".join(f"{m}: share | {m}: 429s" for m in models)
print(f"| figure | ceiling | {head} | errors | target | |")
print("|---|---|" + "---|---|" * len(models) + "---|---|---|")
for key, by_model in figures.items():
    if key in ("stream-rss", "cli-rss"):
        continue
    four = key.startswith("four")
    target = 0.85 if four else 0.90
    cells, ok, errors, extra = [], True, 0, []
    for m in models:
        r = by_model.get(m)
        if r is None:
            cells.append("- | -")
            continue
        share = r["per_s"] / r["ceiling"]
        s429 = r["server_429"] / r["requests"] if r["requests"] else 0.0
        steady = r.get("server_429_steady")
        after = "" if steady is None else f", {steady} after 3 s"
        cells.append(f"{share:.1%} | {r['server_429']} of {r['requests']} ({s429:.2%}{after})")
        errors += r["errors"]
        calm = four or (s429 <= 0.005 and not steady)
        ok = ok and share >= target and r["errors"] == 0 and calm
        if "per_process" in r:
            extra.append(f"{m} per process: {r['per_process']}")
    ceiling = next(iter(by_model.values()))["ceiling"]
    label = f"`{key}`" + (f" ({'; '.join(extra)})" if extra else "")
    print(f"| {label} | {ceiling:,.0f}/s | {' | '.join(cells)} | {errors} | "
          f"≥ {target:.0%}, 0 errors{'' if four else ', 0 429s after 3 s'} | {'met' if ok else 'MISSED'} |")
if "stream-rss" in figures:
    r = next(iter(figures["stream-rss"].values()))
    ok = r["rss_growth_mib"] < 50 and r["created"] == r["users"]
    print(f"\nStreamed import of {r['users']:,} users (a generator through `register_users_iter`, "
          f"pacing on with its limits scaled x100): {r['created']:,} created, {r['errors']} errors, "
          f"RSS growth {r['rss_growth_mib']:.1f} MiB (target < 50 MiB: {'met' if ok else 'MISSED'}), "
          f"{r['seconds']:.0f} s.")
if "cli-rss" in figures:
    r = next(iter(figures["cli-rss"].values()))
    ok = r["rss_mib"] < 50 and r["errors"] == 0
    print(f"\n`chat-platform import` of a {r['users']:,}-row CSV file (pacing on, limits scaled x100): "
          f"{r['users'] - r['errors']:,} done, {r['errors']} failed, peak RSS {r['rss_mib']:.1f} MiB "
          f"(target < 50 MiB: {'met' if ok else 'MISSED'}), {r['seconds']:.0f} s.")
