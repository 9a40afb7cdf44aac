"""The benchmark tools: bench.py's derived figures from case results, phases.py's per-mechanism timing."""

from __future__ import annotations

import pytest

import sim.miners
import sim.model
from benchmarks import bench, phases


def _case(name: str, miners: int, step_ms: float) -> dict:
    return {"case": name, "miners": miners, "median_step_ms": step_ms, "ns_per_miner_step": 1e6 * step_ms / miners,
            "peak_rss_mb": 300 + miners * 50 / 2**20, "people_bytes_per_miner": 35.0}


def test_summary_separates_the_fixed_cost_from_the_marginal_cost_per_miner():
    """A fixed 1 ms a week plus 10 ns per miner: the marginal cost is 10 ns between every pair of sizes."""
    runs = [_case(f"synthetic_{k}", n, 1.0 + 10e-6 * n) for k, n in (("10k", 10_000), ("100k", 100_000),
                                                                       ("1m", 1_000_000))]
    lines = "\n".join(bench.summary_lines(runs))
    assert "step time = 1.00 ms per week + 10.0 ns per miner" in lines
    assert "synthetic_10k -> synthetic_100k 10.0 ns, synthetic_100k -> synthetic_1m 10.0 ns (spread" \
        in lines
    assert bench.marginal_ns(runs[0], runs[1]) == pytest.approx(10.0)
    table = bench.format_table(runs)
    assert table.splitlines()[0].split()[:3] == ["case", "miners", "weeks"] and "-" in table  # missing -> '-'


def test_phases_times_every_mechanism_and_leaves_the_model_code_as_it_was():
    before = (sim.miners.choose, sim.model.collect_taxes, sim.model.groups_act, sim.model.units_act)
    r = phases.measure("small", 1.0, weeks=3, warmup=1)
    assert (sim.miners.choose, sim.model.collect_taxes, sim.model.groups_act, sim.model.units_act) == before
    assert {"choose (revisers)", "market", "armed groups", "taxes", "other", "week"} <= set(r)
    assert all(len(r[k]) == 3 for k in r if k != "miners")
    parts = sum(v[0] for k, v in r.items() if k not in ("week", "miners"))
    assert parts == pytest.approx(r["week"][0])          # the mechanisms and `other` make up the week
    assert min(r["choose (revisers)"]) > 0 and min(r["armed groups"]) > 0
