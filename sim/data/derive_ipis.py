"""Derive the project's attributed eastern-DRC site table from the IPIS open data.

Input: IPIS's mine-site visit table (`cod_mines_curated_all_opendata_p_ipis.csv`, an unmodified copy of
IPIS's open data kept in `sim/data/ipis/` with its README). Output, in `sim/data/eastern_drc/`:

- `sites.csv`: one row per site (IPIS's own on-site visits, latest visit per `pcode`, as IPIS's
  `summarize.py` selects them): coordinates, province, territory, primary mineral (English name),
  workers at the latest visit (imputed where missing, flagged), armed presence / non-state / army flags
  at the latest visit (calibration and initial state), children under 15, the trading centre it sells to
  and the final destination named for its primary mineral.
- `trading_centres.csv`: selling points named by at least `--min-tc-sites` sites; coordinates are the
  median of the sites that name them (the table gives names, not coordinates).
- `armed_groups.csv`: non-state armed groups seen by IPIS (one faction per group name and territory, home at
  the median of the sites where it was seen), topped up with unnamed local groups to `--n-groups`, placed in
  territories in proportion to non-state presence; fighters from known sizes or a lognormal.

Usage: python -m sim.data.derive_ipis [--ipis PATH] [--out DIR]
Data credit: IPIS (International Peace Information Service), open data, https://ipisresearch.be.
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DEFAULT_IPIS = HERE / "ipis" / "cod_mines_curated_all_opendata_p_ipis.csv"   # unmodified IPIS open data

MINERAL_NAMES = {  # IPIS (French) -> model (English, lower case)
    "Or": "gold", "Cassitérite": "tin", "Coltan": "tantalum", "Wolframite": "tungsten", "Cobalt": "cobalt",
    "Cuivre": "copper", "Diamant": "diamond", "Tourmaline": "tourmaline", "Monazite": "monazite",
    "Manganèse": "manganese", "Saphir": "sapphire", "Pyrochlore": "pyrochlore", "Améthyste": "amethyst",
}
NONSTATE_TYPES = {"Groupe armé local", "Groupe armé étranger"}
# Known sizes (fighters), split evenly over a group's factions. Source: FACTS.md fact 14 (UN Group of Experts,
# Kivu Security Tracker): FDLR 1,000-2,500, ADF 100-500.
KNOWN_FIGHTERS = {"FDLR": 1500, "ADF": 300}
DESTINATION_ALIASES = {"kalemi": "Kalemie", "uvira et baraka": "Uvira"}
NOT_A_PLACE = {"ausite", "surlesite", "surplace", "jenesaispas"}  # "at the site", "I don't know"


def _norm(name: str) -> str:
    """Case- and accent-insensitive key for place names."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().strip().lower()
    return " ".join(s.split())


def latest_visits(raw: pd.DataFrame) -> pd.DataFrame:
    """IPIS's own on-site visits, the latest per site (the selection of IPIS's summarize.py)."""
    v = raw[raw["source"].isin(["IPIS", "IPIS - Ministère des Mines"]) & (raw["visit_onsite"] == 1)].copy()
    return v.sort_values(["visit_date", "FID"]).groupby("pcode").tail(1).sort_values("pcode")


def primary_mineral(row: pd.Series) -> str | None:
    for c in ("mineral1", "mineral2", "mineral3"):
        m = MINERAL_NAMES.get(row[c]) if isinstance(row[c], str) else None
        if m:
            return m
    return None


def first_name(s: object) -> str | None:
    if not isinstance(s, str):
        return None
    parts = [p.strip() for p in s.replace(";", ",").split(",") if p.strip()]
    return parts[0] if parts else None


def clean_destination(s: object) -> str | None:
    """Final destination town, with IPIS's spelling variants merged; None when unknown."""
    if not isinstance(s, str) or _norm(s) in ("je ne sais pas", ""):
        return None
    s = DESTINATION_ALIASES.get(_norm(s), s.strip())
    return s.title() if s.isupper() or s.islower() else s


def derive_sites(last: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    t1 = last["type_armed_group1"].fillna("").astype(str)
    t2 = last["type_armed_group2"].fillna("").astype(str)
    nsag = t1.isin(NONSTATE_TYPES) | t2.isin(NONSTATE_TYPES)
    fardc = t1.str.startswith("FARDC") | t2.str.startswith("FARDC") | last["armed_group1"].eq("FARDC") | \
        last["armed_group2"].eq("FARDC")
    fardc_interf = t1.str.contains("indisciplin") | t2.str.contains("indisciplin")
    group = np.where(t1.isin(NONSTATE_TYPES), last["armed_group1"],
                     np.where(t2.isin(NONSTATE_TYPES), last["armed_group2"], ""))
    df = pd.DataFrame({
        "pcode": last["pcode"].values,
        "name": last["name"].fillna("").values,
        "lon": last["longitude"].round(5).values,
        "lat": last["latitude"].round(5).values,
        "province": last["province"].values,
        "territory": last["territoire"].fillna("unknown").values,
        "mineral": last.apply(primary_mineral, axis=1).values,
        "workers": pd.to_numeric(last["workers_numb"], errors="coerce").values,
        "visit_date": last["visit_date"].values,
        "ipis_armed": (last["presence"] == 1).values,
        "ipis_nonstate": nsag.values,
        "ipis_army": fardc.values,
        "ipis_army_interfering": fardc_interf.values,
        "ipis_interference": (last["interference"] == 1).values,
        "ipis_group": group,
        "ipis_children": (last["childunder15"] == 1).values,
        "ipis_itsci": (last["itsci"] == "Actif").values,
        "selling_point": last["selling_points_mineral1"].map(first_name).values,
        "destination": last["final_destination_mineral1"].map(first_name).values,
    })
    stats = {"latest_visits": len(df), "dropped_unknown_mineral": int(df["mineral"].isna().sum())}
    df = df[df["mineral"].notna()].copy()
    # Impute missing worker counts: median of same mineral and territory, else of the mineral.
    miss = df["workers"].isna()
    med_mt = df.groupby(["mineral", "territory"])["workers"].transform("median")
    med_m = df.groupby("mineral")["workers"].transform("median")
    df["workers_imputed"] = miss
    df["workers"] = df["workers"].fillna(med_mt).fillna(med_m).fillna(df["workers"].median())
    df["workers"] = df["workers"].clip(lower=1).round().astype(int)
    stats["workers_imputed"] = int(miss.sum())
    df["destination"] = df["destination"].map(clean_destination)
    df.insert(0, "site_id", np.arange(len(df)))
    return df, stats


def derive_trading_centres(sites: pd.DataFrame, min_sites: int) -> pd.DataFrame:
    key = sites["selling_point"].map(lambda s: _norm(s).replace(" ", "").replace("-", "") if isinstance(s, str) else None)
    key = key.where(~key.isin(NOT_A_PLACE))
    counts = key.value_counts()
    keep = counts[counts >= min_sites].index
    rows = []
    for k in sorted(keep):
        m = key == k
        label = sites.loc[m, "selling_point"].mode().iloc[0]
        rows.append({"name": label, "key": k, "lon": round(float(sites.loc[m, "lon"].median()), 5),
                     "lat": round(float(sites.loc[m, "lat"].median()), 5), "n_sites_naming": int(m.sum())})
    tcs = pd.DataFrame(rows)
    tcs.insert(0, "tc_id", np.arange(len(tcs)))
    # Assign every site to its named trading centre, or the nearest one.
    idx = {k: i for i, k in enumerate(tcs["key"])}
    named = key.map(idx)
    xy_s = _xy(sites["lon"].values, sites["lat"].values)
    xy_t = _xy(tcs["lon"].values, tcs["lat"].values)
    d2 = ((xy_s[:, None, :] - xy_t[None, :, :]) ** 2).sum(-1)
    nearest = d2.argmin(1)
    sites["tc_id"] = np.where(named.notna(), named.fillna(-1).astype(int), nearest)
    sites["tc_named"] = named.notna().values
    return tcs.drop(columns="key")


def _xy(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Equirectangular projection in km around the data's mean latitude (accurate to ~1% here)."""
    lat0 = np.deg2rad(-2.5)
    return np.column_stack([np.deg2rad(lon) * 6371.0 * np.cos(lat0), np.deg2rad(lat) * 6371.0])


def derive_groups(raw: pd.DataFrame, sites: pd.DataFrame, n_groups: int, seed: int) -> pd.DataFrame:
    """One faction per (group name, territory) seen by IPIS on-site since 2009, topped up to n_groups."""
    v = raw[raw["source"].isin(["IPIS", "IPIS - Ministère des Mines"]) & (raw["visit_onsite"] == 1)]
    rows = []
    for k in ("1", "2"):
        m = v[f"type_armed_group{k}"].isin(NONSTATE_TYPES)
        rows.append(pd.DataFrame({"name": v.loc[m, f"armed_group{k}"].values, "territory": v.loc[m, "territoire"].values,
                                  "province": v.loc[m, "province"].values, "lon": v.loc[m, "longitude"].values,
                                  "lat": v.loc[m, "latitude"].values,
                                  "foreign": (v.loc[m, f"type_armed_group{k}"] == "Groupe armé étranger").values}))
    seen = pd.concat(rows)
    seen["territory"] = seen["territory"].fillna("unknown")
    g = seen.groupby(["name", "territory"], sort=True).agg(
        province=("province", "first"), lon=("lon", "median"), lat=("lat", "median"),
        foreign=("foreign", "max"), sightings=("lon", "size")).reset_index()
    g["source"] = "IPIS sightings"
    rng = np.random.default_rng(seed)
    n_extra = max(0, n_groups - len(g))
    # Unnamed local groups: territories weighted by latest-visit non-state presence (+1 smoothing over
    # territories with any armed presence), placed at a random site of that territory.
    w = sites.groupby("territory")["ipis_nonstate"].sum() + sites.groupby("territory")["ipis_armed"].any()
    w = w[w > 0]
    terr = rng.choice(w.index.values, size=n_extra, p=(w / w.sum()).values)
    extra = []
    for i, t in enumerate(terr):
        s = sites[sites["territory"] == t].iloc[int(rng.integers((sites["territory"] == t).sum()))]
        extra.append({"name": f"Unnamed local group {i + 1}", "territory": t, "province": s["province"],
                      "lon": s["lon"], "lat": s["lat"], "foreign": False, "sightings": 0,
                      "source": "top-up to the Kivu Security Tracker count (FACTS fact 14)"})
    g = pd.concat([g, pd.DataFrame(extra)], ignore_index=True)
    # Fighters: known totals split over factions; otherwise lognormal, median 150, sigma 0.6, so that most
    # groups have at most ~200 members (FACTS fact 14) and the total is ~20,000 (founding report).
    fighters = np.round(rng.lognormal(np.log(150), 0.6, len(g))).astype(int)
    for name, total in KNOWN_FIGHTERS.items():
        m = g["name"] == name
        if m.any():
            fighters[m.values] = total // int(m.sum())
    g["fighters"] = np.clip(fighters, 20, None)
    g["lon"] = g["lon"].round(5)
    g["lat"] = g["lat"].round(5)
    g.insert(0, "group_id", np.arange(len(g)))
    return g


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ipis", type=Path, default=DEFAULT_IPIS, help="IPIS visit table (CSV)")
    ap.add_argument("--out", type=Path, default=HERE / "eastern_drc", help="output folder")
    ap.add_argument("--min-tc-sites", type=int, default=5, help="sites naming a selling point to make it a trading centre")
    ap.add_argument("--n-groups", type=int, default=100, help="armed groups in the world (KST: 70-130)")
    ap.add_argument("--seed", type=int, default=20191126)
    a = ap.parse_args(argv)
    if not a.ipis.is_file():
        raise SystemExit(f"error: IPIS table not found at {a.ipis} (pass --ipis PATH)")
    raw = pd.read_csv(a.ipis)
    sites, stats = derive_sites(latest_visits(raw))
    tcs = derive_trading_centres(sites, a.min_tc_sites)
    groups = derive_groups(raw, sites, a.n_groups, a.seed)
    a.out.mkdir(parents=True, exist_ok=True)
    sites.drop(columns=["selling_point"]).to_csv(a.out / "sites.csv", index=False)
    tcs.to_csv(a.out / "trading_centres.csv", index=False)
    groups.to_csv(a.out / "armed_groups.csv", index=False)
    print(f"sites: {len(sites)} ({stats['dropped_unknown_mineral']} dropped for unknown mineral, "
          f"{stats['workers_imputed']} worker counts imputed), workers {sites['workers'].sum():,}; "
          f"trading centres: {len(tcs)}; armed groups: {len(groups)} "
          f"({(groups['sightings'] > 0).sum()} seen by IPIS), fighters {groups['fighters'].sum():,}")


if __name__ == "__main__":
    main()
