"""Building blocks of the schema: a parameter with its unit, source and checks; the error a refused value raises."""

from __future__ import annotations

import math
from dataclasses import MISSING, field, fields, is_dataclass
from typing import Any


def p(default: Any, unit: str, source: str, doc: str, **checks: Any) -> Any:
    """A parameter: default value plus unit, source, meaning and range checks (lo, hi, choices) and, for an
    uncertain one, `plausible=(low, high)`: the range an exploration of the uncertainty space samples (the
    checks say what is allowed, the plausible range what is believable)."""
    meta = {"unit": unit, "source": source, "doc": doc, **checks}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda d=default: type(d)(d), metadata=meta)
    return field(default=default, metadata=meta)


class ConfigError(ValueError):
    """A configuration value is refused; the message names the key and what is allowed."""

    @classmethod
    def from_omegaconf(cls, exc: Exception) -> ConfigError:
        """OmegaConf's error (unknown key, wrong type) as one line naming the key."""
        return cls(f"{getattr(exc, 'full_key', None) or 'config'}: {str(exc).splitlines()[0]}")


# -------------------------------------------------------------------------------------------------- validation
def check_dataclass(obj: Any, prefix: str) -> None:
    """Refuse a non-finite number or a value outside its field's `lo`, `hi` or `choices` (recursively)."""
    for f in fields(obj):
        val = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if is_dataclass(val):
            check_dataclass(val, key + ".")
            continue
        if isinstance(val, list) and val and is_dataclass(val[0]):
            for i, v in enumerate(val):
                check_dataclass(v, f"{key}[{i}].")
            continue
        m = f.metadata
        if val is None:
            continue
        if isinstance(val, float) and not math.isfinite(val):
            raise ConfigError(f"{key}: must be a finite number, got {val}")
        if "lo" in m and val < m["lo"]:
            raise ConfigError(f"{key}: must be >= {m['lo']}, got {val}")
        if "hi" in m and val > m["hi"]:
            raise ConfigError(f"{key}: must be <= {m['hi']}, got {val}")
        if "choices" in m and val not in m["choices"]:
            raise ConfigError(f"{key}: must be one of {', '.join(m['choices'])}; got {val!r}")


def default_of(f: Any) -> Any:
    """The default value of a dataclass field (calling its factory), or None."""
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None
