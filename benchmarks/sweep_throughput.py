"""Sweep throughput: how much of the workers' time goes to the model (issue 16, item 8).

Runs the same sweep under each launcher, side by side in one session, and prints
`sum(runtime_s) / (wall x n_jobs)`: the share of the workers' time spent running models (runtime_s is each
run's model time from its summary.json; wall is the whole command, start-up included).

    python benchmarks/sweep_throughput.py                       # small world, 48 two-year runs (an ensemble)
    python benchmarks/sweep_throughput.py --eastern --runs 8    # eastern_drc, five-year runs
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sweep_args(eastern: bool, runs: int) -> list[str]:
    if eastern:
        return ["world=eastern_drc", "steps=260", f"seed=range({runs})"]
    points = max(1, runs // 6)      # 6 policy mixes per design point
    return ["+experiment=policy_robustness", f"ensemble.samples={points}", "world=small", "steps=104", "seed=range(1)"]


def measure(launcher: str, args: list[str], jobs: int) -> dict:
    out = Path(tempfile.mkdtemp(prefix="throughput_"))
    cmd = [sys.executable, "-m", "sim", "-m", *args, f"hydra/launcher={launcher}", f"hydra.launcher.n_jobs={jobs}",
           f"hydra.sweep.dir={out}"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    wall = time.perf_counter() - t0
    if r.returncode:
        sys.exit(f"{launcher}: failed\n{r.stderr[-2000:]}")
    runtimes = [json.loads(p.read_text())["runtime_s"] for p in out.glob("*/summary.json")]
    shutil.rmtree(out)
    return {"launcher": launcher, "runs": len(runtimes), "wall_s": wall, "model_s": sum(runtimes),
            "ratio": sum(runtimes) / (wall * jobs), "load": os.getloadavg()[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eastern", action="store_true", help="eastern_drc five-year runs (default: small two-year)")
    ap.add_argument("--runs", type=int, default=48)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--launchers", default="warm,joblib")
    a = ap.parse_args()
    args = sweep_args(a.eastern, a.runs)
    print(f"sweep: {' '.join(args)}; {a.jobs} jobs; load average {os.getloadavg()[0]:.1f}")
    for _ in range(a.repeats):
        for launcher in a.launchers.split(","):
            m = measure(launcher, args, a.jobs)
            print(f"{m['launcher']:>7}: {m['runs']} runs, wall {m['wall_s']:6.1f} s, model time {m['model_s']:6.1f} s, "
                  f"sum(runtime)/(wall x jobs) = {m['ratio']:.2f}  (load {m['load']:.1f})", flush=True)


if __name__ == "__main__":
    main()
