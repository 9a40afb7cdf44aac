"""Compare two validation reports row by row: `python -m analysis.validation_diff A.md B.md [--all]`.

A is usually `docs/validation.md` (the defaults), B a candidate written by
`python -m analysis.validate --set KEY=VALUE ... --docs DIR`. Prints a Markdown table of the rows whose
"inside" verdict differs for either start (all rows with `--all`), and the count of rows inside in each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HEADER = "| row | IPIS / source | range |"


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    """Row label -> cells (range; IPIS start median, inside; empty start median, inside) of a validation report."""
    rows: dict[str, dict[str, str]] = {}
    in_table = False
    for line in path.read_text().splitlines():
        if line.startswith(HEADER):
            in_table = True
            continue
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if in_table and len(cells) == 8 and not cells[0].startswith("---"):
            rows[cells[0]] = {"range": cells[2], "ipis": cells[3], "ipis_in": cells[4], "empty": cells[5],
                              "empty_in": cells[6]}
    return rows


def diff_table(a: dict[str, dict[str, str]], b: dict[str, dict[str, str]], every: bool = False) -> str:
    """Markdown: rows present in both whose verdict differs (or all), A's and B's medians and verdicts."""
    lines = ["| row | range | IPIS start: A | IPIS start: B | empty start: A | empty start: B |",
             "|---|---|---|---|---|---|"]
    for k, ra in a.items():
        rb = b.get(k)
        if rb and (every or ra["ipis_in"] != rb["ipis_in"] or ra["empty_in"] != rb["empty_in"]):
            lines.append(f"| {k} | {ra['range']} | {ra['ipis']} ({ra['ipis_in']}) | {rb['ipis']} ({rb['ipis_in']}) "
                         f"| {ra['empty']} ({ra['empty_in']}) | {rb['empty']} ({rb['empty_in']}) |")
    inside = {n: [sum(r[f"{s}_in"] == "yes" for r in rows.values()) for s in ("ipis", "empty")]
              for n, rows in (("A", a), ("B", b))}
    lines += ["", f"Rows inside: A {inside['A'][0]} (IPIS start), {inside['A'][1]} (empty start) of {len(a)}; "
              f"B {inside['B'][0]}, {inside['B'][1]} of {len(b)}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.validation_diff", description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--all", action="store_true", help="every row, not only those whose verdict differs")
    args = ap.parse_args(argv)
    for p in (args.a, args.b):
        if not p.is_file() or HEADER not in p.read_text():
            print(f"Error: {p}: not a validation report (python -m analysis.validate writes one)", file=sys.stderr)
            return 2
    print(diff_table(read_rows(args.a), read_rows(args.b), args.all))
    return 0


if __name__ == "__main__":
    sys.exit(main())
