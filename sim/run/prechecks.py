"""Bad command lines refused in one line before Hydra starts, and Hydra's own errors turned into one line.

Every refusal names the key and what is allowed (a `ConfigError`); `entry` in sim/run/cli.py prints it as
`error: ...` and exits with status 2. `HYDRA_FULL_ERROR=1` in the environment shows Hydra's own report instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import IntervalSweep, Override
from hydra.errors import HydraException
from omegaconf.errors import ConfigAttributeError, ConfigKeyError, OmegaConfBaseException

from ..config import ConfigError
from ..config.schema import allowed_keys
from . import CONFIG_DIR, EXPERIMENTS_DIR

GROUPS = ("world", "shock", "scenario", "output", "experiment")
BASIC_SWEEPS = "a,b,c, range(), choice() or glob()"


def check_command_line(args: list[str]) -> None:
    """All checks of the arguments, in order."""
    check_groups(args)
    check_output_dirs(args)
    check_yaml(args)
    check_sweeps(args)


def check_groups(args: list[str]) -> None:
    """Refuse an unknown option of a config group (world=, scenario=...)."""
    if any(a.startswith("hydra.searchpath") or a.startswith("--config") or a.startswith("-cd") for a in args):
        return
    for a in args:
        if "=" not in a or a.startswith("-"):
            continue
        key, value = a.split("=", 1)
        group = key.lstrip("+~")
        if group not in GROUPS or not value or value.startswith(("range(", "choice(", "glob(")):
            continue
        options = sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))
        for v in value.split(","):
            if v.strip() not in options:
                raise ConfigError(f"{group}: unknown {group} {v.strip()!r}; allowed: {', '.join(options)}")


def check_output_dirs(args: list[str]) -> None:
    """Refuse an output folder that cannot be created (Hydra would fail with a traceback)."""
    for a in args:
        key, _, value = a.partition("=")
        if key in ("hydra.run.dir", "hydra.sweep.dir") and value and "${" not in value:
            try:
                Path(value).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"{key}: cannot create {value} ({exc.strerror or exc})") from None


def check_yaml(args: list[str]) -> None:
    """Refuse a malformed YAML config file (ours or one on hydra.searchpath)."""
    import yaml

    roots = [CONFIG_DIR]
    for a in args:
        if a.startswith("hydra.searchpath="):
            roots += [Path(m) for m in re.findall(r"file://([^,\]\s]+)", a)]
    for root in roots:
        for f in sorted(root.rglob("*.yaml")):
            try:
                yaml.safe_load(f.read_text())
            except (yaml.YAMLError, OSError) as exc:
                where = getattr(exc, "problem_mark", None)
                at = f" (line {where.line + 1})" if where is not None else ""
                raise ConfigError(f"{f}: malformed YAML{at}: {getattr(exc, 'problem', None) or exc}") from None


def _sweeper(args: list[str]) -> str:
    """The sweeper a multirun will use: `hydra/sweeper=X` on the command line, else the one an experiment
    selects (`override /hydra/sweeper: X` in experiments/NAME.yaml), else Hydra's default (`basic`)."""
    for a in args:
        if a.split("=", 1)[0].lstrip("+~") == "hydra/sweeper":
            return a.split("=", 1)[1]
    for a in args:
        if a.split("=", 1)[0].lstrip("+~") == "experiment":
            f = EXPERIMENTS_DIR / f"{a.split('=', 1)[1]}.yaml"
            m = re.search(r"override /hydra/sweeper:\s*(\S+)", f.read_text()) if f.is_file() else None
            if m:
                return m.group(1)
    return "basic"


def with_sweeper(args: list[str]) -> list[str]:
    """The arguments, plus `hydra/sweeper=ensemble` on a sweep for which neither the command line nor an
    experiment chose a sweeper: with design points (`ensemble.samples=N`) it crosses them with the sweep; without,
    it is Hydra's basic sweeper with a cheaper check that every job composes (each set of config-group choices
    composed once; under the warm launcher, forked workers inherit those compositions). Added here rather than
    in configs/config.yaml: Hydra keeps the first override of a group, so a default set there could not be
    overridden by an experiment such as policy_search."""
    multirun = any(a in ("-m", "--multirun") for a in args)
    chosen = any(a.split("=", 1)[0].lstrip("+~") == "hydra/sweeper" for a in args)
    if multirun and not chosen and _sweeper(args) == "basic":
        return [*args, "hydra/sweeper=ensemble"]
    return args


def check_sweeps(args: list[str]) -> None:
    """Refuse override syntax Hydra cannot parse, and sweep types the sweeper cannot run (the basic sweeper
    and the ensemble sweeper take lists, range(), choice() and glob(); interval() needs a search sweeper)."""
    overrides = [a for a in args if "=" in a and not a.startswith("-")]
    parser = OverridesParser.create()
    parsed: list[Override] = []
    for o in overrides:
        try:
            parsed += parser.parse_overrides([o])
        except HydraException as exc:
            raise ConfigError(f"{o.split('=', 1)[0]}: cannot read {o!r} ({str(exc).splitlines()[0]})") from None
    if not any(a in ("-m", "--multirun") for a in args) or _sweeper(args) not in ("basic", "ensemble"):
        return
    for o in parsed:
        if isinstance(o.value(), IntervalSweep):
            raise ConfigError(f"{o.get_key_element()}: interval() needs a search sweeper (hydra/sweeper=optuna, "
                              f"e.g. +experiment=policy_search); the basic sweeper takes {BASIC_SWEEPS}")


def hydra_error_line(exc: BaseException) -> str:
    """One line for an error Hydra raised while composing the configuration: the key and what is allowed."""
    cause = exc.__cause__ if isinstance(exc.__cause__, OmegaConfBaseException) else exc
    if isinstance(cause, ConfigKeyError | ConfigAttributeError) and getattr(cause, "full_key", None):
        key = cause.full_key
        parent, _, _ = key.rpartition(".")
        allowed = allowed_keys(parent)
        return f"{key}: unknown key; allowed under {parent or 'the top level'}: {', '.join(allowed)}"
    if isinstance(cause, OmegaConfBaseException):
        return str(ConfigError.from_omegaconf(cause))
    return str(exc).strip().splitlines()[0]
