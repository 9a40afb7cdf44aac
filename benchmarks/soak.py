"""Soak test: eastern_drc for 50 simulated years with every invariant checked each week (debug=true).

Prints resident memory every 5 simulated years and the growth since year 5, and the first invariant violation
if any. Everything in the model is preallocated except the compact site snapshots it keeps for sites.parquet
(~34 kB each on eastern_drc): a long run keeps one a year by default here (`--site-every 52`, 1.7 MB over 50
years); `--site-every 4` (the run default) keeps 22 MB of them, which the report separates out.
Usage: python benchmarks/soak.py [--years 50] [--world eastern_drc] [--seed 0] [--site-every 52]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.invariants import InvariantError  # noqa: E402
from sim.model import ConflictMineralsModel  # noqa: E402
from sim.run.api import cached_world, make_config  # noqa: E402


def rss_mb() -> float:
    """Current resident set size (MB), from /proc."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=50)
    ap.add_argument("--world", default="eastern_drc")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--site-every", type=int, default=52, help="weeks between site snapshots (output.site_every)")
    ap.add_argument("--json", action="store_true", help="print one JSON line at the end")
    a = ap.parse_args()
    weeks = a.years * 52
    cfg = make_config(a.world, steps=weeks, seed=a.seed, debug=True, **{"output.site_every": a.site_every})
    model = ConflictMineralsModel(cfg, world=cached_world(a.world))
    t0 = time.perf_counter()
    marks, violation = [], None
    print(f"{'year':>5} {'RSS MB':>8} {'snapshots MB':>13} {'fighters':>9} {'groups':>7} {'armed share':>12} {'s':>7}")
    try:
        for week in range(weeks):
            model.step()
            if (week + 1) % 260 == 0:
                row = model.metrics[week]
                snap = sum(sum(v.nbytes for v in s.values() if hasattr(v, "nbytes")) for s in model.records.site_snapshots) / 1e6
                from sim.metrics import METRIC_INDEX as ix
                marks.append({"year": (week + 1) // 52, "rss_mb": round(rss_mb(), 1), "snapshots_mb": round(snap, 1)})
                print(f"{(week + 1) // 52:>5} {marks[-1]['rss_mb']:>8.1f} {snap:>13.1f} {row[ix['fighters']]:>9.0f} "
                      f"{row[ix['armed_groups']]:>7.0f} {row[ix['sites_armed_share']]:>12.3f} "
                      f"{time.perf_counter() - t0:>7.1f}", flush=True)
    except InvariantError as exc:
        violation = str(exc)
    base = marks[0]["rss_mb"] if marks else float("nan")
    growth = (marks[-1]["rss_mb"] - base) / base if marks else float("nan")
    net = ((marks[-1]["rss_mb"] - marks[-1]["snapshots_mb"]) - (base - marks[0]["snapshots_mb"])) / base if marks else 0
    print(f"memory growth from year 5 to {marks[-1]['year'] if marks else 0}: {100 * growth:+.1f}% "
          f"({100 * net:+.1f}% without the site snapshots kept for output); invariant violations: "
          f"{violation or 'none'}; {time.perf_counter() - t0:.0f} s")
    if a.json:
        print(json.dumps({"marks": marks, "growth": growth, "growth_without_snapshots": net, "violation": violation}))
    return 1 if violation else 0


if __name__ == "__main__":
    sys.exit(main())
