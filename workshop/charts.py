"""Charts and tables of the workshop page, as inline SVG/HTML strings (cheap to redraw, no outside script).

Outcome line charts (4-week means, policy mix over baseline), the stacked chart of where armed groups' money
comes from (USD/week by source: the five sources add up to `armed_revenue_usd`), the panel of where the ore goes
(USD/week by exit and by destination country) and the table of the last year's means.
"""

from __future__ import annotations

import html
import math

import numpy as np

from analysis.common import fmt
from sim.metrics import METRIC_INDEX
from sim.model import ConflictMineralsModel
from workshop.i18n import country, place, t
from workshop.map import FLOW_WEEKS, flows_by_crossing

POLICY_COLOUR, BASELINE_COLOUR = "#7b2d8e", "#6f6f6f"
# (metric, unit key, number format) of the five live charts, in the order the room reads them
CHARTS = [("armed_revenue_usd", "u_usd_week", "short"), ("sites_armed_share", "u_share_sites", "pct0"),
          ("miner_income_usd_day", "u_usd_day", "f2"), ("violent_events", "u_clashes", "f1"),
          ("policy_cost_usd", "u_usd_week", "short")]
TABLE_EXTRA = [("fighters", "u_people", "short"), ("smuggled_share_3t", "u_share", "pct0")]
# armed revenue by source: (metric, label key, colour); they sum to armed_revenue_usd (sim/metrics.py)
SOURCES = [("armed_revenue_gold_usd", "src_gold", "#d4a017"), ("armed_revenue_3t_usd", "src_3t", "#5b6770"),
           ("armed_revenue_other_usd", "src_other", "#a6a6a6"),
           ("armed_revenue_roadblocks_usd", "src_roadblocks", "#c0392b"),
           ("armed_revenue_looting_usd", "src_looting", "#6c3483")]
SMOOTH_WEEKS = 4


def nice_ceiling(v: float) -> float:
    """Smallest of 1, 2, 2.5, 5 x 10^k that is >= v (axis tops)."""
    if v <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(v))
    return next(m * e for m in (1, 2, 2.5, 5, 10) if m * e >= v * (1 - 1e-9))


def trailing_mean(x: np.ndarray, k: int = SMOOTH_WEEKS) -> np.ndarray:
    """Mean of the last `k` values at each point (fewer at the start)."""
    c = np.cumsum(np.insert(np.asarray(x, float), 0, 0.0))
    n = np.minimum(np.arange(1, len(x) + 1), k)
    return (c[1:] - c[np.arange(1, len(x) + 1) - n]) / n


def num(v: float, kind: str, lang: str) -> str:
    """`v` formatted as `kind` (analysis.common.fmt), "-" when nan; French decimal comma in French."""
    s = fmt(v, kind) if v == v else "-"
    return s.replace(".", ",") if lang == "fr" else s


def history(model: ConflictMineralsModel, metric: str) -> np.ndarray:
    """Weekly values of `metric` so far (weeks 0 .. week-1)."""
    return model.metrics[: min(model.week, len(model.metrics)), METRIC_INDEX[metric]]


def year_mean(model: ConflictMineralsModel, metric: str) -> float:
    """Mean of `metric` over the last 52 weeks run (fewer at the start); nan before the first week."""
    h = history(model, metric)[-52:]
    return float(h.mean()) if len(h) else float("nan")


class Axes:
    """A small chart frame (pixels) with an x axis in weeks and a y axis from 0 to `y_top`."""

    def __init__(self, weeks: int, y_top: float, wd: float = 240.0, ht: float = 140.0) -> None:
        self.wd, self.ht, self.left, self.right, self.top, self.bottom = wd, ht, 36.0, 6.0, 32.0, 18.0
        self.span, self.y_top = max(weeks, 52), y_top

    def px(self, i: np.ndarray | float) -> np.ndarray:
        return self.left + np.asarray(i, float) * (self.wd - self.left - self.right) / self.span

    def py(self, v: np.ndarray | float) -> np.ndarray:
        ph = self.ht - self.top - self.bottom
        return self.top + ph - np.asarray(v, float) / self.y_top * ph

    def frame(self, title: str, subtitle: str, kind: str, lang: str) -> list[str]:
        """The SVG head, titles, y gridlines with labels and the year ticks."""
        out = [f'<svg viewBox="0 0 {self.wd:.0f} {self.ht:.0f}" xmlns="http://www.w3.org/2000/svg" '
               f'width="{self.wd:.0f}" height="{self.ht:.0f}" overflow="visible" style="width:100%;height:auto">',
               f'<text x="2" y="13" font-size="12.5" font-weight="600">{html.escape(title)}</text>',
               f'<text x="2" y="25" font-size="9.5" fill="#666">{html.escape(subtitle)}</text>']
        for frac in (0.0, 0.5, 1.0):
            y = float(self.py(frac * self.y_top))
            out.append(f'<line x1="{self.left}" x2="{self.wd - self.right}" y1="{y:.1f}" y2="{y:.1f}" '
                       f'stroke="#e6e6e6"/><text x="{self.left - 3}" y="{y + 3:.1f}" font-size="10" '
                       f'text-anchor="end" fill="#555">{num(frac * self.y_top, kind, lang)}</text>')
        step = 52 if self.span <= 260 else 104 if self.span <= 520 else 260
        for wk in range(0, self.span + 1, step):
            label = t(lang, "year_tick", n=wk // 52) if wk else "0"
            anchor = "end" if self.px(wk) > self.wd - 20 else "middle"     # the last tick stays inside
            out.append(f'<text x="{float(self.px(wk)):.1f}" y="{self.ht - 5:.1f}" font-size="10" '
                       f'text-anchor="{anchor}" fill="#555">{label}</text>')
        return out


def _points(ax: Axes, v: np.ndarray, x0: int = 0) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(ax.px(np.arange(x0, x0 + len(v))), ax.py(v), strict=True))


def chart_svg(series: list[tuple[np.ndarray, str, bool]], metric: str, unit: str, kind: str, weeks: int,
              lang: str) -> str:
    """A small line chart (4-week means); `series` = [(weekly values, colour, dashed)], x axis in weeks."""
    smooth = [(trailing_mean(v), c, d) for v, c, d in series if len(v)]
    y_top = nice_ceiling(max([float(v.max()) for v, _, _ in smooth] + [0.0]) * 1.05)
    ax = Axes(weeks, min(y_top, 1.0) if kind == "pct0" else y_top)
    out = ax.frame(t(lang, metric), f'{t(lang, unit)}, {t(lang, "mean_k", k=SMOOTH_WEEKS)}', kind, lang)
    for v, colour, dashed in smooth:
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        out.append(f'<polyline points="{_points(ax, v)}" fill="none" stroke="{colour}" '
                   f'stroke-width="{1.4 if dashed else 1.9}"{dash}/>')
    if not smooth:
        out.append(f'<text x="{ax.wd / 2 + 15}" y="{ax.ht / 2 + 8}" font-size="10" text-anchor="middle" '
                   f'fill="#999">{t(lang, "press_play")}</text>')
    out.append("</svg>")
    return "".join(out)


def revenue_sources(model: ConflictMineralsModel) -> dict[str, np.ndarray]:
    """Weekly armed revenue by source so far (USD/week), keyed by metric; they add up to the total."""
    return {m: history(model, m) for m, _, _ in SOURCES}


def revenue_svg(model: ConflictMineralsModel, lang: str) -> str:
    """Stacked areas of armed groups' revenue by source (4-week means, USD/week) over the weeks run."""
    src = revenue_sources(model)
    smooth = [trailing_mean(v) for v in src.values()]
    tops = np.cumsum(np.vstack(smooth), axis=0) if model.week else np.zeros((len(SOURCES), 0))
    y_top = nice_ceiling(float(tops[-1].max()) * 1.05 if tops.shape[1] else 0.0)
    ax = Axes(model.week, y_top, wd=300.0, ht=150.0)
    out = ax.frame(t(lang, "revenue_title"), f'{t(lang, "u_usd_week")}, {t(lang, "mean_k", k=SMOOTH_WEEKS)}',
                   "short", lang)
    for i, (metric, _key, colour) in enumerate(SOURCES):
        if not tops.shape[1]:
            break
        lo = tops[i - 1] if i else np.zeros(tops.shape[1])
        pts = _points(ax, tops[i]) + " " + " ".join(reversed(_points(ax, lo).split()))
        out.append(f'<polygon data-source="{metric}" points="{pts}" fill="{colour}" fill-opacity="0.85" '
                   'stroke="none"/>')
    out.append("</svg>")
    return "".join(out)


def revenue_legend_html(model: ConflictMineralsModel, lang: str) -> str:
    """Legend of the revenue chart with each source's mean over the last 52 weeks and their total (USD/week)."""
    rows = []
    for metric, key, colour in SOURCES:
        v = year_mean(model, metric)
        rows.append(f'<span style="white-space:nowrap"><span style="display:inline-block;width:10px;height:10px;'
                    f'background:{colour};margin-right:3px"></span>{t(lang, key)} '
                    f'<b data-source="{metric}" data-value="{v:.6g}">{num(v, "short", lang)}</b></span>')
    total = year_mean(model, "armed_revenue_usd")
    rows.append(f'<span>{t(lang, "total")} <b data-source="armed_revenue_usd" data-value="{total:.6g}">'
                f'{num(total, "short", lang)}</b></span>')
    return (f'<div class="revenue-legend" data-week="{model.week}" '
            'style="font-size:11.5px;display:flex;flex-wrap:wrap;gap:2px 10px">'
            f'<span style="color:#666">{t(lang, "revenue_note", k=SMOOTH_WEEKS)}</span>{"".join(rows)}</div>')


def outcome_charts(model, lang: str) -> list[tuple[str, str]]:
    """(metric, SVG) of the five outcome charts: the policy mix (solid) over the baseline (dashed) if any."""
    out = []
    for metric, unit, kind in CHARTS:
        series = [(history(model, metric), POLICY_COLOUR, False)]
        if model.baseline is not None:
            series.insert(0, (history(model.baseline, metric), BASELINE_COLOUR, True))
        out.append((metric, chart_svg(series, metric, unit, kind, model.week, lang)))
    return out


def change_text(v: float, b: float, kind: str) -> str:
    """The change from baseline `b` to `v`: percentage points for shares, per cent otherwise."""
    if kind == "pct0":
        return f"{100 * (v - b):+.0f} pt"
    return f"{100 * (v - b) / b:+.0f}%" if b == b and abs(b) > 1e-12 else "-"


def table_rows(model, lang: str) -> list[tuple[str, str, list[str]]]:
    """(metric, unit key, cells) of the summary table: this run, or baseline, policy mix and change."""
    rows = []
    for metric, unit, kind in [*CHARTS, *TABLE_EXTRA]:
        v = year_mean(model, metric)
        cells = [num(v, kind, lang)]
        if model.baseline is not None:
            b = year_mean(model.baseline, metric)
            cells = [num(b, kind, lang), cells[0], change_text(v, b, kind)]
        rows.append((metric, unit, cells))
    return rows


def charts_html(model, lang: str) -> str:
    """The five outcome charts in a grid with the key and the policy mix."""
    base = model.baseline
    cells = [f'<div data-chart="{metric}">{svg}</div>' for metric, svg in outcome_charts(model, lang)]
    key = f'<span style="color:{POLICY_COLOUR};font-weight:700">&#9473;&#9473;</span> '
    key += t(lang, "key_policy") if base is not None else t(lang, "key_run")
    if base is not None:
        key += f'<br><span style="color:{BASELINE_COLOUR}">- - -</span> {t(lang, "key_baseline")}'
    cells.append(f'<div style="font-size:12px;padding:28px 8px">{key}<br><br>{levers_text(model, lang)}</div>')
    return ('<div class="outcome-charts" style="display:grid;grid-template-columns:1fr 1fr 1fr;gap:4px 12px">'
            + "".join(cells) + "</div>")


def levers_text(model: ConflictMineralsModel, lang: str) -> str:
    """The policy mix as the model's own configuration holds it (not the sliders' state)."""
    p, s = model.cfg.policies, model.cfg.shock

    def when(c) -> str:
        w = (" " + t(lang, "from_week", w=c.start)) if c.start else ""
        return w + (" " + t(lang, "to_week", w=c.end) if c.end is not None else "")

    on = []
    if p.ddr.enabled:
        on.append(t(lang, "mix_ddr", n=f"{p.ddr.capacity_per_year:,}") + when(p.ddr))
    if p.certification.enabled:
        c = p.certification
        on.append(t(lang, "mix_cert", n=f"{c.sites_per_year:,}") + when(c))
        if c.buyer_compliance > 0:
            lv = getattr(model, "lever_values", None)
            on.append(t(lang, "mix_buyers", p=f"{100 * c.buyer_compliance:.0f}",
                        w=max(c.start, lv.buyers_start if lv else 0)))
    if p.dmz.enabled:
        on.append(t(lang, "mix_dmz", n=p.dmz.n_sites) + when(p.dmz))
    if p.border.enabled:
        on.append(t(lang, "mix_border", p=f"{100 * p.border.seizure_rate:.0f}") + when(p.border))
    if s.kind == "price":
        on.append(t(lang, "mix_shock", mineral=t(lang, "min_" + s.mineral), f=f"{s.factor:g}"))
    mix = "; ".join(on) if on else t(lang, "mix_none")
    return (f'<span class="levers">{html.escape(t(lang, "mix", world=model.cfg.world.name, seed=model.cfg.seed, mix=""))}'
            f"<b>{html.escape(mix)}</b></span>")


def summary_html(model, lang: str) -> str:
    """Table of the last year's means (policy mix, and baseline with the change when comparing)."""
    base = model.baseline
    head = (f'<th>{t(lang, "baseline")}</th><th>{t(lang, "policy_mix")}</th><th>{t(lang, "change")}</th>'
            if base is not None else f'<th>{t(lang, "this_run")}</th>')
    rows = []
    for metric, unit, kind in [*CHARTS, *TABLE_EXTRA]:
        v = year_mean(model, metric)
        cell = (f'<td data-metric="{metric}" data-run="policy" data-value="{v:.6g}">'
                f'{num(v, kind, lang)}</td>')
        if base is not None:
            b = year_mean(base, metric)
            cell = (f'<td data-metric="{metric}" data-run="baseline" data-value="{b:.6g}">'
                    f'{num(b, kind, lang)}</td>{cell}<td>{change_text(v, b, kind)}</td>')
        rows.append(f"<tr><td>{html.escape(t(lang, metric))} <small>({html.escape(t(lang, unit))})</small></td>"
                    f"{cell}</tr>")
    return (f'<div style="font-size:13px">{levers_text(model, lang)}. '
            f'{t(lang, "table_intro", n=f"<b class=week>{model.week}</b>", y=model.week // 52)}</div>'
            '<table class="summary" style="border-collapse:collapse;font-size:13px;margin-top:4px">'
            f"<tr style='border-bottom:1px solid #ccc'><th>{t(lang, 'outcome')}</th>{head}</tr>"
            + "".join(rows) + "</table>")


def flow_rows(model: ConflictMineralsModel) -> tuple[list[tuple[str, str, float]], dict[str, float]]:
    """Ore value leaving by exit [(exit name, channel key, USD/week)] and by destination country (USD/week),
    means over the last FLOW_WEEKS weeks. Official exports count for the DRC (key "DRC")."""
    f = flows_by_crossing(model)
    exits = [("official", "ch_official", float(f[0]))]
    countries: dict[str, float] = {"DRC": float(f[0])}
    for j, c in enumerate(model.cfg.world.crossings):
        exits.append((c.name, "ch_formal" if c.formal else "ch_informal", float(f[1 + j])))
        countries[c.country] = countries.get(c.country, 0.0) + float(f[1 + j])
    return exits, countries


def flows_html(model: ConflictMineralsModel, lang: str) -> str:
    """Where the ore goes: value by exit (official export, each crossing) and by destination country."""
    exits, countries = flow_rows(model)
    total = sum(v for _, _, v in exits)
    if total <= 0:
        return (f'<div class="flows"><b>{t(lang, "flows_title")}</b>: {t(lang, "no_flows")}</div>')

    def bar(v: float) -> str:
        return (f'<span style="display:inline-block;height:8px;width:{120 * v / total:.0f}px;'
                f'background:#7b4f00;opacity:.7"></span>')

    ex = "".join(f'<tr data-exit="{html.escape(n)}" data-value="{v:.6g}"><td>'
                 f'{t(lang, "official") if n == "official" else html.escape(place(lang, n))}</td><td>{t(lang, ch)}</td>'
                 f'<td style="text-align:right">{num(v, "short", lang)}</td><td>{bar(v)}</td></tr>'
                 for n, ch, v in sorted(exits, key=lambda r: -r[2]) if v > 0)
    co = "".join(f'<tr data-country="{html.escape(n)}" data-value="{v:.6g}"><td>'
                 f'{t(lang, "drc_official") if n == "DRC" else country(lang, n)}</td>'
                 f'<td style="text-align:right">{num(v, "short", lang)}</td><td>{100 * v / total:.0f}%</td>'
                 f'<td>{bar(v)}</td></tr>' for n, v in sorted(countries.items(), key=lambda r: -r[1]))
    return (f'<div class="flows" style="font-size:12.5px"><b>{t(lang, "flows_title")}</b> '
            f'<span style="color:#666">({t(lang, "flows_note", k=FLOW_WEEKS)})</span>'
            '<div style="display:flex;gap:28px;flex-wrap:wrap">'
            f'<table class="summary"><tr><th colspan=4>{t(lang, "by_exit")}</th></tr><tr><th>{t(lang, "exit")}</th>'
            f'<th>{t(lang, "channel")}</th><th>{t(lang, "u_usd_week")}</th><th></th></tr>{ex}</table>'
            f'<table class="summary"><tr><th colspan=4>{t(lang, "by_country")}</th></tr><tr>'
            f'<th>{t(lang, "country")}</th><th>{t(lang, "u_usd_week")}</th><th>{t(lang, "share")}</th><th></th>'
            f'</tr>{co}</table></div></div>')
