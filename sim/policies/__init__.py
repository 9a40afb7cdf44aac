"""Policies (interventions): one small interface (`base.Policy`), one registry, switched on by configuration.

`REGISTRY` maps each key under `policies.` in the configuration to its class; its order is the order in which
the enabled policies act each week. Adding a policy: a module here with a `Policy` subclass, a config dataclass
in sim/config/policies.py (a `PolicyConfig`) under the same name in `PoliciesConfig`, and an entry below.
"""

from __future__ import annotations

from .base import Policies, Policy
from .border import BorderEnforcement
from .certification import Certification
from .ddr import DDR
from .dmz import DMZPolicy

REGISTRY: dict[str, type[Policy]] = {
    "ddr": DDR,
    "certification": Certification,
    "dmz": DMZPolicy,
    "border": BorderEnforcement,
}

__all__ = ["REGISTRY", "Policies", "Policy"]
