"""Where results come from: the commit, whether the model code had uncommitted changes, and a hash of the
model code as it is on disk. "Model code" is what decides outputs: `sim/` without `sim/run/` (the ways of
running it), and `configs/`; the studies (`analysis/`), the page (`workshop/`) and the tests are not."""

from __future__ import annotations

import hashlib
import subprocess
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL_PATHS = ("sim", "configs")
NOT_MODEL = ("sim/run",)


def model_files() -> list[Path]:
    """The model's source and configuration files, sorted."""
    files = [*ROOT.glob("sim/**/*.py"), *ROOT.glob("configs/**/*.yaml")]
    return sorted(f for f in files if not any(f.relative_to(ROOT).as_posix().startswith(p + "/") for p in NOT_MODEL))


def model_hash() -> str:
    """A hash of the model files' bytes (changes with any edit, committed or not)."""
    return hashlib.sha1(b"".join(f.read_bytes() for f in model_files())).hexdigest()[:10]


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True,
                          timeout=10).stdout.strip()


@lru_cache(maxsize=1)
def commit() -> str:
    """The commit of the code that ran, with '+dirty' if the model code had uncommitted changes; 'unknown'
    outside a git checkout."""
    try:
        head = _git("rev-parse", "HEAD")
        paths = [*MODEL_PATHS, *(f":(exclude){p}" for p in NOT_MODEL)]
        dirty = _git("status", "--porcelain", "-uno", "--", *paths)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if dirty else "") if head else "unknown"


def code_version() -> str:
    """One line for reports: the commit (short), uncommitted model changes if any, and the model hash."""
    c = commit()
    if c == "unknown":
        return f"model code hash {model_hash()}"
    short = c[:7] + (" + uncommitted changes" if c.endswith("+dirty") else "")
    return f"commit {short} (model code hash {model_hash()})"


def same_code(before: str) -> str:
    """`before`, flagged if the model code changed while runs were going (results would mix versions). A new
    commit that leaves the model code as it was (same model hash) is noted, not flagged."""
    commit.cache_clear()
    now = code_version()
    if now == before:
        return before
    if before.endswith(f"model code hash {model_hash()})"):
        return f"{before}; the model code is unchanged at {now}"
    import sys

    print(f"warning: model code changed during the runs ({before} -> {now}); rerun", file=sys.stderr)
    return f"{before}, CHANGED during the runs to {now}: rerun"
