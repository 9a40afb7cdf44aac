"""How fast non-state groups come and go at a site, from IPIS's revisits of the same sites.

Consecutive on-site IPIS visits of a site with presence recorded at both, at least 0.1 year apart (about 1,500
pairs; median gap about 2 years), fitted by maximum likelihood as a two-state continuous-time Markov chain
(onset: none -> non-state, end: non-state -> none, per year), as in the determinants analysis behind
docs/validation.md. The one-year transition probabilities these rates imply are what the model's last year is
compared with. Pairs mix real change with who was there on the day and which team asked, so the IPIS rates are
upper bounds on true turnover (the validation range allows for it).
"""

from __future__ import annotations

import argparse
import sys
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import optimize

from sim.config import DEFAULT_MINERALS
from sim.data.derive_ipis import DEFAULT_IPIS, MINERAL_NAMES, NONSTATE_TYPES

MIN_GAP_YEARS = 0.1
DEFAULT_MINERALS_GROUP = {name: m.group for name, m in DEFAULT_MINERALS.items()}   # mineral -> family


def _visits(raw: pd.DataFrame) -> pd.DataFrame:
    """IPIS teams' on-site visits with presence recorded, in site and date order, with `nonstate` and `army`
    (FARDC) flags and the date `d`."""
    v = raw[raw["source"].isin(["IPIS", "IPIS - Ministère des Mines"]) & (raw["visit_onsite"] == 1)
            & raw["presence"].notna()].copy()
    t1, t2 = (v[f"type_armed_group{k}"].fillna("").astype(str) for k in ("1", "2"))
    v["nonstate"] = t1.isin(NONSTATE_TYPES) | t2.isin(NONSTATE_TYPES)
    v["army"] = t1.str.startswith("FARDC") | t2.str.startswith("FARDC")
    v["d"] = pd.to_datetime(v["visit_date"])
    return v.sort_values(["pcode", "d", "FID"])


def revisit_pairs(raw: pd.DataFrame) -> pd.DataFrame:
    """(nonstate at a visit, nonstate at the site's next visit, years between) for consecutive on-site visits,
    with the site's `province` and mineral `family` (gold, 3t, other: the model's MineralConfig.group)."""
    v = _visits(raw)
    nxt = v.groupby("pcode")[["d", "nonstate"]].shift(-1)
    family = v["mineral1"].map(MINERAL_NAMES).map(DEFAULT_MINERALS_GROUP).fillna("other")
    p = pd.DataFrame({"s0": v["nonstate"], "s1": nxt["nonstate"], "dt": (nxt["d"] - v["d"]).dt.days / 365.25,
                      "province": v["province"], "family": family})
    p = p[p["dt"] >= MIN_GAP_YEARS]
    return p.assign(s1=p["s1"].astype(bool))


def markov_rates(s0: np.ndarray, s1: np.ndarray, dt: np.ndarray) -> tuple[float, float]:
    """Maximum-likelihood (onset, end) rates per year of a two-state chain observed at intervals dt (years)."""
    s0, s1, dt = np.asarray(s0, bool), np.asarray(s1, bool), np.asarray(dt, float)

    def nll(theta: np.ndarray) -> float:
        a, b = np.exp(theta)
        e = 1.0 - np.exp(-(a + b) * dt)
        p01, p10 = a / (a + b) * e, b / (a + b) * e
        p = np.where(s0, np.where(s1, 1 - p10, p10), np.where(s1, p01, 1 - p01))
        return -np.log(np.clip(p, 1e-12, 1.0)).sum()

    r = optimize.minimize(nll, np.log([0.1, 0.3]), method="L-BFGS-B", bounds=[(np.log(1e-4), np.log(10.0))] * 2)
    return tuple(float(x) for x in np.exp(r.x))


def one_year(onset: float, end: float) -> tuple[float, float]:
    """(P(held a year later | not held), P(not held a year later | held)) implied by the rates."""
    e = 1.0 - np.exp(-(onset + end))
    return onset / (onset + end) * e, end / (onset + end) * e


@lru_cache(maxsize=1)
def turnover(n_boot: int = 200, seed: int = 0) -> dict[str, float]:
    """Non-state turnover from the IPIS revisits: rates, one-year probabilities and their 95% bootstrap ranges
    (resampling pairs)."""
    return fitted_turnover(revisit_pairs(pd.read_csv(DEFAULT_IPIS, low_memory=False)), n_boot, seed)


def fitted_turnover(p: pd.DataFrame, n_boot: int = 200, seed: int = 0) -> dict[str, float]:
    """`turnover` of the revisit pairs `p` (columns s0, s1, dt)."""
    onset, end = markov_rates(p["s0"], p["s1"], p["dt"])
    rng = np.random.default_rng(seed)
    boot = np.array([one_year(*markov_rates(*(q[c].to_numpy() for c in ("s0", "s1", "dt"))))
                     for q in (p.iloc[rng.integers(0, len(p), len(p))] for _ in range(n_boot))])
    (p_on, p_end), lo, hi = one_year(onset, end), np.percentile(boot, 2.5, axis=0), np.percentile(boot, 97.5, axis=0)
    return {"pairs": len(p), "onset_rate": onset, "end_rate": end, "onset_1y": p_on, "end_1y": p_end,
            "onset_1y_lo": lo[0], "onset_1y_hi": hi[0], "end_1y_lo": lo[1], "end_1y_hi": hi[1]}


def army_after_group() -> dict[str, float]:
    """Where the army is at a site's next visit, by what the previous visit saw: among consecutive on-site
    visit pairs (as `revisit_pairs`), the share with the army at the second visit when a non-state group seen
    at the first was gone by then, against sites where neither was seen at the first. The source of
    `state_forces.occupy_share` (an army that drives a group out often stays)."""
    v = _visits(pd.read_csv(DEFAULT_IPIS, low_memory=False))
    nxt = v.groupby("pcode")[["d", "nonstate", "army"]].shift(-1)
    ok = ((nxt["d"] - v["d"]).dt.days / 365.25) >= MIN_GAP_YEARS
    gone = ok & v["nonstate"] & ~nxt["nonstate"].astype(bool)
    neither = ok & ~v["nonstate"] & ~v["army"]
    return {"pairs_group_gone": int(gone.sum()), "army_after_group_gone": float(nxt["army"][gone].astype(bool).mean()),
            "pairs_neither": int(neither.sum()), "army_after_neither": float(nxt["army"][neither].astype(bool).mean()),
            "median_gap_years": float(((nxt["d"] - v["d"]).dt.days / 365.25)[gone].median())}


def turnover_by_cell(min_pairs: int = 40, n_boot: int = 200) -> pd.DataFrame:
    """`turnover` for each province x mineral family with at least `min_pairs` revisit pairs (one row each, with
    the share held at the first visit), for comparison with `analysis.province_profile`'s last-year figures."""
    p = revisit_pairs(pd.read_csv(DEFAULT_IPIS, low_memory=False))
    rows = [{"province": prov, "family": fam, "held_first": float(q["s0"].mean()), **fitted_turnover(q, n_boot)}
            for (prov, fam), q in p.groupby(["province", "family"]) if len(q) >= min_pairs]
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """`python -m analysis.ipis_revisits [--cells]`: the turnover the validation uses, or by province x mineral."""
    ap = argparse.ArgumentParser(prog="python -m analysis.ipis_revisits", description=__doc__.splitlines()[0])
    ap.add_argument("--cells", action="store_true", help="by province x mineral family (cells of >= 40 pairs)")
    a = ap.parse_args(argv)
    if not a.cells:
        t = turnover()
        print(f"{t['pairs']} pairs: taken within a year {t['onset_1y']:.1%} ({t['onset_1y_lo']:.1%}-"
              f"{t['onset_1y_hi']:.1%}), left within a year {t['end_1y']:.1%} ({t['end_1y_lo']:.1%}-{t['end_1y_hi']:.1%})")
        return 0
    print("| province | mineral | pairs | held at first visit | taken within a year, of not held (95%) | "
          "left within a year, of held (95%) |\n|---|---|---|---|---|---|")
    for r in turnover_by_cell().itertuples():
        print(f"| {r.province} | {r.family} | {r.pairs} | {r.held_first:.0%} | {r.onset_1y:.0%} ({r.onset_1y_lo:.0%}-"
              f"{r.onset_1y_hi:.0%}) | {r.end_1y:.0%} ({r.end_1y_lo:.0%}-{r.end_1y_hi:.0%}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
