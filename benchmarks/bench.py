"""Performance benchmarks: the model at 10k, 100k and 1M miners, full eastern DRC for 520 weeks, the plain-Mesa
reference side by side, and the start-up of a sweep worker.

    python benchmarks/bench.py            # full suite (several minutes on 2 cores), table on stdout
    python benchmarks/bench.py --quick    # under a minute: fewer weeks and repeats
    python benchmarks/bench.py --json     # one JSON line per case instead of the table
    python benchmarks/bench.py --plot docs/img/scaling.png   # also draw the scaling curve
    python benchmarks/bench.py --from-json results.jsonl      # table (and --plot) from saved --json lines

Every case runs in a fresh process (so peak RSS is that case's own) on one core, `--repeats` times; the table
shows medians. Columns: miners (status mining at the start), weeks, wall seconds (model set-up plus all its
weeks; imports excluded), miner-steps per second and ns per miner-step (from the median week, robust to other
load on the machine; the JSON also has the mean), peak RSS in MB, `mesa_reference_ratio` (median seconds per
week of the plain-Mesa reference in benchmarks/reference_mesa.py over the numba path's: same work, same
process, same weeks) and `roofline_fraction` (one streaming pass over all per-person arrays, every byte read
and written, over the median model step at the same size).
The 10k/100k/1M cases are the eastern_drc world with `world.population_scale` 0.025/0.27/2.7: the same 2,428
sites and 100 groups, more people. Worker cases: process start to first step done (eastern_drc, Hydra
composition included), numba cache cold (empty NUMBA_CACHE_DIR) and warm. No timing is ever asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# case: (world, population_scale, weeks full, weeks quick, reference weeks full, quick (0: none))
CASES: dict[str, tuple[str, float, int, int, int, int]] = {
    "synthetic_10k": ("eastern_drc", 0.025, 260, 52, 12, 4),
    "synthetic_100k": ("eastern_drc", 0.27, 104, 26, 12, 4),
    "synthetic_1m": ("eastern_drc", 2.7, 52, 8, 0, 0),
    "eastern_drc": ("eastern_drc", 1.0, 520, 52, 6, 0),
}
WORKERS = ("worker_warm", "worker_cold")
COLUMNS = [("case", "{}"), ("miners", "{:,}"), ("weeks", "{}"), ("wall_s", "{:.2f}"),
           ("miner_steps_per_s", "{:.3g}"), ("ns_per_miner_step", "{:.1f}"), ("peak_rss_mb", "{:.0f}"),
           ("mesa_reference_ratio", "{:.0f}"), ("roofline_fraction", "{:.3f}")]


def bench_config(world: str, scale: float, steps: int, seed: int = 1, extra: tuple[str, ...] = ()):
    """A validated Config (`sim.run.api.make_config`) at `world.population_scale` = `scale`; `extra`: more dotted
    overrides, key=value."""
    from sim.config import ConfigError
    from sim.run.api import make_config

    pairs = [o.partition("=") for o in extra]
    if bad := [o for o, (_, eq, _) in zip(extra, pairs, strict=True) if not eq]:
        raise ConfigError(f"overrides {bad}: write key=value")
    return make_config(world, steps=steps, seed=seed, **{"world.population_scale": scale},
                       **{k: v for k, _, v in pairs})


def stream_seconds(people: Any, repeats: int = 7) -> float:
    """Seconds for one streaming pass over every per-person array, each byte read and written back (best of
    `repeats`): the memory-bandwidth floor of anything that touches every person once."""
    import numpy as np

    views = [getattr(people, f).view(np.uint8) for f in people.FIELDS] + [people.order.view(np.uint8)]
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for v in views:
            np.bitwise_or(v, 0, out=v)
        best = min(best, time.perf_counter() - t0)
    return best


def run_model_case(name: str, quick: bool) -> dict[str, Any]:
    """One model case in this process: set-up, weeks (each timed), peak RSS, roofline, then the reference."""
    import numpy as np

    from sim.codes import MINING
    from sim.model import ConflictMineralsModel

    world, scale, weeks, weeks_q, ref_weeks, ref_weeks_q = CASES[name]
    weeks = weeks_q if quick else weeks
    ref_weeks = ref_weeks_q if quick else ref_weeks
    cfg = bench_config(world, scale, weeks)
    t0 = time.perf_counter()
    model = ConflictMineralsModel(cfg)
    t_init = time.perf_counter() - t0
    miners = int(np.count_nonzero(model.people.status == MINING))
    step_s = []
    for _ in range(weeks):
        t = time.perf_counter()
        model.step()
        step_s.append(time.perf_counter() - t)
    run_s = sum(step_s)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median_step = statistics.median(step_s)
    out = {"case": name, "world": world, "population_scale": scale, "miners": miners, "people": model.people.n,
           "sites": model.world.n_sites, "weeks": weeks, "init_s": t_init, "run_s": run_s, "wall_s": t_init + run_s,
           "median_step_ms": 1e3 * median_step, "mean_step_ms": 1e3 * run_s / weeks,
           "miner_steps_per_s": miners / median_step, "ns_per_miner_step": 1e9 * median_step / miners,
           "peak_rss_mb": rss_mb,
           "people_bytes_per_miner": model.people.nbytes() / miners,
           "stream_ms": 1e3 * stream_seconds(model.people)}
    out["roofline_fraction"] = out["stream_ms"] / out["median_step_ms"]
    del model
    if ref_weeks:
        from benchmarks.reference_mesa import side_by_side

        r = side_by_side(bench_config(world, scale, weeks), weeks=ref_weeks)
        out["mesa_reference_ratio"] = r["ratio"]
        out["reference"] = {k: v for k, v in r.items() if k != "mismatches"}
        out["reference_same_results"] = not r["mismatches"]
    return out


WORKER_CODE = """
import time, sys
t_start = float(sys.argv[1])
sys.path.insert(0, sys.argv[2])
from hydra import compose, initialize_config_dir
from sim.run import CONFIG_DIR
from sim.config.schema import register_configs, to_config
register_configs()
from sim.model import ConflictMineralsModel
with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
    cfg = compose(config_name="config", overrides=["steps=520", "seed=1"])
model = ConflictMineralsModel(to_config(cfg))
model.step()
print(time.time() - t_start, flush=True)
"""


def run_worker_case(name: str, cache_dir: str) -> dict[str, Any]:
    """Seconds from process start to first step done (`wall_s`) in a fresh interpreter with
    NUMBA_CACHE_DIR=`cache_dir`; `process_s` also counts the interpreter's exit."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir, "PYTHONHASHSEED": "0"}
    t0 = time.time()
    p = subprocess.run([sys.executable, "-c", WORKER_CODE, repr(t0), str(ROOT)], env=env, capture_output=True,
                       text=True, check=True, preexec_fn=one_core)
    return {"case": name, "weeks": 1, "wall_s": float(p.stdout.split()[-1]), "process_s": time.time() - t0}


def run_case_process(name: str, quick: bool) -> dict[str, Any]:
    """Run one model case in a fresh process pinned to one core; its JSON result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name] + (["--quick"] if quick else [])
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
                       preexec_fn=one_core)
    if p.returncode != 0:
        raise RuntimeError(f"case {name} failed:\n{p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def one_core() -> None:
    """Pin the calling process to one core (Linux; elsewhere a no-op)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def median_result(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of the numeric fields over repeated runs of one case (other fields from the first run)."""
    out = dict(runs[0])
    for k, v in runs[0].items():
        if isinstance(v, int | float) and not isinstance(v, bool):
            out[k] = statistics.median(r[k] for r in runs)
    out["repeats"] = len(runs)
    if "mesa_reference_ratio" in out:   # the spread of this noisy ratio, one figure per repeat
        out["mesa_reference_ratio_runs"] = [round(r["mesa_reference_ratio"], 1) for r in runs]
    return out


def run_suite(cases: list[str], quick: bool, repeats: int) -> list[dict[str, Any]]:
    results = []
    for name in cases:
        if name in CASES:
            runs = [run_case_process(name, quick) for _ in range(repeats)]
        else:
            runs = []
            for _ in range(repeats):
                with tempfile.TemporaryDirectory(prefix="numba_cache_") as d:
                    if name == "worker_warm":
                        run_worker_case(name, d)   # fills the cache
                    runs.append(run_worker_case(name, d))
        results.append(median_result(runs))
    return results


def summary_lines(results: list[dict[str, Any]]) -> list[str]:
    """Derived figures: memory per miner and the spread of time per miner-step over the synthetic cases."""
    by = {r["case"]: r for r in results}
    lines = []
    syn = [by[c] for c in ("synthetic_10k", "synthetic_100k", "synthetic_1m") if c in by]
    if len(syn) >= 2:
        a, b = syn[0], syn[-1]
        per_miner = (b["peak_rss_mb"] - a["peak_rss_mb"]) * 2**20 / (b["miners"] - a["miners"])
        lines.append(f"memory per miner: {per_miner:.0f} bytes (peak RSS, {a['case']} to {b['case']}); "
                     f"people arrays {b['people_bytes_per_miner']:.0f} bytes per miner")
        ns = [r["ns_per_miner_step"] for r in syn]
        mid = statistics.median(ns)
        lines.append("time per miner-step: " + ", ".join(f"{r['case']} {r['ns_per_miner_step']:.1f} ns" for r in syn)
                     + f" (spread {100 * (min(ns) / mid - 1):+.0f}% / {100 * (max(ns) / mid - 1):+.0f}% "
                       "around the median)")
        steps = [(r["miners"], r["median_step_ms"]) for r in syn]
        (n0, t0), (n1, t1) = steps[0], steps[-1]
        slope = (t1 - t0) / (n1 - n0) * 1e6
        lines.append(f"step time = {t0 - slope * n0 / 1e6:.2f} ms per week + {slope:.1f} ns per miner "
                     f"(line through {syn[0]['case']} and {syn[-1]['case']})")
        marginal = [(f"{a['case']} -> {b['case']}", marginal_ns(a, b)) for a, b in zip(syn, syn[1:], strict=False)]
        if len(marginal) >= 2:
            mm = [v for _, v in marginal]
            mid = statistics.median(mm)
            lines.append("marginal time per added miner-step: " + ", ".join(f"{k} {v:.1f} ns" for k, v in marginal)
                         + f" (spread {100 * (min(mm) / mid - 1):+.0f}% / {100 * (max(mm) / mid - 1):+.0f}% "
                           "around the median)")
    for r in results:
        if "reference" in r:
            ref = r["reference"]
            lines.append(f"reference {r['case']}: median week numba {1e3 * ref['numba_median_s_week']:.2f} ms, plain "
                         f"Mesa {1e3 * ref['reference_median_s_week']:.1f} ms; means: numba {1e3 * ref['numba_s_week']:.2f}"
                         f" (sites+market {1e3 * ref['numba_sites_market_s_week']:.2f}, revisers "
                         f"{1e3 * ref['numba_agents_s_week']:.2f}), plain Mesa {1e3 * ref['reference_s_week']:.1f} "
                         f"(tally {1e3 * ref['reference_tally_s_week']:.1f}, "
                         f"sites+market {1e3 * ref['reference_sites_market_s_week']:.1f}, revisers "
                         f"{1e3 * ref['reference_agents_s_week']:.1f}) over {ref['weeks']} weeks; same results: "
                         f"{r['reference_same_results']}")
    return lines


def marginal_ns(a: dict[str, Any], b: dict[str, Any]) -> float:
    """ns per miner-step that the miners added from case `a` to case `b` cost (median weeks): the slope of
    step time against miners, which a fixed cost per week does not enter."""
    return 1e6 * (b["median_step_ms"] - a["median_step_ms"]) / (b["miners"] - a["miners"])


def format_table(results: list[dict[str, Any]]) -> str:
    """The results as a fixed-width text table (missing figures as '-')."""
    rows = [[name for name, _ in COLUMNS]]
    for r in results:
        rows.append([fmt.format(r[k]) if r.get(k) is not None else "-" for k, fmt in COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
                     for row in rows)


def plot_scaling(results: list[dict[str, Any]], path: Path) -> None:
    """Time per miner-step (ns) against miners for the synthetic cases, with the fixed-plus-linear fit."""
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    syn = sorted((r for r in results if r["case"].startswith("synthetic_")), key=lambda r: r["miners"])
    n = np.array([r["miners"] for r in syn], dtype=float)
    ns = np.array([r["ns_per_miner_step"] for r in syn])
    step_ms = np.array([r["median_step_ms"] for r in syn])
    slope = (step_ms[-1] - step_ms[0]) / (n[-1] - n[0])            # ms per miner
    fixed = step_ms[0] - slope * n[0]                              # ms per week
    grid = np.geomspace(n[0], n[-1], 50)
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.plot(n, ns, "o-", label="measured (whole model step, per miner)")
    ax.plot(grid, 1e6 * (fixed + slope * grid) / grid, "--", color="grey",
            label=f"{fixed:.2f} ms/week fixed + {1e6 * slope:.1f} ns per miner")
    ax.axhline(1e6 * slope, color="grey", lw=0.8, ls=":", label="marginal cost per miner-step")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("miners (eastern_drc sites, people scaled)")
    ax.set_ylabel("time per miner-step (ns)")
    ax.set_title("Scaling: time per miner-step, 10k to 1M miners (one core)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def machine() -> str:
    """CPU model, logical cores and Python/numba/mesa versions, one line."""
    import mesa
    import numba
    import numpy

    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} logical cores; Python {sys.version.split()[0]}, numpy {numpy.__version__}, "
            f"numba {numba.__version__}, mesa {mesa.__version__}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer weeks and one repeat (under a minute)")
    ap.add_argument("--json", action="store_true", help="one JSON line per case instead of the table")
    ap.add_argument("--repeats", type=int, default=None, help="runs per case, medians reported (default 3; 1 quick)")
    ap.add_argument("--cases", default=",".join([*CASES, *WORKERS]), help="comma-separated case names")
    ap.add_argument("--plot", type=Path, default=None, help="draw the scaling curve into this PNG")
    ap.add_argument("--from-json", type=Path, default=None,
                    help="print the table (and --plot) from a file of --json lines instead of running")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(run_model_case(a.child, a.quick)))
        return
    cases = [c for c in a.cases.split(",") if c]
    unknown = [c for c in cases if c not in CASES and c not in WORKERS]
    if unknown:
        ap.error(f"unknown case(s) {unknown}; known: {', '.join([*CASES, *WORKERS])}")
    repeats = a.repeats or (1 if a.quick else 3)
    if a.from_json:
        results = [json.loads(line) for line in a.from_json.read_text().splitlines() if line.strip()]
    else:
        results = run_suite(cases, a.quick, repeats)
    if a.json:
        for r in results:
            print(json.dumps(r))
    else:
        print(f"machine: {machine()}")
        print(format_table(results))
        for line in summary_lines(results):
            print(line)
    if a.plot:
        plot_scaling(results, a.plot)


if __name__ == "__main__":
    main()
