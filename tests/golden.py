"""Stored-output regression: fingerprints of the output tables of three fixed runs.

`tests/golden/outputs.json` holds, for each case, a blake2b fingerprint of every column of the run's output
tables (metrics, sites): name, dtype and values. A change that should not move outputs (a refactor, a speed-up)
must leave every fingerprint as it is (`tests/test_golden.py`); a change that moves them regenerates the file in
the same commit and says why:

    .venv/bin/python -m tests.golden            # rewrite tests/golden/outputs.json
    .venv/bin/python -m tests.golden --check    # print which columns differ (what the test does)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

GOLDEN = Path(__file__).resolve().parent / "golden" / "outputs.json"
ALL_POLICIES = {"policies.ddr.enabled": True, "policies.ddr.start": 20, "policies.ddr.capacity_per_year": 500,
                "policies.certification.enabled": True, "policies.certification.start": 20,
                "policies.certification.sites_per_year": 60, "policies.dmz.enabled": True, "policies.dmz.start": 20,
                "policies.dmz.n_sites": 6, "policies.border.enabled": True, "policies.border.start": 20,
                "shock.kind": "price", "shock.mineral": "tantalum", "shock.factor": 3.0, "shock.start": 30}
# case name -> (world, overrides)
CASES: dict[str, tuple[str, dict[str, object]]] = {
    "small_baseline": ("small", {"steps": 156, "seed": 1}),
    "small_all_policies_and_shock": ("small", {"steps": 156, "seed": 2, **ALL_POLICIES}),
    "eastern_drc_52_weeks": ("eastern_drc", {"steps": 52, "seed": 0}),
}


def column_fingerprint(s: pd.Series) -> str:
    """blake2b of a column's dtype and values (categorical columns by their labels)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        values = np.asarray(s.astype(str).to_numpy(), dtype=str)
    else:
        values = np.ascontiguousarray(s.to_numpy())
    h = hashlib.blake2b(digest_size=12)
    h.update(str(s.dtype).encode())
    h.update(values.tobytes())
    return h.hexdigest()


def tables(world: str, overrides: dict[str, object]) -> dict[str, pd.DataFrame]:
    """The output tables of one run, as the CLI writes them."""
    from sim.run.api import make_config, run
    from sim.run.outputs import output_tables

    return output_tables(run(make_config(world, **overrides)))


def fingerprints() -> dict[str, dict[str, dict[str, str]]]:
    """case -> table -> column -> fingerprint."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for case, (world, overrides) in CASES.items():
        out[case] = {name: {c: column_fingerprint(df[c]) for c in df.columns}
                     for name, df in tables(world, overrides).items()}
    return out


def differences(stored: dict, now: dict) -> list[str]:
    """Human-readable list of what differs between two fingerprint sets."""
    diffs = []
    for case in sorted(set(stored) | set(now)):
        for table in sorted(set(stored.get(case, {})) | set(now.get(case, {}))):
            a, b = stored.get(case, {}).get(table, {}), now.get(case, {}).get(table, {})
            for col in sorted(set(a) | set(b)):
                if a.get(col) != b.get(col):
                    what = "added" if col not in a else "removed" if col not in b else "changed"
                    diffs.append(f"{case}/{table}/{col}: {what}")
    return diffs


def main(argv: list[str]) -> int:
    now = fingerprints()
    if "--check" in argv:
        diffs = differences(json.loads(GOLDEN.read_text()), now)
        print("\n".join(diffs) if diffs else "no output changed")
        return 1 if diffs else 0
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
