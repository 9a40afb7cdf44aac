""""How sure are we?": the current levers and the baseline over a handful of seeds, in a background process.

Each seed runs the policy mix and its baseline (same seed: common random numbers) for `weeks` weeks in one
worker process (a spawned `ProcessPoolExecutor`, shared by the page's sessions), so the page's own process keeps
stepping its model. The result is the weekly armed revenue (USD/week) of every run, the share of seeds in
which the policy mix's mean over the comparison window is below the baseline's, and the bands (min-max over
seeds, median) drawn by `band_svg`.
"""

from __future__ import annotations

import html
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from workshop.charts import BASELINE_COLOUR, POLICY_COLOUR, Axes, nice_ceiling, trailing_mean
from workshop.i18n import t

N_SEEDS = 8
METRIC = "armed_revenue_usd"
_POOL: ProcessPoolExecutor | None = None


def pool() -> ProcessPoolExecutor:
    """The page's one worker process (spawned: no forked numba or server state), started on first use."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _POOL


def run_pair(world: str, seed: int, levers: dict, weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Weekly armed revenue (USD/week) of the policy mix and of the baseline with one seed, `weeks` weeks."""
    from sim.metrics import METRIC_INDEX
    from workshop.model import WorkshopModel

    out = []
    for lv in (levers, {}):
        m = WorkshopModel(world=world, seed=seed, weeks=weeks, **lv)
        for _ in range(weeks):
            m.step()
        out.append(m.metrics[:weeks, METRIC_INDEX[METRIC]].copy())
    return out[0], out[1]


@dataclass
class SeedJob:
    """The runs of one request: futures of `run_pair` for seeds seed0 .. seed0 + n - 1."""

    world: str
    levers: dict
    weeks: int
    start: int                      # first week a lever acts: the comparison window starts there
    futures: list[Future] = field(default_factory=list)

    @classmethod
    def submit(cls, world: str, seed0: int, levers: dict, weeks: int, start: int, n: int = N_SEEDS) -> SeedJob:
        job = cls(world, dict(levers), int(weeks), int(start))
        job.futures = [pool().submit(run_pair, world, seed0 + i, job.levers, job.weeks) for i in range(n)]
        return job

    def done(self) -> int:
        return sum(f.done() for f in self.futures)

    def results(self) -> tuple[np.ndarray, np.ndarray]:
        """(policy, baseline) arrays of shape (seeds, weeks); waits for the runs."""
        pairs = [f.result() for f in self.futures]
        return np.array([p for p, _ in pairs]), np.array([b for _, b in pairs])

    def window(self) -> tuple[int, int]:
        """Weeks compared: the last 52 weeks (or fewer) from the first lever's start to the end."""
        return max(self.start, self.weeks - 52), self.weeks - 1


def summary(policy: np.ndarray, baseline: np.ndarray, window: tuple[int, int]) -> tuple[int, int, float]:
    """(runs where the policy's mean over the window is below the baseline's, runs, median change as a share)."""
    a, b = window
    p, q = policy[:, a: b + 1].mean(axis=1), baseline[:, a: b + 1].mean(axis=1)
    change = np.where(q > 0, (p - q) / np.where(q > 0, q, 1.0), 0.0)
    return int((p < q).sum()), len(p), float(np.median(change))


def band_svg(policy: np.ndarray, baseline: np.ndarray, lang: str) -> str:
    """Bands (min-max over seeds) and medians of the weekly armed revenue (4-week means), policy over baseline."""
    sm = [np.array([trailing_mean(r) for r in runs]) for runs in (baseline, policy)]
    weeks = policy.shape[1]
    ax = Axes(weeks, nice_ceiling(max(float(s.max()) for s in sm) * 1.05), wd=300.0, ht=150.0)
    out = ax.frame(t(lang, METRIC), f'{t(lang, "u_usd_week")}, {t(lang, "mean_k", k=4)}', "short", lang)
    for runs, colour, cls in ((sm[0], BASELINE_COLOUR, "baseline"), (sm[1], POLICY_COLOUR, "policy")):
        lo, hi, med = runs.min(axis=0), runs.max(axis=0), np.median(runs, axis=0)
        x = ax.px(np.arange(weeks))
        pts = " ".join(f"{u:.1f},{v:.1f}" for u, v in zip(x, ax.py(hi), strict=True)) + " " + " ".join(
            f"{u:.1f},{v:.1f}" for u, v in zip(x[::-1], ax.py(lo)[::-1], strict=True))
        out.append(f'<polygon class="band-{cls}" points="{pts}" fill="{colour}" fill-opacity="0.22"/>')
        line = " ".join(f"{u:.1f},{v:.1f}" for u, v in zip(x, ax.py(med), strict=True))
        out.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.6"/>')
    out.append("</svg>")
    return "".join(out)


def result_html(job: SeedJob, lang: str) -> str:
    """The one line ("in 7 of 8 runs armed revenue fell") with its detail and the band chart."""
    policy, baseline = job.results()
    k, n, change = summary(policy, baseline, job.window())
    a, b = job.window()
    return (f'<div class="seeds-result" data-fell="{k}" data-runs="{n}" style="font-size:13px">'
            f'<b>{html.escape(t(lang, "seeds_fell", k=k, n=n))}</b><br><small>'
            f'{html.escape(t(lang, "seeds_detail", c=f"{100 * change:+.0f}%", a=a, b=b))}</small></div>'
            f'<div style="max-width:420px">{band_svg(policy, baseline, lang)}</div>')
