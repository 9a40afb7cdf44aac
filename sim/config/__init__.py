"""Structured configuration: the schema of every Hydra group, with units and sources.

Each dataclass is one Hydra group (one concern of the model) and mirrors the module that uses it: `world`
(sim/world.py), `miners`, `armed_groups`, `state_forces`, `market` (actors.py here), `policies` and `shock`
(policies.py here), `minerals` (minerals.py here), and the run itself (schema.py). Every default parameter
carries `unit` and `source` metadata (`base.p`); `docs/parameters.md` is generated from it
(`python -m analysis.parameter_table`). Sources point to rows of `../shared/research/FACTS.md` ("fact N") or
say "assumption" with a documented range. Range checks that types cannot express live in `validate()`.
"""

from .actors import ArmedGroupsConfig, DepositsConfig, MarketConfig, MinersConfig, StateForcesConfig
from .base import ConfigError, default_of, p
from .minerals import DEFAULT_MINERALS, METRIC_MINERALS, MINERAL_SOURCES, MineralConfig
from .policies import BorderConfig, CertificationConfig, DDRConfig, DMZConfig, PoliciesConfig, ShockConfig
from .schema import Config, OutputConfig, check_keys, register_configs, validate
from .world import CountryConfig, PlaceConfig, WorldConfig

__all__ = ["DEFAULT_MINERALS", "DepositsConfig", "METRIC_MINERALS", "MINERAL_SOURCES", "ArmedGroupsConfig", "BorderConfig",
           "CertificationConfig", "Config", "CountryConfig", "ConfigError", "DDRConfig", "DMZConfig", "MarketConfig",
           "MineralConfig", "MinersConfig", "OutputConfig", "PlaceConfig", "PoliciesConfig",
           "ShockConfig", "StateForcesConfig", "WorldConfig", "check_keys", "default_of", "p", "register_configs",
           "validate"]
