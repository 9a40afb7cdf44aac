"""cloudpickle, from wherever it is installed (joblib>=1.6 requires it; older joblib and Ray vendor it)."""

from __future__ import annotations

try:
    import cloudpickle
except ImportError:  # pragma: no cover - depends on what is installed
    try:
        from joblib.externals import cloudpickle  # type: ignore[no-redef]
    except ImportError:
        from ray import cloudpickle  # type: ignore[no-redef]

dumps = cloudpickle.dumps

__all__ = ["cloudpickle", "dumps"]
