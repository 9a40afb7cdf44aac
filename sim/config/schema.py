"""The top-level configuration of a run and its checks (the schema Hydra validates against)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from .actors import ArmedGroupsConfig, DepositsConfig, MarketConfig, MinersConfig, StateForcesConfig
from .base import ConfigError, check_dataclass, default_of, p
from .exploration import EnsembleConfig, SearchConfig
from .minerals import DEFAULT_MINERALS, MineralConfig
from .policies import PoliciesConfig, ShockConfig
from .world import WorldConfig


@dataclass
class OutputConfig:
    """What a run writes (sim/run/outputs.py)."""

    site_every: int = p(4, "weeks", "DESIGN s4", "weeks between site snapshots", lo=1)
    progress: str = p("auto", "-", "setting", "progress bar: auto (only on a terminal), on, off",
                      choices=("auto", "on", "off"))
    write: bool = p(True, "-", "setting", "write output files")


@dataclass
class Config:
    """Top-level configuration: `python -m sim [overrides]`."""

    world: WorldConfig = field(default_factory=WorldConfig)
    seed: int = p(0, "-", "setting", "run seed (all random streams derive from it)", lo=0)
    steps: int = p(520, "weeks", "DESIGN s2", "weeks to simulate", lo=1)
    debug: bool = p(False, "-", "setting", "check conservation and ranges every step")
    shock: ShockConfig = field(default_factory=ShockConfig)
    policies: PoliciesConfig = field(default_factory=PoliciesConfig)
    minerals: dict[str, MineralConfig] = field(default_factory=lambda: dict(DEFAULT_MINERALS))
    miners: MinersConfig = field(default_factory=MinersConfig)
    deposits: DepositsConfig = field(default_factory=DepositsConfig)
    armed_groups: ArmedGroupsConfig = field(default_factory=ArmedGroupsConfig)
    state_forces: StateForcesConfig = field(default_factory=StateForcesConfig)
    market: MarketConfig = field(default_factory=MarketConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    ensemble: EnsembleConfig = field(default_factory=EnsembleConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    scenario: str = p("baseline", "-", "setting", "label of the policy mix (set by the scenario group)")


def register_configs() -> None:
    """Register the schema with Hydra's ConfigStore (called before the Hydra app starts)."""
    ConfigStore.instance().store(name="schema", node=Config)


def allowed_keys(path: str) -> list[str]:
    """The keys the schema allows under a dotted path ('' for the top level; `minerals.gold` for a mineral)."""
    node: Any = Config()
    for part in [k for k in path.split(".") if k]:
        if is_dataclass(node):
            node = getattr(node, part, None)
        elif isinstance(node, dict):
            node = node.get(part, MineralConfig())
        else:
            return []
    if isinstance(node, dict):
        return sorted(node)
    return sorted(f.name for f in fields(node)) if is_dataclass(node) else []


def check_keys(node: Any, schema: Any, prefix: str = "") -> None:
    """Refuse keys the schema does not have (Hydra lets `+key=value` add them to a structured config)."""
    if not is_dataclass(schema) or not hasattr(node, "keys"):
        return
    allowed = {f.name: f for f in fields(schema)}
    for k in node.keys():
        if prefix == "" and k == "hydra":
            continue
        if k not in allowed:
            raise ConfigError(f"{prefix}{k}: unknown key; allowed under {prefix.rstrip('.') or 'the top level'}: "
                              f"{', '.join(sorted(allowed))}")
        sub = default_of(allowed[k])
        if is_dataclass(sub):
            check_keys(node[k], sub, f"{prefix}{k}.")
        elif isinstance(sub, dict) and sub and is_dataclass(next(iter(sub.values()))):
            kind = type(next(iter(sub.values())))
            for name in node[k].keys():
                check_keys(node[k][name], kind(), f"{prefix}{k}.{name}.")


def validate(cfg: Config) -> None:
    """Refuse out-of-range or inconsistent values with a ConfigError naming the key."""
    check_dataclass(cfg, "")
    if not cfg.minerals:
        raise ConfigError("minerals: at least one mineral must be defined")
    for name, m in cfg.minerals.items():
        check_dataclass(m, f"minerals.{name}.")
    if cfg.shock.kind == "price" and cfg.shock.mineral not in cfg.minerals:
        raise ConfigError(f"shock.mineral: unknown mineral {cfg.shock.mineral!r}; allowed: {', '.join(cfg.minerals)}")
    for f in fields(cfg.policies):
        pname, pol = f.name, getattr(cfg.policies, f.name)
        if pol.end is not None and pol.end < pol.start:
            raise ConfigError(f"policies.{pname}.end: must be >= start ({pol.start}) or null, got {pol.end}")
    for m in cfg.policies.certification.minerals:
        if m not in cfg.minerals:
            raise ConfigError(f"policies.certification.minerals: unknown mineral {m!r}; "
                              f"allowed: {', '.join(cfg.minerals)}")
    if cfg.policies.certification.enabled and not cfg.policies.certification.minerals:
        raise ConfigError("policies.certification.minerals: empty; name at least one mineral")
    w = cfg.world
    if w.roadblock_nonstate_share + w.roadblock_state_share > 1 + 1e-9:
        raise ConfigError("world.roadblock_nonstate_share + world.roadblock_state_share: must be <= 1")
    if not w.hubs:
        raise ConfigError("world.hubs: a world needs at least one export hub")
    if not w.crossings:
        raise ConfigError("world.crossings: a world needs at least one border crossing")
    known = {c.name for c in w.countries}
    for i, c in enumerate(w.crossings):
        if c.country not in known:
            raise ConfigError(f"world.crossings[{i}].country: {c.country!r} is not under world.countries; "
                              f"allowed: {', '.join(sorted(known)) or 'none defined'}")


def window_warnings(cfg: Config, overridden: list[str] = ()) -> list[str]:
    """Settings that make a run quietly do nothing the analyst asked for: a policy or shock that starts after
    the run's last week (weeks 0 to steps - 1), or a policy's parameter set while the policy is off."""
    out = []
    for f in fields(cfg.policies):
        pol = getattr(cfg.policies, f.name)
        if pol.enabled and pol.start >= cfg.steps:
            out.append(f"policies.{f.name} starts in week {pol.start} but the run's last week is {cfg.steps - 1}: "
                       f"it never acts (lower policies.{f.name}.start or raise steps)")
        if not pol.enabled:
            keys = sorted({k for k in overridden if k.startswith(f"policies.{f.name}.")
                           and k != f"policies.{f.name}.enabled"})
            if keys:
                out.append(f"{', '.join(keys)} set but policies.{f.name} is off: it has no effect "
                           f"(add policies.{f.name}.enabled=true or scenario={f.name})")
    if cfg.shock.kind != "none" and cfg.shock.start >= cfg.steps:
        out.append(f"shock starts in week {cfg.shock.start} but the run's last week is {cfg.steps - 1}: it never "
                   f"happens (lower shock.start or raise steps)")
    return out


def enabled_policies(cfg: Config) -> list[str]:
    """Names of the policies switched on in this configuration."""
    return [f.name for f in fields(cfg.policies) if getattr(cfg.policies, f.name).enabled]


def to_config(cfg: DictConfig) -> Config:
    """Hydra's composed config as the typed schema object (raises ConfigError on a bad value)."""
    check_keys(cfg, Config())
    try:
        c = OmegaConf.to_object(cfg)
    except OmegaConfBaseException as exc:
        raise ConfigError.from_omegaconf(exc) from None
    validate(c)
    return c
