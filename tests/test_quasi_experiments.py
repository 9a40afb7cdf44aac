"""Natural experiments re-run in the model (analysis.quasi_experiments): what it observes, how it judges a
pattern, and its command on the small world."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import quasi_experiments as qe
from sim.metrics import METRIC_NAMES
from sim.run.api import cached_world, make_config, run


def test_sites_keep_the_weeks_counts_for_observers():
    """After each step the sites' counts are that week's: looting at sites sums to the model's looting events
    and clashes plus abuses to its violent events and abuses (less clashes at roadblocks, which have no site)."""
    cfg = make_config("small", seed=2, steps=60)
    from sim.model import ConflictMineralsModel

    m = ConflictMineralsModel(cfg, world=cached_world("small"))
    seen = []

    def watch(_week: int) -> None:
        st, ev = m.sites, m.events
        assert (st.events >= st.abuses).all() and (st.abuses >= st.looted).all()
        seen.append((int(st.looted.sum()), ev["looted"], int(st.abuses.sum()), ev["abuses"],
                     int((st.events - st.abuses).sum()), ev["violent"]))

    m.run(progress=watch)
    s = np.array(seen)
    assert (s[:, 0] == s[:, 1]).all() and (s[:, 2] == s[:, 3]).all() and (s[:, 4] <= s[:, 5]).all()
    assert s[:, 1].sum() > 0 and s[:, 4].sum() > 0   # the run has looting and clashes at sites to count


def test_observed_looting_equals_the_metric():
    """The experiment's looting (events a week from week 52) is the model's looting revenue over the fee."""
    cfg = make_config("small", seed=3, steps=104)
    met = pd.DataFrame(run(cfg, cached_world("small")).metrics, columns=METRIC_NAMES)
    looted = met["armed_revenue_looting_usd"].iloc[qe.START:].mean() / cfg.armed_groups.loot_usd_per_abuse
    obs = qe.observe_job(("small", 3, 104, {}))
    assert obs["looting"] == pytest.approx(looted)
    assert 0 <= obs["armed_gold"] <= 1


def test_territory_family_is_the_majority_of_its_sites():
    world, cfg = cached_world("eastern_drc"), make_config("eastern_drc")
    fam = qe.territory_family(world, cfg)
    groups = np.array([cfg.minerals[n].group for n in world.mineral_names])[world.site_mineral]
    terr = world.sites["territory"].astype(str).to_numpy()
    for t in np.unique(terr):
        share_gold = (groups[terr == t] == "gold").mean()
        assert (fam[terr == t] == "gold").all() == (share_gold > 0.5)
    assert {"gold", "3t"} <= set(fam)


@pytest.mark.parametrize(("sign", "change", "expected"), [
    (+1, 0.20, "yes"), (+1, 0.02, "weak"), (+1, -0.20, "no"), (-1, -0.10, "yes"), (0, 0.03, "yes"),
    (0, -0.30, "no"), (+1, float("nan"), "-")])
def test_verdict(sign, change, expected):
    assert qe.verdict(sign, change) == expected


def test_cli_writes_the_report(tmp_path, capsys):
    code = qe.main(["--world", "small", "--seeds", "2", "--years", "2", "--workers", "1", "--only", "gold_price",
                    "--alt", "credit: armed_groups.attack_financing=credit", "--docs", str(tmp_path)])
    assert code == 0
    rows = pd.read_csv(tmp_path / "quasi-experiments.csv")
    assert set(rows["set"]) == {"defaults", "credit"} and set(rows["experiment"]) == {"gold_price"}
    judged = rows[rows["study_sign"].notna()]   # the patterns; the other outcomes are reported unjudged
    assert set(judged["outcome"]) == {"clashes_gold", "armed_gold"}
    assert set(judged["holds"]) <= {"yes", "weak", "no", "-"}
    assert set(rows["outcome"]) == set(qe.OUTCOMES)
    text = (tmp_path / "quasi-experiments.md").read_text()
    assert "| defaults | credit |" in text and "img/quasi-experiments.png" in text
    assert "| defaults | " in text.split("### Tally")[1]
    assert (tmp_path / "img" / "quasi-experiments.png").stat().st_size > 10_000


@pytest.mark.parametrize("argv", [["--alt", "no label"], ["--set", "armed_groups.attack_financing=loan"],
                                  ["--seeds", "0"]])
def test_bad_input_is_one_line(argv, capsys, tmp_path):
    assert qe.main(["--world", "small", "--docs", str(tmp_path / "out"), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error:") and "\n" not in err
    assert not (tmp_path / "out").exists()


def test_make_quasi_alternatives_are_valid_parameter_sets():
    """The structural alternatives `make quasi` runs (Makefile QUASI_ALTS) compose with every experiment, so a
    renamed key fails here rather than in `make results`."""
    import re
    import shlex
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    block = re.search(r"^QUASI_ALTS = (.*?)\nquasi:", text, re.S | re.M).group(1).replace("\\\n", " ")
    alts = [a for flag, a in zip(shlex.split(block)[::2], shlex.split(block)[1::2], strict=True) if flag == "--alt"]
    assert len(alts) == 4
    for text in alts:
        _, overrides = qe.parse_alt(text)
        for ex in qe.EXPERIMENTS:
            make_config("small", **{**overrides, **ex.overrides})
