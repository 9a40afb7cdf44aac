"""The world's data files and how its route network is built (sim/world.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from omegaconf import MISSING as OC_MISSING

from .base import p


@dataclass
class PlaceConfig:
    """A named point: an export hub or a border crossing."""

    name: str = OC_MISSING
    lon: float = OC_MISSING
    lat: float = OC_MISSING
    country: str = "DRC"
    formal: bool = True


@dataclass
class CountryConfig:
    """A neighbouring country where smuggled ore is sold: its export levy and whether its exporters pass off
    Congolese 3T ore as their own tagged ore (cross-border laundering)."""

    name: str = OC_MISSING
    export_levy_share: float = 0.0   # share of value (sources in the world's yaml)
    launders: bool = False


@dataclass
class WorldConfig:
    """Where the world's data live and how its route network is built (worlds are configuration)."""

    name: str = p("eastern_drc", "-", "setting", "world name")
    sites: str = p("data/eastern_drc/sites.csv", "path", "IPIS open data, derived by sim/data/derive_ipis.py",
                   "site table (relative to the sim package or absolute)")
    trading_centres: str = p("data/eastern_drc/trading_centres.csv", "path", "derived from IPIS selling points",
                             "trading-centre table")
    armed_groups: str = p("data/eastern_drc/armed_groups.csv", "path", "IPIS sightings + fact 14",
                          "armed-group table (home, fighters)")
    hubs: list[PlaceConfig] = field(default_factory=list)
    crossings: list[PlaceConfig] = field(default_factory=list)
    countries: list[CountryConfig] = field(default_factory=list)
    initial_control: str = p("ipis", "-", "setting",
                             "who holds sites at the start: ipis (the cross-section at each site's latest visit) or "
                             "empty (nobody; army units redeploy by their rule, groups start from their homes) for "
                             "out-of-sample spatial validation", choices=("ipis", "empty"))
    population_scale: float = p(1.0, "persons per worker", "DESIGN s5 (one person per agent)",
                                "people created per worker in the site table", lo=1e-6)
    road_tortuosity: float = p(1.0, "ratio", "assumption (the road tree already winds: routes are ~1.4x the "
                               "straight site-centre-hub line, typical rural circuity 1.2-1.6)",
                               "length of a road edge / straight-line distance between its ends", lo=1,
                               plausible=(1.0, 1.3))
    roadblock_spacing_km: float = p(18.0, "km", "fact 8", "mean distance between roadblocks on trunk roads", lo=0.1)
    roadblock_nonstate_share: float = p(0.22, "share", "fact 8", "roadblocks run by non-state armed groups",
                                        lo=0, hi=1)
    roadblock_state_share: float = p(0.71, "share", "fact 8",
                                     "roadblocks run by state or state-tolerated actors (rest: civilian/customary)",
                                     lo=0, hi=1)
    neighbours: int = p(8, "sites", "assumption", "candidate sites a miner can move to (the nearest ones)", lo=1,
                        plausible=(4, 12))
    max_move_km: float = p(60.0, "km", "assumption", "farthest site a miner considers moving to", lo=0,
                           plausible=(30.0, 120.0))
    max_crossing_km: float = p(400.0, "km", "assumption", "farthest border crossing a hub's smugglers use", lo=0,
                               plausible=(250.0, 600.0))
    prospects_per_site: float = p(1.0, "deposits per site", "assumption (IRIN 2013, Ituri: 'one [mine] is born and "
                                  "one dies every day'; Jonsson & Bryceson 2009: miners move from strike to strike)",
                                  "undiscovered deposits drawn around each IPIS site (where new sites can open)",
                                  lo=0, plausible=(0.5, 2.0))
    prospect_radius_km: float = p(10.0, "km", "assumption ('when one gold mine is finished, we move onto another "
                                  "hill', IRIN 2013)", "farthest a deposit lies from the site it is drawn around",
                                  lo=1, plausible=(5.0, 20.0))
    prospect_seed: int = p(1, "-", "setting", "seed of the deposits' positions and sizes (part of the world's "
                           "geography: the same for every run seed)", lo=0)
