"""Where a week goes: median milliseconds per mechanism of `ConflictMineralsModel.step`, one line each.

    python benchmarks/phases.py                          # eastern_drc, full scale
    python benchmarks/phases.py --scale 0.025            # the 10k-miner case of bench.py
    python benchmarks/phases.py --world small --weeks 500
    python benchmarks/phases.py policies.ddr.enabled=true policies.dmz.enabled=true   # any config overrides

Each mechanism the step calls is wrapped in a timer (the model's code is not changed; the wrappers add
well under a microsecond a call), the model runs `--warmup` weeks, then `--weeks` timed weeks; the table
shows each mechanism's median ms per week, its share of the median week, and what the step spends outside
the listed mechanisms (`other`: the step's own lines, events, the week counter). One process, one core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import types
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _timed(fn: Callable, name: str, acc: dict[str, float]) -> Callable:
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[name] += time.perf_counter() - t0
    return wrapper


def measure(world: str, scale: float, weeks: int, warmup: int, seed: int = 1,
            overrides: tuple[str, ...] = ()) -> dict[str, list[float]]:
    """Seconds per week for each mechanism (lists over the timed weeks), plus `week` (the whole step)."""
    import sim.miners
    import sim.model
    from benchmarks.bench import bench_config

    model = sim.model.ConflictMineralsModel(bench_config(world, scale, warmup + weeks, seed, overrides))
    acc: dict[str, float] = defaultdict(float)
    # mechanisms the step calls through a module, a class, or an object of the model
    patches = [(sim.miners, "produce", "produce"), (sim.miners, "update_incomes", "incomes"),
               (sim.miners, "choose", "choose (revisers)"), (sim.model, "collect_taxes", "taxes"),
               (sim.model, "settle_fighters", "settle fighters"), (sim.model, "groups_act", "armed groups"),
               (sim.model, "units_act", "state units"), (model, "apply_shock", "shock"),
               (model.policies, "step", "policies"), (model.policies, "after_market", "policies"),
               (model.market, "clear", "market"), (model, "draw_actor_randomness", "actor draws"),
               (model.conflict, "civilian_abuse", "civilian abuse"),
               (model.conflict, "remember_violence", "remember violence"), (model, "record", "metrics, snapshots")]
    originals = [(obj, attr, getattr(obj, attr)) for obj, attr, _ in patches]
    try:
        for obj, attr, name in patches:
            setattr(obj, attr, _timed(getattr(obj, attr), name, acc))
        for _ in range(warmup):
            model.step()
        per_week: dict[str, list[float]] = defaultdict(list)
        names = list(dict.fromkeys(name for _, _, name in patches))
        for _ in range(weeks):
            acc.clear()
            t0 = time.perf_counter()
            model.step()
            total = time.perf_counter() - t0
            for n in names:
                per_week[n].append(acc[n])
            per_week["other"].append(total - sum(acc[n] for n in names))
            per_week["week"].append(total)
    finally:   # undo: classes and modules get their function back, objects lose the shadowing attribute
        for obj, attr, fn in originals:
            if isinstance(obj, type | types.ModuleType):
                setattr(obj, attr, fn)
            else:
                delattr(obj, attr)
    per_week["miners"] = [float((model.people.status == 0).sum())]
    return per_week


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--world", default="eastern_drc")
    ap.add_argument("--scale", type=float, default=1.0, help="world.population_scale (people per person)")
    ap.add_argument("--weeks", type=int, default=200, help="timed weeks")
    ap.add_argument("--warmup", type=int, default=20, help="weeks run before timing (compilation, transients)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("overrides", nargs="*", help="configuration overrides, key=value (as for python -m sim)")
    a = ap.parse_args(argv)
    if a.weeks < 1 or a.warmup < 0:
        ap.error("--weeks must be >= 1 and --warmup >= 0")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from sim.config import ConfigError

    try:
        r = measure(a.world, a.scale, a.weeks, a.warmup, a.seed, tuple(a.overrides))
    except ConfigError as exc:
        sys.exit(f"Error: {exc}")
    miners = int(r.pop("miners")[0])
    week = statistics.median(r.pop("week"))
    print(f"{a.world}, population_scale {a.scale}{''.join(' ' + o for o in a.overrides)}: {miners:,} miners; median week {1e3 * week:.3f} ms "
          f"over {a.weeks} weeks (after {a.warmup})")
    rows = sorted(((statistics.median(v), k) for k, v in r.items()), reverse=True)
    width = max(len(k) for _, k in rows)
    for t, k in rows:
        print(f"  {k:<{width}}  {1e3 * t:7.3f} ms  {100 * t / week:5.1f}%")


if __name__ == "__main__":
    main()
