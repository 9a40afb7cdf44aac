"""Codes shared by the model and its kernels: plain integers, defined once (kernels import nothing else of sim).

People: what a person does this week. Sites: who holds a site. Roadblocks: who runs it. Flows: the columns of
the market's table of ore by channel (kg per mineral and week).
"""

from __future__ import annotations

# people (int8): changing status is a declared flow; DEAD is transient (a newcomer takes the place in the week)
MINING, FARMING, FIGHTING, PROGRAMME, REINTEGRATED, DEAD = 0, 1, 2, 3, 4, 5

# sites (int8): nobody, an army garrison, a non-state armed group, a demilitarised-zone garrison (policy)
NONE, STATE, NONSTATE, DMZ = 0, 1, 2, 3
CONTROLLER_NAMES = {NONE: "none", STATE: "state", NONSTATE: "nonstate", DMZ: "dmz"}

# roadblocks (int8): the army or police, a non-state armed group, civilian or customary authorities
RB_STATE, RB_NONSTATE, RB_OTHER = 1, 2, 4

# flows of ore sold (columns of Market.flows, kg): official uncertified, certified (genuine), laundered and
# passed, laundered and seized by an audit, smuggled through, smuggled and seized
FLOW_OFFICIAL, FLOW_CERTIFIED, FLOW_LAUNDERED, FLOW_LAUNDER_SEIZED, FLOW_SMUGGLED, FLOW_SMUGGLE_SEIZED = range(6)
N_FLOWS = 6
