"""Generate the small synthetic world's tables (`sim/data/small/`), same columns as the eastern_drc tables.

40 sites in a 150 x 150 km box, two provinces, gold and 3T; site sizes lognormal with the IPIS median (68)
and spread; armed presence drawn at the IPIS rates by mineral (fact 5); 3 trading centres; 6 armed groups.
Usage: python -m sim.data.make_small   (deterministic: fixed seed)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "small"


def main(seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    lon = 28.2 + rng.random(n) * 1.35
    lat = -3.2 + rng.random(n) * 1.35
    mineral = rng.choice(["gold", "tin", "tantalum", "tungsten"], size=n, p=[0.6, 0.25, 0.1, 0.05])
    workers = np.clip(np.round(rng.lognormal(np.log(68), 1.0, n)), 5, 1500).astype(int)
    gold = mineral == "gold"
    armed = rng.random(n) < np.where(gold, 0.60, 0.26)           # fact 5
    nonstate = armed & (rng.random(n) < 0.4)
    army = armed & ~nonstate
    province = np.where(lat > -2.5, "North", "South")
    tcs = pd.DataFrame({"tc_id": [0, 1, 2], "name": ["Centre A", "Centre B", "Centre C"],
                        "lon": [28.5, 29.2, 28.7], "lat": [-2.0, -2.3, -2.9], "n_sites_naming": [0, 0, 0]})
    d2 = (lon[:, None] - tcs["lon"].values[None]) ** 2 + (lat[:, None] - tcs["lat"].values[None]) ** 2
    sites = pd.DataFrame({
        "site_id": np.arange(n), "pcode": [f"small{i:03d}" for i in range(n)], "name": [f"Site {i}" for i in range(n)],
        "lon": lon.round(5), "lat": lat.round(5), "province": province, "territory": province, "mineral": mineral,
        "workers": workers, "visit_date": "2020-01-01", "ipis_armed": armed, "ipis_nonstate": nonstate,
        "ipis_army": army, "ipis_army_interfering": army & (rng.random(n) < 0.64), "ipis_interference": armed,
        "ipis_group": "", "ipis_children": rng.random(n) < 0.14, "destination": "",
        "workers_imputed": False, "tc_id": d2.argmin(1), "tc_named": False})
    groups = pd.DataFrame({
        "group_id": np.arange(6), "name": [f"Group {c}" for c in "ABCDEF"], "territory": "North",
        "province": ["North", "North", "North", "South", "South", "South"],
        "lon": (28.3 + rng.random(6) * 1.1).round(5), "lat": (-3.1 + rng.random(6) * 1.1).round(5),
        "foreign": False, "sightings": 0, "source": "synthetic",
        "fighters": np.round(rng.lognormal(np.log(60), 0.4, 6)).astype(int)})
    OUT.mkdir(exist_ok=True)
    sites.to_csv(OUT / "sites.csv", index=False)
    tcs.to_csv(OUT / "trading_centres.csv", index=False)
    groups.to_csv(OUT / "armed_groups.csv", index=False)
    print(f"small world: {n} sites, {workers.sum()} workers, {len(groups)} groups ({groups.fighters.sum()} fighters)")


if __name__ == "__main__":
    main()
