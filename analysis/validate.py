"""Validation of the baseline against the IPIS cross-section: `python -m analysis.validate [--seeds 20]`.

Runs the `eastern_drc` baseline over several seeds twice: from the IPIS cross-section (the default start,
`world.initial_control=ipis`) and from an empty start (`world.initial_control=empty`: nobody holds a site at
week 0). Each run is observed over its last simulated year. For every row (site sizes, mineral mix, armed and
non-state presence overall, by mineral and by province, forms of interference, incomes, smuggling, armed
groups, roadblocks) the report gives the IPIS figure (computed from the project's derived site table, or
FACTS.md where the table has no such field), the range it is checked against, and the model's median and
10-90% range across seeds. The site-level check (per-site probability of armed presence against what IPIS saw
at the latest visit: AUC and a calibration curve, per province) uses the empty start, since the default start
copies IPIS's controllers into the model. Writes docs/validation.md, its rows as docs/validation.csv, and
docs/img/validation-*.png.

`--set KEY=VALUE` (repeatable) validates another parameter set, e.g. a candidate calibration:
`python -m analysis.validate --set market.transport_usd_kg_km=0.005 --docs sweeps/validation-candidate`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config import ConfigError
from sim.run.api import make_config, world_of
from sim.run.provenance import code_version, same_code

from .common import ROOT, fmt, parse_sets, run_pool
from .observe import observe, site_groups
from .validation_rows import STARTS, comparison_table, ipis_figures, site_level, validation_rows, wave_ranges


def observe_job(job: tuple[str, int, int, str, dict[str, str]]) -> dict[str, Any]:
    """Pool job: (world, seed, steps, initial_control, overrides) -> observe()."""
    world, seed, steps, start, overrides = job
    cfg = make_config(world, seed=seed, steps=steps, **overrides, **{"world.initial_control": start})
    return observe(cfg, world_of(cfg))


def main(argv: list[str] | None = None) -> int:
    from .validation_report import figures, to_markdown

    ap = argparse.ArgumentParser(prog="python -m analysis.validate", description=__doc__.splitlines()[0])
    ap.add_argument("--world", default="eastern_drc")
    ap.add_argument("--seeds", type=int, default=20, help="seeds per start (>= 10 for the report)")
    ap.add_argument("--steps", type=int, default=260, help="weeks per run")
    ap.add_argument("--workers", type=int, default=2, help="processes")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs", help="folder for validation.md (figures in img/)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="parameter override for every run (repeatable), e.g. market.transport_usd_kg_km=0.005")
    a = ap.parse_args(argv)
    try:   # bad input: one line, before any run starts
        if a.seeds < 1 or a.workers < 1:
            raise ConfigError(f"--seeds {a.seeds}, --workers {a.workers}: each must be at least 1")
        overrides = parse_sets(a.set)
        cfg = make_config(a.world, steps=a.steps, **overrides)
    except ConfigError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    t0, code = time.perf_counter(), code_version()
    jobs = [(a.world, seed, a.steps, st, overrides) for st in STARTS for seed in range(a.seeds)]
    runs = run_pool(observe_job, jobs, a.workers, f"validation runs ({a.world})")
    code = same_code(code)
    world = world_of(cfg)
    groups = site_groups(world, cfg)
    ipis, n = ipis_figures(world, groups)
    table = comparison_table(validation_rows(ipis, n, wave_ranges(world), world.province_names), runs)
    sites_auc, p = site_level(world, runs, groups)
    figures(world, table, ipis, runs, p, sites_auc, a.steps // 52, a.docs / "img")
    takings = pd.Series([r["row"]["takings_tax_share"] for r in runs if r["start"] == "ipis"]).median()
    info = {"seeds": a.seeds, "steps": a.steps, "workers": a.workers, "wall_s": time.perf_counter() - t0,
            "run_s": float(np.median([r["runtime_s"] for r in runs])), "takings": fmt(takings, "pct"), "code": code,
            "overrides": overrides}
    y = world.ipis_sites["ipis_armed"].to_numpy(bool)
    (a.docs / "validation.md").write_text(to_markdown(table, sites_auc, ipis, y, p, info))
    table.to_csv(a.docs / "validation.csv", index=False)   # the same rows for tools (analysis.validation_diff)
    show = table[["row", "ipis", "range", "ipis_median", "ipis_inside", "empty_median", "empty_inside"]]
    with pd.option_context("display.width", 200, "display.max_rows", 200, "display.max_colwidth", 60):
        print(show.to_string(index=False, float_format=lambda x: f"{x:.3g}"))
        print(sites_auc.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print(f"wrote {a.docs / 'validation.md'}, validation.csv and figures in {a.docs / 'img'} in {info['wall_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
