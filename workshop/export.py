"""One-click export for a briefing note: the map, the charts and the table as one PNG (and the same as a PDF page).

The page's own SVG drawings are composed server-side into one SVG (1,400 px wide) and rasterised by resvg
(`resvg-py`, a self-contained wheel) with the DejaVu fonts matplotlib ships, so the text renders on any machine.
Files go to `exports/` (git-ignored) under the repository root, named by world, seed, week and language; the PDF
is the PNG on one page (matplotlib, 150 dpi), for word processors that prefer PDF.
"""

from __future__ import annotations

import html
import re
import textwrap
import time
from pathlib import Path

import matplotlib
import resvg_py

from workshop.charts import levers_text, outcome_charts, revenue_legend_html, revenue_svg, table_rows
from workshop.i18n import t
from workshop.map import map_svg

EXPORTS = Path(__file__).resolve().parent.parent / "exports"
FONTS = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"
WIDTH = 1400


def plain(fragment: str) -> str:
    """Text of an HTML fragment (tags dropped, entities decoded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table_svg(model, lang: str, x: float, y: float) -> tuple[str, float]:
    """The summary table as SVG text rows at (x, y); returns the SVG and the height used (pixels)."""
    base = model.baseline
    cols = [t(lang, "outcome")] + ([t(lang, "baseline"), t(lang, "policy_mix"), t(lang, "change")]
                                   if base is not None else [t(lang, "this_run")])
    xs = [x, x + 370, x + 480, x + 690]
    out = [f'<text x="{xs[i]}" y="{y}" font-size="13" font-weight="700">{html.escape(c)}</text>'
           for i, c in enumerate(cols)]
    row_y = y
    for metric, unit, values in table_rows(model, lang):
        row_y += 19
        cells = [f"{t(lang, metric)} ({t(lang, unit)})", *values]
        out += [f'<text x="{xs[i]}" y="{row_y}" font-size="13">{html.escape(c)}</text>' for i, c in enumerate(cells)]
    return "".join(out), row_y - y + 10


def compose_svg(model, lang: str, show_flows: bool = True, show_moves: bool = True) -> str:
    """The briefing page as one SVG: title and policy mix, the map on the left, charts on the right, table."""
    title = t(lang, "title")
    mix = plain(levers_text(model, lang))
    map_w = 600
    m = map_svg(model, t(lang, "map_title"), map_w, lang, show_flows, show_moves)
    map_h = float(re.search(r'height="([\d.]+)"', m).group(1))
    parts = [f'<text x="20" y="34" font-size="22" font-weight="700">{html.escape(title)}</text>',
             f'<text x="20" y="58" font-size="13" fill="#333">{html.escape(mix)} · '
             f'{html.escape(t(lang, "week_n", n=model.week))}</text>',
             f'<g transform="translate(20,75)">{m}</g>']
    cx, cy = 20 + map_w + 30, 75
    for i, (_metric, c) in enumerate(outcome_charts(model, lang)):
        parts.append(f'<g transform="translate({cx + (i % 3) * 250},{cy + (i // 3) * 150})">{c}</g>')
    parts.append(f'<g transform="translate({cx},{cy + 310}) scale(1.45)">{revenue_svg(model, lang)}</g>')
    for i, line in enumerate(textwrap.wrap(plain(revenue_legend_html(model, lang)), 110)):
        parts.append(f'<text x="{cx}" y="{cy + 536 + 15 * i}" font-size="12" fill="#333">{html.escape(line)}</text>')
    table, table_h = table_svg(model, lang, cx, cy + 580)
    parts.append(table)
    height = max(75 + map_h, cy + 580 + table_h) + 20
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="DejaVu Sans">'
            f'<rect width="100%" height="100%" fill="#ffffff"/>{"".join(parts)}</svg>')


def export_png(model, lang: str, show_flows: bool = True, show_moves: bool = True,
               folder: Path = EXPORTS) -> Path:
    """Write the briefing PNG (and its PDF) under `folder` and return the PNG's path."""
    svg = compose_svg(model, lang, show_flows, show_moves)
    png = resvg_py.svg_to_bytes(svg_string=svg, font_dirs=[str(FONTS)], background="#ffffff")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (f"workshop-{model.cfg.world.name}-seed{model.cfg.seed}-week{model.week}-{lang}-"
                     f"{time.strftime('%Y%m%d-%H%M%S')}.png")
    path.write_bytes(bytes(png))
    png_to_pdf(path)
    return path


def png_to_pdf(png: Path, dpi: float = 150.0) -> Path:
    """The PNG as a one-page PDF beside it (same name, .pdf)."""
    import matplotlib.image as mpimg
    from matplotlib.figure import Figure

    img = mpimg.imread(png)
    fig = Figure(figsize=(img.shape[1] / dpi, img.shape[0] / dpi), dpi=dpi)
    fig.figimage(img, resize=False)
    pdf = png.with_suffix(".pdf")
    fig.savefig(pdf, dpi=dpi)
    return pdf
