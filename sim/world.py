"""The world: mine sites, trading centres, hubs, border crossings, and the route network with roadblocks.

Built from configuration (`configs/world/*.yaml`) and the world's tables (`sim/data/<world>/`): the same code
builds every world. Distances are road km (straight line x `road_tortuosity`) on an equirectangular
projection. Roads form a tree: in each trading centre's catchment the minimum spanning tree over the centre
and its sites, and between centres and hubs the minimum spanning tree over them. Ore from a site travels
along the tree to its trading centre and on to the hub, and roadblocks stand on the roads every
`roadblock_spacing_km`. Static: nothing here changes during a run.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import minimum_spanning_tree, shortest_path
from scipy.spatial import cKDTree

from .config import ConfigError, MineralConfig, WorldConfig

PACKAGE_DIR = Path(__file__).resolve().parent
EARTH_KM = 6371.0
SITE_COLUMNS = ("site_id", "lon", "lat", "province", "territory", "mineral", "workers", "tc_id", "ipis_armed",
                "ipis_nonstate", "ipis_army", "ipis_army_interfering", "ipis_children", "destination")
TC_COLUMNS = ("tc_id", "name", "lon", "lat")
GROUP_COLUMNS = ("group_id", "name", "lon", "lat", "fighters")


def project_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Equirectangular projection (km) around 2.5 S: under 1% error across eastern DRC."""
    lat0 = np.deg2rad(-2.5)
    return np.column_stack([np.deg2rad(lon) * EARTH_KM * np.cos(lat0), np.deg2rad(lat) * EARTH_KM])


def _norm(s: object) -> str:
    return unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode().strip().lower()


def _mst(xy: np.ndarray, tort: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Minimum spanning tree over points: (end a, end b, road km) per edge."""
    if len(xy) < 2:
        return np.zeros(0, int), np.zeros(0, int), np.zeros(0)
    d = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=-1) * tort + 1e-3  # 1 m: keep co-located points
    np.fill_diagonal(d, 0.0)
    t = minimum_spanning_tree(csr_matrix(d)).tocoo()
    return t.row.astype(int), t.col.astype(int), t.data.astype(np.float64)


def _csr(lists: list[list[int]], dtype=np.int32) -> tuple[np.ndarray, np.ndarray]:
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(x) for x in lists])
    flat = np.fromiter((v for x in lists for v in x), dtype=dtype, count=int(indptr[-1]))
    return indptr, flat


def read_table(path_str: str, key: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """Read a world table, refusing a missing file, unreadable CSV or missing columns with a clear line."""
    path = Path(path_str)
    if not path.is_absolute():
        path = PACKAGE_DIR / path
    if not path.is_file():
        raise ConfigError(f"{key}: file not found: {path}")
    try:
        df = pd.read_csv(path)
    except Exception as exc:  # noqa: BLE001 - any parse failure becomes one clear line
        raise ConfigError(f"{key}: cannot read {path} as CSV ({type(exc).__name__}: {str(exc).splitlines()[0]})") \
            from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ConfigError(f"{key}: {path.name} lacks columns {', '.join(missing)} (needs {', '.join(columns)})")
    if len(df) == 0:
        raise ConfigError(f"{key}: {path.name} has no rows")
    for c in ("lon", "lat"):
        v = pd.to_numeric(df[c], errors="coerce")
        if v.isna().any() or not np.isfinite(v).all():
            raise ConfigError(f"{key}: column {c} of {path.name} has missing or non-numeric values")
    return df


@dataclass
class World:
    """Static geography and network of one world, as arrays (index = id)."""

    name: str
    population_scale: float
    mineral_names: list[str]
    # sites
    sites: pd.DataFrame
    site_xy: np.ndarray
    site_mineral: np.ndarray
    site_province: np.ndarray
    province_names: list[str]
    site_capacity: np.ndarray
    site_tc: np.ndarray
    site_route_km: np.ndarray
    site_route_roadblocks: np.ndarray
    site_edge_indptr: np.ndarray
    site_edges: np.ndarray
    nb_indptr: np.ndarray
    nb_idx: np.ndarray
    n_ipis: int                 # sites [0, n_ipis) are IPIS's; the rest are deposits where sites may open
    site_parent: np.ndarray     # the IPIS site each deposit lies near (an IPIS site's parent is itself)
    # trading centres and roads (a tree: feeder roads in each catchment, trunk roads between centres and hubs)
    tc_names: list[str]
    tc_xy: np.ndarray
    tc_hub: np.ndarray
    edge_km: np.ndarray
    edge_rb_indptr: np.ndarray
    edge_rbs: np.ndarray
    rb_xy: np.ndarray
    rb_edge: np.ndarray
    # hubs and crossings
    hub_names: list[str]
    hub_xy: np.ndarray
    hub_exit: np.ndarray
    hub_exit_km: np.ndarray
    hc_indptr: np.ndarray
    hc_idx: np.ndarray
    hc_km: np.ndarray
    crossing_names: list[str]
    crossing_country: list[str]
    crossing_formal: np.ndarray
    crossing_xy: np.ndarray
    crossing_country_id: np.ndarray   # index into country_names
    country_names: list[str]          # neighbours where smuggled ore is sold
    country_levy: np.ndarray          # their export levy, share of value
    country_launders: np.ndarray      # their exporters pass off Congolese 3T ore as their own tagged ore
    groups: pd.DataFrame
    group_xy: np.ndarray   # armed groups' homes, km

    @property
    def n_sites(self) -> int:
        return len(self.site_mineral)

    @property
    def ipis_sites(self) -> pd.DataFrame:
        """The rows of the site table that are IPIS's sites (the rest are deposits)."""
        return self.sites.iloc[: self.n_ipis]

    @property
    def n_tc(self) -> int:
        return len(self.tc_names)

    @property
    def n_roadblocks(self) -> int:
        return len(self.rb_edge)

    @property
    def n_crossings(self) -> int:
        return len(self.crossing_names)


# world settings that only the model reads (the start of the run), not build_world
MODEL_WORLD_KEYS = ("initial_control", "roadblock_nonstate_share", "roadblock_state_share")


def world_key(cfg: WorldConfig, minerals: dict[str, MineralConfig]) -> str:
    """What `build_world` depends on: the world settings but MODEL_WORLD_KEYS, and the mineral names (two
    configurations with the same key build the same world)."""
    return repr(({k: v for k, v in vars(cfg).items() if k not in MODEL_WORLD_KEYS}, tuple(minerals)))


def build_world(cfg: WorldConfig, minerals: dict[str, MineralConfig]) -> World:
    """Load the world's tables and build its route network, in named steps."""
    sites, tcs, groups = _read_tables(cfg, minerals)
    site_xy = project_km(sites["lon"].to_numpy(float), sites["lat"].to_numpy(float))
    tc_xy = project_km(tcs["lon"].to_numpy(float), tcs["lat"].to_numpy(float))
    hub_xy = project_km(np.array([h.lon for h in cfg.hubs]), np.array([h.lat for h in cfg.hubs]))
    cr_xy = project_km(np.array([c.lon for c in cfg.crossings]), np.array([c.lat for c in cfg.crossings]))
    hub_names = [h.name for h in cfg.hubs]
    site_tc = sites["tc_id"].to_numpy(np.int32)
    tc_hub = _centre_hubs(sites, site_tc, tc_xy, hub_xy, hub_names)
    nodes = np.vstack([site_xy, tc_xy, hub_xy])   # node ids: sites [0, S), centres [S, S+T), hubs [S+T, S+T+H)
    edge_ends, edge_km = _road_tree(nodes, site_tc, len(sites), len(tcs), cfg.road_tortuosity)
    site_paths = _site_paths(nodes, edge_ends, edge_km, site_tc, tc_hub, len(sites), len(tcs), hub_names)
    per_edge, rb_xy, rb_edge, (edge_rb_indptr, edge_rbs) = _roadblocks(nodes, edge_ends, edge_km,
                                                                         cfg.roadblock_spacing_km)
    hub_exit, hub_exit_km, (hc_indptr, hc_idx), hc_km, formal = _crossings(cfg, hub_xy, cr_xy)
    route_km = np.array([edge_km[p_].sum() for p_ in site_paths])
    n_ipis = len(sites)
    sites, site_xy, parent = _with_prospects(sites, site_xy, cfg)
    site_paths += [site_paths[q] for q in parent[n_ipis:]]        # a deposit ships along its parent site's road
    route_km = np.r_[route_km, route_km[parent[n_ipis:]] +
                     cfg.road_tortuosity * np.linalg.norm(site_xy[n_ipis:] - site_xy[parent[n_ipis:]], axis=1)]
    site_tc = site_tc[parent]
    site_edge_indptr, site_edges = _csr(site_paths)
    nb_indptr, nb_idx = _neighbours(site_xy, cfg)
    provinces = sorted(sites["province"].astype(str).unique())
    pidx = {p: i for i, p in enumerate(provinces)}
    return World(
        name=cfg.name, population_scale=cfg.population_scale, mineral_names=list(minerals), sites=sites,
        site_xy=site_xy, site_mineral=sites["mineral"].map({m: i for i, m in enumerate(minerals)}).to_numpy(np.int32),
        site_province=sites["province"].astype(str).map(pidx).to_numpy(np.int32), province_names=provinces,
        site_capacity=sites["capacity"].to_numpy(np.float64), site_tc=site_tc, n_ipis=n_ipis, site_parent=parent,
        site_route_km=route_km,
        site_route_roadblocks=np.array([per_edge[p_].sum() for p_ in site_paths], dtype=np.int32),
        site_edge_indptr=site_edge_indptr, site_edges=site_edges, nb_indptr=nb_indptr, nb_idx=nb_idx,
        tc_names=tcs["name"].astype(str).tolist(), tc_xy=tc_xy, tc_hub=tc_hub, edge_km=edge_km,
        edge_rb_indptr=edge_rb_indptr, edge_rbs=edge_rbs, rb_xy=np.array(rb_xy).reshape(-1, 2),
        rb_edge=np.array(rb_edge, dtype=np.int32), hub_names=hub_names, hub_xy=hub_xy, hub_exit=hub_exit,
        hub_exit_km=hub_exit_km, hc_indptr=hc_indptr, hc_idx=hc_idx.astype(np.int32), hc_km=hc_km,
        crossing_names=[c.name for c in cfg.crossings], crossing_country=[c.country for c in cfg.crossings],
        crossing_formal=formal, crossing_xy=cr_xy,
        crossing_country_id=np.array([[c.name for c in cfg.countries].index(x.country) for x in cfg.crossings],
                                     dtype=np.int64),
        country_names=[c.name for c in cfg.countries],
        country_levy=np.array([c.export_levy_share for c in cfg.countries], dtype=np.float64),
        country_launders=np.array([c.launders for c in cfg.countries], dtype=np.bool_), groups=groups,
        group_xy=project_km(groups["lon"].to_numpy(float), groups["lat"].to_numpy(float)))


def _read_tables(cfg: WorldConfig, minerals: dict[str, MineralConfig]
                 ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The site, trading-centre and armed-group tables, checked (a bad file is one ConfigError line)."""
    sites = read_table(cfg.sites, "world.sites", SITE_COLUMNS)
    tcs = read_table(cfg.trading_centres, "world.trading_centres", TC_COLUMNS)
    groups = read_table(cfg.armed_groups, "world.armed_groups", GROUP_COLUMNS)
    unknown = sorted(set(sites["mineral"].astype(str)) - set(minerals))
    if unknown:
        raise ConfigError(f"world.sites: minerals {', '.join(unknown)} have no parameters; "
                          f"add them under minerals.* or use one of {', '.join(minerals)}")
    workers = pd.to_numeric(sites["workers"], errors="coerce")
    if workers.isna().any() or (workers < 0).any():
        raise ConfigError("world.sites: column workers must be non-negative numbers")
    tc_id = pd.to_numeric(sites["tc_id"], errors="coerce")
    if tc_id.isna().any() or (tc_id < 0).any() or (tc_id >= len(tcs)).any():
        raise ConfigError(f"world.sites: column tc_id must index the trading-centre table (0..{len(tcs) - 1})")
    if (pd.to_numeric(groups["fighters"], errors="coerce").fillna(-1) < 0).any():
        raise ConfigError("world.armed_groups: column fighters must be non-negative numbers")
    return sites.assign(workers=workers, tc_id=tc_id), tcs, groups


def _centre_hubs(sites: pd.DataFrame, site_tc: np.ndarray, tc_xy: np.ndarray, hub_xy: np.ndarray,
                 hub_names: list[str]) -> np.ndarray:
    """Trading centre -> hub: the destination its sites name most often, else the nearest hub."""
    hub_key = {_norm(h): i for i, h in enumerate(hub_names)}
    dest = sites["destination"].map(lambda s: hub_key.get(_norm(s).split(",")[0].split(" ")[0], -1)
                                    if isinstance(s, str) else -1).to_numpy()
    tc_hub = np.empty(len(tc_xy), dtype=np.int32)
    for t in range(len(tc_xy)):
        named = dest[(site_tc == t) & (dest >= 0)]
        tc_hub[t] = np.bincount(named).argmax() if len(named) else \
            int(np.argmin(np.linalg.norm(hub_xy - tc_xy[t], axis=1)))
    return tc_hub


def _road_tree(nodes: np.ndarray, site_tc: np.ndarray, n_s: int, n_tc: int, tort: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """Roads, a tree: within each trading centre's catchment the minimum spanning tree over the centre and its
    sites (feeder roads), and between centres and hubs the minimum spanning tree over them (trunk roads).
    Returns (edge ends (E, 2) as node ids, road km per edge)."""
    ends: list[np.ndarray] = []
    kms: list[np.ndarray] = []
    for t in range(n_tc):
        members = np.r_[n_s + t, np.flatnonzero(site_tc == t)]
        a, b, km = _mst(nodes[members], tort)
        ends.append(np.column_stack([members[a], members[b]]))
        kms.append(km)
    trunk = np.arange(n_s, len(nodes))
    a, b, km = _mst(nodes[trunk], tort)
    ends.append(np.column_stack([trunk[a], trunk[b]]))
    kms.append(km)
    return np.vstack(ends), np.concatenate(kms)


def _site_paths(nodes: np.ndarray, edge_ends: np.ndarray, edge_km: np.ndarray, site_tc: np.ndarray,
                tc_hub: np.ndarray, n_s: int, n_tc: int, hub_names: list[str]) -> list[list[int]]:
    """For each site, the road edges from the site to its centre's hub (in order)."""
    n_h = len(hub_names)
    graph = csr_matrix((np.r_[edge_km, edge_km], (np.r_[edge_ends[:, 0], edge_ends[:, 1]],
                                                    np.r_[edge_ends[:, 1], edge_ends[:, 0]])),
                       shape=(len(nodes), len(nodes)))
    edge_of = {(int(u), int(v)): e for e, (u, v) in enumerate(edge_ends)}
    edge_of.update({(v, u): e for (u, v), e in list(edge_of.items())})
    _, pred = shortest_path(graph, directed=False, indices=n_s + n_tc + np.arange(n_h), return_predecessors=True)
    pred_rows = pred.tolist()
    to_hub: list[dict[int, list[int]]] = [{} for _ in range(n_h)]   # per hub: node -> its edges to the hub
    paths: list[list[int]] = []
    for s_ in range(n_s):   # walk towards the hub until a node whose way is known (paths share their tails)
        h = int(tc_hub[site_tc[s_]])
        known, walk, node = to_hub[h], [], s_
        while node != n_s + n_tc + h and node not in known:
            prev = pred_rows[h][node]
            if prev < 0:
                raise ConfigError(f"world: site {s_} is not connected to hub {hub_names[h]}")
            walk.append((node, edge_of[(node, prev)]))
            node = prev
        tail = known.get(node, [])
        for node, e in reversed(walk):
            tail = known[node] = [e, *tail]
        paths.append(known[s_])
    return paths


def _roadblocks(nodes: np.ndarray, edge_ends: np.ndarray, edge_km: np.ndarray, spacing_km: float
                ) -> tuple[np.ndarray, list, list, tuple[np.ndarray, np.ndarray]]:
    """Roadblocks every `spacing_km` along the roads (deterministic carry-over rounding, so that short feeder
    roads get their share and the total is road length / spacing): (roadblocks per edge, positions, edge of
    each, CSR of each edge's roadblocks)."""
    per_edge = np.diff(np.floor(np.r_[0.0, np.cumsum(edge_km / spacing_km)])).astype(int)
    rb_lists, rb_xy, rb_edge = [], [], []
    for e, (u, v) in enumerate(edge_ends):
        ids = []
        for k in range(per_edge[e]):
            f = (k + 0.5) / per_edge[e]
            rb_xy.append(nodes[u] * (1 - f) + nodes[v] * f)
            rb_edge.append(e)
            ids.append(len(rb_edge) - 1)
        rb_lists.append(ids)
    return per_edge, rb_xy, rb_edge, _csr(rb_lists)


def _crossings(cfg: WorldConfig, hub_xy: np.ndarray, cr_xy: np.ndarray):
    """Each hub's official exit (the nearest formal crossing, and its road km) and the crossings its smugglers
    use (within `max_crossing_km`, at least the nearest), as CSR with road km; the formal flags."""
    hc_d = np.linalg.norm(hub_xy[:, None, :] - cr_xy[None, :, :], axis=-1) * cfg.road_tortuosity
    formal = np.array([c.formal for c in cfg.crossings])
    if not formal.any():
        raise ConfigError("world.crossings: at least one crossing must be formal (the official export route)")
    hub_exit = np.where(formal[None, :], hc_d, np.inf).argmin(1).astype(np.int32)
    hub_exit_km = hc_d[np.arange(len(hub_xy)), hub_exit]
    hc_lists = [sorted(set(np.flatnonzero(hc_d[h] <= cfg.max_crossing_km)) | {int(hc_d[h].argmin())})
                for h in range(len(hub_xy))]
    hc_km = np.array([hc_d[h, k] for h in range(len(hub_xy)) for k in hc_lists[h]], dtype=np.float64)
    return hub_exit, hub_exit_km, _csr(hc_lists), hc_km, formal


def _with_prospects(sites: pd.DataFrame, site_xy: np.ndarray, cfg: WorldConfig
                    ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The IPIS sites followed by undiscovered deposits: `prospects_per_site` per IPIS site on average, each within
    `prospect_radius_km` (at least 2 km) of the site it is drawn around, of that site's mineral, province and
    trading centre, sized like a random IPIS site of the same mineral. Returns (site table with a `capacity`
    column, positions in km, parent of each row)."""
    n = len(sites)
    rng = np.random.default_rng(np.random.SeedSequence(cfg.prospect_seed, spawn_key=(0x6465706F,)))
    k = int(round(cfg.prospects_per_site * n))
    parent = np.sort(rng.choice(n, size=k, replace=k > n)) if k else np.zeros(0, dtype=np.int64)
    angle = rng.uniform(0.0, 2 * np.pi, k)
    dist = rng.uniform(2.0, max(cfg.prospect_radius_km, 2.0), k)
    xy = site_xy[parent] + np.column_stack([np.cos(angle), np.sin(angle)]) * dist[:, None]
    minerals = sites["mineral"].to_numpy()
    capacity = np.empty(k)
    for m in np.unique(minerals[parent]):
        pool = sites["workers"].to_numpy(float)[minerals == m]
        sel = minerals[parent] == m
        capacity[sel] = pool[rng.integers(0, len(pool), int(sel.sum()))]
    lon, lat = unproject_km(xy)
    deposits = sites.iloc[parent].assign(
        site_id=np.arange(n, n + k), pcode=[f"deposit-{i}" for i in range(k)], name="", lon=lon.round(5),
        lat=lat.round(5), workers=0, visit_date="", ipis_armed=False, ipis_nonstate=False, ipis_army=False,
        ipis_army_interfering=False, ipis_children=False, capacity=np.maximum(capacity, 1.0))
    for col in ("ipis_interference", "ipis_itsci", "workers_imputed", "tc_named"):
        if col in deposits:
            deposits[col] = False
    if "ipis_group" in deposits:
        deposits["ipis_group"] = np.nan
    table = pd.concat([sites.assign(capacity=np.maximum(sites["workers"].to_numpy(float), 1.0)), deposits],
                      ignore_index=True)
    return table, np.vstack([site_xy, xy]), np.r_[np.arange(n), parent].astype(np.int64)


def unproject_km(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of `project_km`: (lon, lat) in degrees."""
    lat0 = np.deg2rad(-2.5)
    return np.rad2deg(xy[:, 0] / (EARTH_KM * np.cos(lat0))), np.rad2deg(xy[:, 1] / EARTH_KM)


def _neighbours(site_xy: np.ndarray, cfg: WorldConfig) -> tuple[np.ndarray, np.ndarray]:
    """Sites a miner can move to: the nearest `neighbours` within `max_move_km` (CSR)."""
    n = len(site_xy)
    k = min(cfg.neighbours + 1, n)
    dist, idx = cKDTree(site_xy).query(site_xy, k=k)
    dist, idx = dist.reshape(n, -1), idx.reshape(n, -1)
    keep = (idx != np.arange(n)[:, None]) & (dist * cfg.road_tortuosity <= cfg.max_move_km)   # row by row
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(keep.sum(axis=1))
    return indptr, idx[keep].astype(np.int32)
