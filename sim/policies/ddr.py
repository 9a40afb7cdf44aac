"""DDR: disarmament, demobilisation and reintegration of fighters, with alternative employment.

Each week the programme enrols up to `capacity_per_year / 52` people: first fighters already released (their
group dissolved, or they deserted) who have not been through DDR, then serving fighters, drawn with weights
that grow as their group's pay falls short (revenue per fighter against upkeep: poor pay or a losing group
makes fighters come out). Participants spend `programme_weeks` in the programme on a stipend, then hold a
reintegration job at `job_wage_usd_day` for `job_weeks`, then return to civilian life (farming, free to mine).
Recidivism: a participant at a site where a group recruits goes back to fighting when fighting pays more
than life outside by `recidivism_pay_gap_usd_day`, or is taken by force (`forced_recruitment_prob_week`).
Cost: `cost_per_participant_usd` at enrolment plus stipends and wages (policy_cost_usd).
"""

from __future__ import annotations

import numpy as np

from ..codes import FARMING, FIGHTING, PROGRAMME, REINTEGRATED
from ..sampling import top_k, weighted_sample
from .base import Policy


class DDR(Policy):

    def __init__(self, model, cfg) -> None:
        super().__init__(model, cfg)
        self.quota = 0.0
        self.enrolled_total = 0

    def step(self) -> None:
        m, c, pp = self.model, self.cfg, self.model.people
        rng = m.streams.week("policy_ddr", m.week)
        cost = 0.0
        # 1. progress through the programme and the job (only DDR gives or takes these two statuses, so the
        #    participants found here are all there are this week: later steps work on this short list)
        part = np.flatnonzero((pp.status == PROGRAMME) | (pp.status == REINTEGRATED))
        pp.weeks[part] += 1
        done_prog = part[(pp.status[part] == PROGRAMME) & (pp.weeks[part] >= c.programme_weeks)]
        pp.status[done_prog] = REINTEGRATED
        pp.weeks[done_prog] = 0
        done_job = part[(pp.status[part] == REINTEGRATED) & (pp.weeks[part] >= c.job_weeks)]
        pp.status[done_job] = FARMING
        part = part[pp.status[part] != FARMING]
        # 2. recidivism among participants
        self._recidivism(part, rng)
        # 3. enrolment up to this week's capacity
        self.quota += c.capacity_per_year / 52.0
        n = int(self.quota)
        if n > 0:
            taken = self._enrol(n, rng)
            self.quota -= len(taken)
            self.enrolled_total += len(taken)
            cost += len(taken) * c.cost_per_participant_usd
            part = np.union1d(part, taken)   # (a recidivist may be enrolled again at once)
        status = pp.status[part]
        cost += np.count_nonzero(status == PROGRAMME) * c.stipend_usd_week
        cost += np.count_nonzero(status == REINTEGRATED) * c.job_wage_usd_day * 7.0
        self.spent = float(cost)

    def outcomes(self) -> dict[str, float]:
        """People in or through the programme who are not fighting again."""
        pp = self.model.people
        return {"ex_combatants": int(np.count_nonzero(pp.ddr & (pp.status != FIGHTING)))}

    def _enrol(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Enrol up to `n` people (released fighters first, then serving ones); their indices."""
        m, pp = self.model, self.model.people
        ever = np.flatnonzero(pp.group >= 0)   # fighters and everyone who has been one (one pass, not two)
        status = pp.status[ever]
        released = ever[(status == FARMING) & ~pp.ddr[ever]]
        fighters = ever[status == FIGHTING]
        # weights for serving fighters: how far their group's revenue per fighter falls short of upkeep
        upkeep = max(m.cfg.armed_groups.upkeep_usd_week, 1e-9)
        per_fighter = m.groups.revenue / np.maximum(m.groups.fighters, 1)
        shortfall = np.clip(1.0 - per_fighter / upkeep, 0.05, 1.0)
        u_rel = rng.random(len(released))
        u_fig = rng.random(len(fighters))
        take_rel = released[top_k(-u_rel, n)]
        k = n - len(take_rel)
        take_fig = np.zeros(0, dtype=np.int64)
        if k > 0 and len(fighters):
            take_fig = fighters[weighted_sample(u_fig, shortfall[pp.group[fighters]], k)]
            np.subtract.at(m.groups.fighters, pp.group[take_fig], 1)
        take = np.concatenate([take_rel, take_fig])
        pp.status[take] = PROGRAMME
        pp.weeks[take] = 0
        pp.ddr[take] = True
        return take

    def _recidivism(self, part: np.ndarray, rng: np.random.Generator) -> int:
        """Participants `part` (index order) who go back to an armed group this week."""
        m, c, pp = self.model, self.cfg, self.model.people
        u = rng.random((len(part), 2))
        if len(part) == 0:
            return 0
        holder = m.control.nonstate_holder()[pp.site[part]]    # the group that coerces where they live
        recruit = np.where((holder >= 0) & (m.groups.recruit_slots[holder] > 0), holder, -1)   # ... and recruits
        outside = np.where(pp.status[part] == PROGRAMME, c.stipend_usd_week / 7.0, c.job_wage_usd_day)
        pay = np.where(recruit >= 0, m.groups.pay[np.maximum(recruit, 0)], 0.0)
        lured = (recruit >= 0) & (pay - outside > c.recidivism_pay_gap_usd_day) & \
            (u[:, 0] < 1.0 / m.cfg.miners.revise_every_weeks)
        forced = (holder >= 0) & (u[:, 1] < c.forced_recruitment_prob_week)
        group = np.where(forced, holder, recruit)
        back = (group >= 0) & (lured | forced)
        who, g = part[back], group[back]
        pp.status[who] = FIGHTING
        pp.group[who] = g
        pp.weeks[who] = 0
        np.add.at(m.groups.fighters, g, 1)
        np.subtract.at(m.groups.recruit_slots, recruit[back][~forced[back]], 1)
        np.maximum(m.groups.recruit_slots, 0, out=m.groups.recruit_slots)
        return len(who)
