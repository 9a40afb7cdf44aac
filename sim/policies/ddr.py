"""DDR: disarmament, demobilisation and reintegration of fighters, with alternative employment, as a choice.

The programme offers `capacity_per_year` places (spread over the weeks). Who comes is decided by the people:
- A serving fighter reconsiders when his turn comes (every `miners.revise_every_weeks` weeks, like everyone).
  He compares staying, his group's pay (USD/day), with the programme: the stipend for `programme_weeks` and the
  job wage for `job_weeks`, averaged per day and discounted by `payment_reliability` (what he counts on being
  paid), less `exit_cost_usd_day` (reprisals, lost protection and standing). A logit choice (Gumbel terms of
  scale `miners.choice_noise_usd_day`, as in the miners' choice). Of those who want to leave, his commander keeps
  back each with probability `commander_hold` (commanders controlled who demobilised).
- A released fighter (deserted, or his group dissolved) who has not been through DDR compares the programme with
  his life outside (his farm income) when his turn comes.
- Volunteers fill the week's places, released fighters first, the rest in random order; those left over wait
  for their next turn. Enrolment is therefore limited by uptake when places are plenty, by capacity otherwise.
Participants spend `programme_weeks` on the stipend, then hold the job, then return to civilian life (farming,
free to mine). The revolving door: a participant at a site where a group recruits goes back when, at his turn,
fighting (the group's pay less his reluctance to fight) beats what the programme pays him (the same logit
choice); or is taken by force (`forced_recruitment_prob_week`).
Cost: `cost_per_participant_usd` at enrolment plus stipends and wages (policy_cost_usd).
"""

from __future__ import annotations

import numpy as np

from ..codes import FARMING, FIGHTING, PROGRAMME, REINTEGRATED
from ..sampling import top_k
from .base import Policy


class DDR(Policy):
    """The DDR programme: places this week (`quota`), participants' progress, enrolment by choice."""

    def __init__(self, model, cfg) -> None:
        super().__init__(model, cfg)
        self.quota = 0.0
        self.enrolled_total = 0
        self.enrolled_week = 0
        c = cfg   # what the programme pays, per day over the programme and the job (USD/day)
        self.package_usd_day = (c.stipend_usd_week * c.programme_weeks + 7 * c.job_wage_usd_day * c.job_weeks) / (
            7.0 * (c.programme_weeks + c.job_weeks))

    def step(self) -> None:
        m, c, pp = self.model, self.cfg, self.model.people
        rng = m.streams.week("policy_ddr", m.week)
        part = self._progress()
        self._returns(part, rng)
        self.quota += c.capacity_per_year / 52.0
        taken = self._enrol(int(self.quota), rng)
        self.quota -= len(taken)
        self.enrolled_week = len(taken)
        self.enrolled_total += len(taken)
        part = np.union1d(part[pp.status[part] != FIGHTING], taken)   # (a recidivist may be enrolled again at once)
        status = pp.status[part]
        self.spent = float(len(taken) * c.cost_per_participant_usd
                           + np.count_nonzero(status == PROGRAMME) * c.stipend_usd_week
                           + np.count_nonzero(status == REINTEGRATED) * c.job_wage_usd_day * 7.0)

    def outcomes(self) -> dict[str, float]:
        """People in or through the programme who are not fighting again; people enrolled this week."""
        pp = self.model.people
        return {"ex_combatants": int(np.count_nonzero(pp.ddr & (pp.status != FIGHTING))),
                "ddr_enrolled": self.enrolled_week}

    def _progress(self) -> np.ndarray:
        """Participants move on: programme -> job -> civilian life. Returns those still in (index order; only DDR
        gives or takes these two statuses, so this short list is all of them this week)."""
        c, pp = self.cfg, self.model.people
        part = np.flatnonzero((pp.status == PROGRAMME) | (pp.status == REINTEGRATED))
        pp.weeks[part] += 1
        done_prog = part[(pp.status[part] == PROGRAMME) & (pp.weeks[part] >= c.programme_weeks)]
        pp.status[done_prog] = REINTEGRATED
        pp.weeks[done_prog] = 0
        done_job = part[(pp.status[part] == REINTEGRATED) & (pp.weeks[part] >= c.job_weeks)]
        pp.status[done_job] = FARMING
        return part[pp.status[part] != FARMING]

    def _logit_prefers(self, a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Whether option a (USD/day) beats option b, each with a Gumbel term of the choice-noise scale."""
        noise = self.model.cfg.miners.choice_noise_usd_day
        g = rng.gumbel(size=(len(a), 2))
        return a + noise * g[:, 0] > b + noise * g[:, 1]

    def _returns(self, part: np.ndarray, rng: np.random.Generator) -> None:
        """Participants (index order) who go back to an armed group this week: by choice at their turn, or by
        force."""
        m, c, pp = self.model, self.cfg, self.model.people
        turn = np.zeros(pp.n, dtype=np.bool_)
        turn[pp.revisers(m.week)] = True
        u = rng.random(len(part))
        if len(part) == 0:
            return
        holder = m.control.nonstate_holder()[pp.site[part]]    # the group that coerces where they live
        recruit = np.where((holder >= 0) & (m.groups.recruit_slots[holder] > 0), holder, -1)   # ... and recruits
        now = c.payment_reliability * np.where(pp.status[part] == PROGRAMME, c.stipend_usd_week / 7.0,
                                               c.job_wage_usd_day)
        fight = m.groups.pay[np.maximum(recruit, 0)] - pp.fight_aversion[part]
        lured = (recruit >= 0) & turn[part] & self._logit_prefers(fight, now, rng)
        forced = (holder >= 0) & (u < c.forced_recruitment_prob_week)
        group = np.where(forced, holder, recruit)
        back = (group >= 0) & (lured | forced)
        who, g = part[back], group[back]
        pp.status[who] = FIGHTING
        pp.group[who] = g
        pp.weeks[who] = 0
        np.add.at(m.groups.fighters, g, 1)
        np.subtract.at(m.groups.recruit_slots, recruit[back][~forced[back]], 1)
        np.maximum(m.groups.recruit_slots, 0, out=m.groups.recruit_slots)

    def _volunteers(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(released fighters, serving fighters) whose turn it is this week and who choose the programme (the
        serving ones not kept back by their commander)."""
        m, c, pp = self.model, self.cfg, self.model.people
        turn = pp.revisers(m.week)
        status = pp.status[turn]
        offer = c.payment_reliability * self.package_usd_day
        released = turn[(status == FARMING) & (pp.group[turn] >= 0) & ~pp.ddr[turn]]
        released = released[self._logit_prefers(np.full(len(released), offer), pp.farm_income[released], rng)]
        serving = turn[status == FIGHTING]
        want = self._logit_prefers(np.full(len(serving), offer - c.exit_cost_usd_day),
                                   m.groups.pay[pp.group[serving]], rng)
        held = rng.random(len(serving)) < c.commander_hold
        return released, serving[want & ~held]

    def _enrol(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Enrol up to `n` volunteers, released fighters first, the rest in random order; their indices."""
        m, pp = self.model, self.model.people
        released, serving = self._volunteers(rng)
        order = np.concatenate([released[top_k(rng.random(len(released)), len(released))],
                                serving[top_k(rng.random(len(serving)), len(serving))]])
        take = order[: max(n, 0)]
        leaving = take[pp.status[take] == FIGHTING]
        np.subtract.at(m.groups.fighters, pp.group[leaving], 1)
        pp.status[take] = PROGRAMME
        pp.weeks[take] = 0
        pp.ddr[take] = True
        return np.sort(take)
