"""Numba kernels: pure functions of arrays and pre-drawn random numbers (no model objects, no RNG).

Every kernel is `@njit(cache=True)`; its plain-Python twin is `kernel.py_func` (tests compare the two).
"""

from .groups import weighted_picks
from .market import clear_market
from .miners import choose_work, fighter_fates, income_per_skill, release_miners, site_output
from .taxation import roadblock_taxes, site_taxes

KERNELS = (site_output, income_per_skill, choose_work, fighter_fates, release_miners, clear_market, site_taxes,
           roadblock_taxes, weighted_picks)

__all__ = ["KERNELS", "choose_work", "clear_market", "fighter_fates", "income_per_skill", "release_miners", "roadblock_taxes",
           "site_output", "site_taxes", "weighted_picks"]
