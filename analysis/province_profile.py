"""A province's mining economy and its armed groups at the end of a run, for calibration work:
`python -m analysis.province_profile PROVINCE [--seeds 3] [--years 5] [--set KEY=VALUE ...]`.

Over the run's last year (`sites.parquet`, every 4 weeks; active sites only): by mineral class (gold, 3T,
other), the active sites, their miners, and the shares of those sites with a non-state group and with any armed
actor; and the share of the sites not held a year before the end that a group took by the end, and of those held
that it left (both ends active: IPIS's revisits measure the same, `analysis.ipis_revisits --cells`). At the end of the run: the non-state groups whose home lies in the province, their fighters and their
revenue that week (USD/week). Median over seeds 1..N. Run it twice, with and without `--set`, to see whether a
candidate calibration loses a province's groups because they dissolve, move, or because the miners they tax
leave (docs/transport-calibration-study.md uses it for Nord-Kivu).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pandas as pd

from sim.config import ConfigError
from sim.run.api import make_config
from sim.world import build_world

from .common import fmt, parse_sets, run_pool
from .observe import NAN, site_groups, turnover

LABELS = {"gold": "gold", "3t": "3T", "other": "other"}   # the minerals' metric families (MineralConfig.group)


def profile_job(job: tuple[str, str, int, int, dict[str, str]]) -> dict[str, float]:
    """Pool job: (world, province, seed, years, overrides) -> the province's figures for one seed."""
    from sim.run.api import run
    from sim.run.outputs import output_tables

    world, province, seed, years, overrides = job
    model = run(make_config(world, seed=seed, steps=years * 52, **overrides))
    sites = output_tables(model)["sites"]
    last = sites[(sites["step"] >= sites["step"].max() - 52) & (sites["miners"] > 0)
                 & (sites["province"].astype(str) == province)]
    site_family = site_groups(model.world, model.cfg)   # by site_id
    family = site_family[last["site_id"].to_numpy()]
    out: dict[str, float] = {"seed": seed}
    for key, label in LABELS.items():
        s = last[family == key]
        snapshots = max(s["step"].nunique(), 1)
        out[f"{label}: active sites"] = len(s) / snapshots
        out[f"{label}: miners"] = s["miners"].sum() / snapshots
        out[f"{label}: non-state share of sites"] = s["nonstate_presence"].mean() if len(s) else NAN
        out[f"{label}: armed share of sites"] = s["armed_presence"].mean() if len(s) else NAN
    g, w = model.groups, model.world
    here = w.province_names.index(province)
    for key, label in LABELS.items():   # the last year's turnover, as the validation measures it (observe.turnover)
        sel = (w.site_province == here) & (site_family == key)
        t = turnover([{"step": s["step"], "miners": s["miners"][sel], "nonstate_presence": s["nonstate_presence"][sel]}
                      for s in model.records.site_snapshots])
        out[f"{label}: share taken within the year, of sites not held"] = t["turnover_onset"]
        out[f"{label}: share left within the year, of sites held"] = t["turnover_end"]
    home = [a.gid for a in model.armed_groups if g.alive[a.gid] and w.site_province[a.home_site] == here]
    out["groups at home here (end)"] = len(home)
    out["their fighters (end)"] = float(g.fighters[home].sum())
    out["their revenue, USD/week (end)"] = float(g.revenue[home].sum())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.province_profile", description=__doc__.splitlines()[0])
    ap.add_argument("province", help="as in sites.parquet, e.g. Nord-Kivu")
    ap.add_argument("--world", default="eastern_drc")
    ap.add_argument("--seeds", type=int, default=3, help="seeds 1..N")
    ap.add_argument("--years", type=int, default=5, help="simulated years per run")
    ap.add_argument("--workers", type=int, default=2, help="processes")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="parameter override (repeatable)")
    a = ap.parse_args(argv)
    try:   # bad input: one line, before any run starts
        if a.seeds < 1 or a.workers < 1 or a.years < 1:
            raise ConfigError(f"--seeds {a.seeds}, --years {a.years}, --workers {a.workers}: each must be at least 1")
        overrides = parse_sets(a.set)
        cfg = make_config(a.world, steps=a.years * 52, **overrides)
        provinces = build_world(cfg.world, cfg.minerals).province_names
        if a.province not in provinces:
            raise ConfigError(f"province {a.province!r}: not in world {a.world} (one of {', '.join(provinces)})")
    except ConfigError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    jobs: list[Any] = [(a.world, a.province, seed, a.years, overrides) for seed in range(1, a.seeds + 1)]
    rows = pd.DataFrame(run_pool(profile_job, jobs, a.workers, f"{a.province} ({a.world})")).set_index("seed")
    sets = ", ".join(f"{k}={v}" for k, v in overrides.items()) or "defaults"
    print(f"{a.province}, {a.world}, {a.years} years, seeds 1-{a.seeds} ({sets}); median over seeds (each seed):")
    print("\n| quantity | median | seeds |\n|---|---|---|")
    for q in rows.columns:
        kind = "pct" if "share" in q else "num"
        print(f"| {q} | {fmt(rows[q].median(), kind)} | {', '.join(fmt(v, kind) for v in rows[q])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
