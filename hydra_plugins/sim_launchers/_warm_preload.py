"""Imported by the fork server (start_method=forkserver): runs the sweep's warm-up once, there.

The warm-up spec comes in the environment variable SIM_LAUNCHERS_WARMUP, set by the launcher before the
fork server starts. A failure is printed and left for each worker's initializer to raise properly.
"""

from __future__ import annotations

import os
import sys
import traceback

from hydra_plugins.sim_launchers._jobs import run_warmup

_spec = os.environ.get("SIM_LAUNCHERS_WARMUP")
if _spec:
    try:
        run_warmup(_spec)
    except Exception:  # noqa: BLE001 - reported; the workers' initializer will raise it again
        print(f"warm launcher: warm-up {_spec!r} failed in the fork server:", file=sys.stderr)
        traceback.print_exc()
