"""People: the large population (miners, farmers, fighters, DDR participants) as struct-of-arrays.

Every attribute is declared once in `People.FIELDS` (name, dtype, unit, meaning, writer; sim.tables), as
Starsim declares its people.
One person per agent at full scale: about 500,000 people for eastern DRC (miners, the farming pool and
fighters), at under 30 bytes each.
"""

from __future__ import annotations

import numpy as np

from .codes import FARMING, FIGHTING, MINING
from .config import MinersConfig
from .streams import Streams
from .tables import Field, Table

# Status codes (sim.codes, int8). Changing status is a declared flow. Deaths (fighters killed in clashes) are the
# only exit, and each is matched by a newcomer (a young person coming of age near the same site): the population
# is constant, and the pool of people who might fight renews itself over decades.


class People(Table):
    """Struct-of-arrays population; `people.status[i]` etc. are NumPy arrays of length `n`."""

    FIELDS = {
        "status": Field(np.int8, "code", "what the person does this week (sim.codes: MINING, FARMING, FIGHTING, "
                        "PROGRAMME, REINTEGRATED, DEAD)", "miners, armed_groups, policies (DDR)"),
        "site": Field(np.int32, "id", "site where the person works, or lives near when not mining", "miners"),
        "group": Field(np.int16, "id", "armed group of a fighter (or last group of an ex-combatant); -1 if none",
                       "miners, armed_groups, policies (DDR)", -1),
        "child": Field(np.bool_, "-", "under 15", "population"),
        "skill": Field(np.float32, "-", "relative productivity, lognormal with mean 1", "population"),
        "farm_income": Field(np.float32, "USD/day", "income outside mining", "population"),
        "fight_aversion": Field(np.float32, "USD/day", "reluctance to join an armed group", "population"),
        "weeks": Field(np.int16, "weeks", "weeks in the current DDR status (programme or job)", "policies (DDR)"),
        "ddr": Field(np.bool_, "-", "has enrolled in DDR at some point (counts as ex-combatant)", "policies (DDR)"),
    }

    def __init__(self, n: int) -> None:
        super().__init__(n)
        self.order = np.arange(self.n, dtype=np.int32)   # revision schedule: people sorted by phase
        self.phase_start = np.zeros(2, dtype=np.int64)
        self.renewal_order = np.arange(self.n, dtype=np.int32)   # who ages out next (a fixed random order)
        self.renewal_next = 0.0                                     # position in that order (fractional)

    def revisers(self, week: int) -> np.ndarray:
        """People who reconsider their work this week (a fixed phase each: no random draw needed)."""
        k = week % (len(self.phase_start) - 1)
        return self.order[self.phase_start[k]:self.phase_start[k + 1]]

    def nbytes(self) -> int:
        return super().nbytes() + self.order.nbytes + self.renewal_order.nbytes


def create_people(capacity: np.ndarray, children_reported: np.ndarray, group_fighters: np.ndarray,
                  group_site: np.ndarray, scale: float, cfg: MinersConfig, streams: Streams) -> People:
    """Miners at each site (workers x scale), a farming pool beside them, and each group's fighters."""
    rng = streams.init("people")
    miners_at = np.round(capacity * scale).astype(np.int64)
    farmers_at = np.round(capacity * scale * cfg.farmer_pool_share).astype(np.int64)
    fighters = np.round(group_fighters * scale).astype(np.int64)
    n_m, n_f, n_g = int(miners_at.sum()), int(farmers_at.sum()), int(fighters.sum())
    people = People(n_m + n_f + n_g)
    sites = np.arange(len(capacity), dtype=np.int32)
    people.site[:n_m] = np.repeat(sites, miners_at)
    people.status[:n_m] = MINING
    people.site[n_m:n_m + n_f] = np.repeat(sites, farmers_at)
    people.status[n_m:n_m + n_f] = FARMING
    people.site[n_m + n_f:] = np.repeat(group_site.astype(np.int32), fighters)
    people.group[n_m + n_f:] = np.repeat(np.arange(len(fighters), dtype=np.int16), fighters)
    people.status[n_m + n_f:] = FIGHTING
    draw_traits(people, np.arange(people.n), cfg, rng)
    child_p = np.where(children_reported[people.site], cfg.child_share_reported, cfg.child_share_other)
    people.child[:] = (rng.random(people.n) < child_p) & (people.status != FIGHTING)
    period = cfg.revise_every_weeks
    phase = rng.integers(0, period, people.n)
    people.order = np.argsort(phase, kind="stable").astype(np.int32)
    people.phase_start = np.r_[0, np.cumsum(np.bincount(phase, minlength=period))].astype(np.int64)
    people.renewal_order = streams.init("renewal").permutation(people.n).astype(np.int32)
    return people


def renew(people: People, week_rate: float) -> np.ndarray:
    """Generations: each week a share `week_rate` of the population ages out and young people come of age in
    their place (a fixed random order, so every person's turn comes once in 1 / rate weeks). A civilian's
    place (mining or farming) is taken by a newcomer farming at the same site with fresh traits; fighters and
    DDR participants age out later, when their turn next comes as civilians. Returns the people renewed
    (ascending); the caller takes the miners among them off their sites' tallies first."""
    start = people.renewal_next
    people.renewal_next = (start + week_rate * people.n) % people.n
    a, b = int(start), int(start + week_rate * people.n)
    turn = people.renewal_order[np.arange(a, b) % people.n]
    st = people.status[turn]
    return np.sort(turn[(st == MINING) | (st == FARMING)])


def refresh(people: People, who: np.ndarray, cfg: MinersConfig, rng: np.random.Generator) -> None:
    """The newcomers of `renew`: farming at the same site, with fresh traits, adults."""
    people.status[who] = FARMING
    people.group[who] = -1
    people.ddr[who] = False
    people.weeks[who] = 0
    people.child[who] = False
    draw_traits(people, who, cfg, rng)


def draw_traits(people: People, idx: np.ndarray, cfg: MinersConfig, rng: np.random.Generator) -> None:
    """Draw skill, outside income and reluctance to fight for people `idx` (initialisation and newcomers)."""
    n = len(idx)
    sig = cfg.skill_sigma
    people.skill[idx] = rng.lognormal(-0.5 * sig * sig, sig, n)
    people.farm_income[idx] = rng.lognormal(np.log(max(cfg.farm_income_usd_day, 1e-9)), cfg.farm_income_sigma, n)
    people.fight_aversion[idx] = rng.lognormal(np.log(max(cfg.fighter_aversion_usd_day, 1e-9)),
                                               cfg.fighter_aversion_sigma, n)


def replace_dead(people: People, dead: np.ndarray, cfg: MinersConfig, rng: np.random.Generator) -> int:
    """Each person killed this week (`dead`, indices in ascending order) is replaced by a newcomer at the same
    site, farming, with fresh traits."""
    if len(dead):
        people.status[dead] = FARMING
        people.group[dead] = -1
        people.ddr[dead] = False
        people.weeks[dead] = 0
        people.child[dead] = False
        draw_traits(people, dead, cfg, rng)
    return len(dead)
