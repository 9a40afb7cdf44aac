"""Compare two validations row by row: `python -m analysis.validation_diff A B [--all]`.

A and B are folders written by `python -m analysis.validate` (or their `validation.csv`): A usually `docs`
(the defaults), B a candidate written by `python -m analysis.validate --set KEY=VALUE ... --docs DIR`. Prints a
Markdown table of the rows whose verdict (inside its range or not) differs for either start (all rows with
`--all`), and the count of rows inside in each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .common import fmt
from .validation_rows import STARTS

COLUMNS = {"key", "row", "range", "fmt", *(f"{st}_{c}" for st in STARTS for c in ("median", "q10", "q90", "inside"))}


def read_table(path: Path) -> pd.DataFrame:
    """The rows of a validation (`validation.csv` in a folder, or the file itself), indexed by row key."""
    csv = path / "validation.csv" if path.is_dir() else path.with_suffix(".csv")
    if not csv.is_file():
        raise FileNotFoundError(f"{path}: no validation.csv there (python -m analysis.validate --docs DIR writes one)")
    t = pd.read_csv(csv)
    if missing := COLUMNS - set(t.columns):
        raise FileNotFoundError(f"{csv}: not a validation table (missing {sorted(missing)[0]})")
    return t.set_index("key")


def _cell(r: pd.Series, st: str) -> str:
    verdict = "yes" if r[f"{st}_inside"] else "**no**"
    return f"{fmt(r[f'{st}_median'], r['fmt'])} ({verdict})"


def diff_table(a: pd.DataFrame, b: pd.DataFrame, every: bool = False) -> str:
    """Markdown: rows in both whose verdict differs for either start (or all), A's and B's medians and verdicts."""
    lines = ["| row | range | IPIS start: A | IPIS start: B | empty start: A | empty start: B |",
             "|---|---|---|---|---|---|"]
    for key in a.index.intersection(b.index, sort=False):
        ra, rb = a.loc[key], b.loc[key]
        if every or any(ra[f"{st}_inside"] != rb[f"{st}_inside"] for st in STARTS):
            lines.append(f"| {ra['row']} | {ra['range']} | {_cell(ra, 'ipis')} | {_cell(rb, 'ipis')} | "
                         f"{_cell(ra, 'empty')} | {_cell(rb, 'empty')} |")
    counts = {n: [int(t[f"{st}_inside"].sum()) for st in STARTS] for n, t in (("A", a), ("B", b))}
    lines += ["", f"Rows inside: A {counts['A'][0]} (IPIS start), {counts['A'][1]} (empty start) of {len(a)}; "
              f"B {counts['B'][0]}, {counts['B'][1]} of {len(b)}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.validation_diff", description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--all", action="store_true", help="every row, not only those whose verdict differs")
    args = ap.parse_args(argv)
    try:
        a, b = read_table(args.a), read_table(args.b)
    except FileNotFoundError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print(diff_table(a, b, args.all))
    return 0


if __name__ == "__main__":
    sys.exit(main())
