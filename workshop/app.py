"""The workshop page: `solara run workshop/app.py` (or `make app`), a Mesa SolaraViz dashboard of the `sim` model.

Mesa's SolaraViz gives the sidebar: play/pause, step, reset, the play speed, the model parameters (the levers
and the world) and the step counter. Below the app bar this module draws, as inline SVG (cheap to redraw, no
script from outside): the map of sites coloured by who holds them and sized by miners, with export hubs and
border crossings; five outcome charts; and a table of the last year's means. With "side by side" on, the map
shows the baseline next to the policy mix and the charts overlay both (same world, same seed).
A moved lever applies when Reset rebuilds the model (policies are built with the model).
"""

from __future__ import annotations

import html
import math

import numpy as np
import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from analysis.common import fmt
from sim.codes import CONTROLLER_NAMES, DMZ, NONE, NONSTATE, STATE
from sim.metrics import METRIC_INDEX
from sim.model import ConflictMineralsModel
from workshop.model import MAX_WEEKS, SHOCK_MINERALS, WORLDS, WorkshopModel

KIND_STYLE = {NONE: ("#b8b8b8", "nobody"), STATE: ("#2a6fb0", "state forces"),
              NONSTATE: ("#d7301f", "non-state group"), DMZ: ("#1a9850", "demilitarised")}
POLICY_COLOUR, BASELINE_COLOUR = "#7b2d8e", "#6f6f6f"
# (metric, title, unit, number format) of the five live charts, in the order the room reads them
CHARTS = [("armed_revenue_usd", "Armed groups' revenue", "USD/week", "short"),
          ("sites_armed_share", "Sites under armed presence", "share of active sites", "pct0"),
          ("miner_income_usd_day", "Miners' income", "USD/day", "f2"),
          ("violent_events", "Violent events", "clashes/week", "f1"),
          ("policy_cost_usd", "Policy cost", "USD/week", "short")]
SMOOTH_WEEKS = 4
# show every slider's value under its thumb (Mesa's sliders show it only while dragged); table spacing
CSS = """
.v-slider__thumb-container::after { content: attr(aria-valuenow); position: absolute; top: 9px; left: 50%;
  transform: translateX(-50%); font-size: 11px; color: #1565c0; white-space: nowrap; }
table.summary th, table.summary td { padding: 2px 12px 2px 0; text-align: left; }
"""

MODEL_PARAMS = {
    "world": {"type": "Select", "value": "small", "values": list(WORLDS), "label": "World"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 20, "step": 1, "label": "Seed"},
    "compare": {"type": "Checkbox", "value": False, "label": "Side by side: baseline vs policy mix"},
    "ddr_capacity": {"type": "SliderInt", "value": 0, "min": 0, "max": 30000, "step": 1000,
                     "label": "DDR capacity (people/year)"},
    "inspection_sites": {"type": "SliderInt", "value": 0, "min": 0, "max": 1000, "step": 50,
                         "label": "Site inspections (sites/year)"},
    "buyer_compliance": {"type": "SliderFloat", "value": 0.0, "min": 0.0, "max": 1.0, "step": 0.05,
                         "label": "Buyers requiring certified 3T (share)"},
    "dmz_sites": {"type": "SliderInt", "value": 0, "min": 0, "max": 200, "step": 5,
                  "label": "Demilitarised sites"},
    "border_seizure": {"type": "SliderFloat", "value": 0.0, "min": 0.0, "max": 0.9, "step": 0.05,
                       "label": "Border seizure rate (probability)"},
    "shock_mineral": {"type": "Select", "value": "none", "values": list(SHOCK_MINERALS),
                      "label": "Price shock: mineral"},
    "shock_factor": {"type": "SliderFloat", "value": 1.0, "min": 0.2, "max": 5.0, "step": 0.1,
                     "label": "Price shock: world price x"},
    "weeks": MAX_WEEKS,
}


# --------------------------------------------------------------------------------------------- formatting
def nice_ceiling(v: float) -> float:
    """Smallest of 1, 2, 2.5, 5 x 10^k that is >= v (axis tops)."""
    if v <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(v))
    return next(m * e for m in (1, 2, 2.5, 5, 10) if m * e >= v * (1 - 1e-9))


def trailing_mean(x: np.ndarray, k: int = SMOOTH_WEEKS) -> np.ndarray:
    """Mean of the last `k` values at each point (fewer at the start)."""
    c = np.cumsum(np.insert(x, 0, 0.0))
    n = np.minimum(np.arange(1, len(x) + 1), k)
    return (c[1:] - c[np.arange(1, len(x) + 1) - n]) / n


def history(model: ConflictMineralsModel, metric: str) -> np.ndarray:
    """Weekly values of `metric` so far (weeks 0 .. week-1)."""
    return model.metrics[: min(model.week, len(model.metrics)), METRIC_INDEX[metric]]


# -------------------------------------------------------------------------------------------------- map
def map_svg(model: ConflictMineralsModel, title: str, width: float = 420.0) -> str:
    """SVG map of the sites (lon/lat): colour = who holds the site, area = miners; hubs and crossings marked."""
    w, cfg = model.world, model.cfg
    lon, lat = w.sites["lon"].to_numpy(float), w.sites["lat"].to_numpy(float)
    places = [(h.lon, h.lat) for h in cfg.world.hubs] + [(c.lon, c.lat) for c in cfg.world.crossings]
    all_lon = np.concatenate([lon, [p[0] for p in places]])
    all_lat = np.concatenate([lat, [p[1] for p in places]])
    pad = 0.04 * max(np.ptp(all_lon), np.ptp(all_lat)) + 0.05
    lo0, lo1, la0, la1 = all_lon.min() - pad, all_lon.max() + pad, all_lat.min() - pad, all_lat.max() + pad
    kx = math.cos(math.radians(0.5 * (la0 + la1)))   # equirectangular, true to scale at the centre
    top, side = 26.0, 8.0
    scale = (width - 2 * side) / ((lo1 - lo0) * kx)
    height = top + (la1 - la0) * scale + 8.0

    def xy(lo: float, la: float) -> tuple[float, float]:
        return side + (lo - lo0) * kx * scale, top + (la1 - la) * scale

    # radius ~ sqrt(miners): r_ref for a site of the world's 90th-percentile capacity, at most twice that
    r_ref = float(np.clip(45.0 / math.sqrt(w.n_sites), 2.5, 7.0))
    ref = max(float(np.quantile(model.sites.capacity, 0.9)), 1.0)
    radius = r_ref * np.sqrt(np.minimum(model.sites.miners / ref, 4.0))
    kind = model.sites.kind
    out = [f'<svg viewBox="0 0 {width:.0f} {height:.0f}" xmlns="http://www.w3.org/2000/svg" '
           f'style="width:100%;height:auto;max-height:78vh;background:#fbfaf6" class="site-map">',
           f'<text x="{side}" y="17" font-size="14" font-weight="600">{html.escape(title)}</text>',
           f'<text x="{width - side}" y="17" font-size="11" text-anchor="end" fill="#555">'
           f'week {model.week}</text>']
    # 1 degree graticule, labelled on the left and bottom edges
    for g in range(math.ceil(la0), math.floor(la1) + 1):
        y = xy(lo0, g)[1]
        out.append(f'<line x1="{side}" x2="{width - side}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e1d6"/>'
                   f'<text x="{side + 2}" y="{y - 2:.1f}" font-size="8" fill="#999">{abs(g)}°{"S" if g < 0 else "N"}</text>')
    for g in range(math.ceil(lo0), math.floor(lo1) + 1):
        x = xy(g, la0)[0]
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - 8:.1f}" stroke="#e4e1d6"/>'
                   f'<text x="{x + 2:.1f}" y="{height - 10:.1f}" font-size="8" fill="#999">{g}°E</text>')
    # sites, one group per holder (non-state last, on top); within a group the larger first
    px, py = xy(lon, lat)
    for k in (NONE, STATE, DMZ, NONSTATE):
        colour = KIND_STYLE[k][0]
        idx = np.flatnonzero((kind == k) & model.sites.open)     # closed deposits are not drawn
        empty = idx[model.sites.miners[idx] == 0]
        idx = idx[model.sites.miners[idx] > 0]
        idx = idx[np.argsort(-radius[idx], kind="stable")]
        name = CONTROLLER_NAMES[k]
        out.append(f'<g data-kind="{name}" fill="{colour}" fill-opacity="0.8" stroke="#333" stroke-width="0.3">')
        out += [f'<circle cx="{px[s]:.1f}" cy="{py[s]:.1f}" r="{max(radius[s], 1.2):.1f}"/>' for s in idx]
        out.append(f'</g><g data-kind="{name}" fill="none" stroke="{colour}">')
        out += [f'<circle cx="{px[s]:.1f}" cy="{py[s]:.1f}" r="1.2"/>' for s in empty]
        out.append("</g>")
    for h in cfg.world.hubs:          # export hubs: black squares, named
        x, y = xy(h.lon, h.lat)
        out.append(f'<g><title>export hub: {html.escape(h.name)}</title>'
                   f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#111"/>'
                   f'<text x="{x + 6:.1f}" y="{y + 3:.1f}" font-size="9">{html.escape(h.name)}</text></g>')
    for c in cfg.world.crossings:     # border crossings: triangles, filled = formal post, hollow = informal route
        x, y = xy(c.lon, c.lat)
        fill = "#f2a900" if c.formal else "none"
        kind_txt = "formal border post" if c.formal else "informal crossing"
        out.append(f'<g><title>{kind_txt}: {html.escape(c.name)} ({html.escape(c.country)})</title>'
                   f'<path d="M{x:.1f},{y - 6:.1f} L{x + 5.5:.1f},{y + 4:.1f} L{x - 5.5:.1f},{y + 4:.1f} Z" '
                   f'fill="{fill}" stroke="#7a5600" stroke-width="1.2"/></g>')
    out.append("</svg>")
    return "".join(out)


def legend_html() -> str:
    """Legend of the map symbols."""
    dot = ('<span style="display:inline-block;width:11px;height:11px;border-radius:50%;background:{};opacity:.85;'
           'margin-right:4px"></span>')
    items = [dot.format(c) + name for c, name in KIND_STYLE.values()]
    items += ['<span style="display:inline-block;width:9px;height:9px;background:#111;margin-right:4px"></span>'
              "export hub",
              '<span style="color:#f2a900;margin-right:3px">&#9650;</span>border post',
              '<span style="color:#7a5600;margin-right:3px">&#9651;</span>informal crossing',
              "circle area: miners at the site"]
    return ('<div style="font-size:12px;color:#333;display:flex;flex-wrap:wrap;gap:2px 12px">Held by:'
            + "".join(f'<span style="white-space:nowrap">{i}</span>' for i in items) + "</div>")


# ----------------------------------------------------------------------------------------------- charts
def chart_svg(series: list[tuple[np.ndarray, str, bool]], title: str, unit: str, kind: str, weeks: int) -> str:
    """A small line chart (4-week means); `series` = [(values, colour, dashed)], x axis in weeks."""
    wd, ht, left, right, top, bottom = 240.0, 140.0, 36.0, 6.0, 32.0, 18.0
    span = max(weeks, 52)
    smooth = [(trailing_mean(v), c, d) for v, c, d in series if len(v)]
    y_top = nice_ceiling(max([float(v.max()) for v, _, _ in smooth if len(v)] + [0.0]) * 1.05)
    if kind == "pct0":
        y_top = min(y_top, 1.0)
    pw, ph = wd - left - right, ht - top - bottom

    def px(i: np.ndarray | float) -> np.ndarray | float:
        return left + np.asarray(i) * pw / span

    def py(v: np.ndarray | float) -> np.ndarray | float:
        return top + ph - np.asarray(v) / y_top * ph

    out = [f'<svg viewBox="0 0 {wd:.0f} {ht:.0f}" xmlns="http://www.w3.org/2000/svg" style="width:100%;height:auto">',
           f'<text x="2" y="13" font-size="13" font-weight="600">{html.escape(title)}</text>',
           f'<text x="2" y="25" font-size="9.5" fill="#666">{html.escape(unit)}, {SMOOTH_WEEKS}-week mean</text>']
    for frac in (0.0, 0.5, 1.0):
        y = py(frac * y_top)
        out.append(f'<line x1="{left}" x2="{wd - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e6e6e6"/>'
                   f'<text x="{left - 3}" y="{y + 3:.1f}" font-size="10" text-anchor="end" fill="#555">'
                   f'{fmt(frac * y_top, kind)}</text>')
    step = 52 if span <= 260 else 104 if span <= 520 else 260
    for wk in range(0, span + 1, step):
        out.append(f'<text x="{px(wk):.1f}" y="{ht - 5:.1f}" font-size="10" text-anchor="middle" fill="#555">'
                   f'{"yr " + str(wk // 52) if wk else "0"}</text>')
    for v, colour, dashed in smooth:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(px(np.arange(len(v))), py(v), strict=True))
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{1.4 if dashed else 1.9}"'
                   f'{dash}/>')
    if not smooth:
        out.append(f'<text x="{left + pw / 2}" y="{top + ph / 2}" font-size="10" text-anchor="middle" fill="#999">'
                   "press play or step</text>")
    out.append("</svg>")
    return "".join(out)


def charts_html(model: WorkshopModel) -> str:
    """The five outcome charts in a grid, policy mix (solid) over baseline (dashed) when comparing."""
    base = model.baseline
    cells = []
    for metric, title, unit, kind in CHARTS:
        series = [(history(model, metric), POLICY_COLOUR, False)]
        if base is not None:
            series.insert(0, (history(base, metric), BASELINE_COLOUR, True))
        cells.append(f'<div data-chart="{metric}">{chart_svg(series, title, unit, kind, model.week)}</div>')
    key = (f'<span style="color:{POLICY_COLOUR};font-weight:700">&#9473;&#9473;</span> policy mix'
           if base is not None else f'<span style="color:{POLICY_COLOUR};font-weight:700">&#9473;&#9473;</span> '
           "this run (tick 'side by side' to add the baseline)")
    if base is not None:
        key += f'<br><span style="color:{BASELINE_COLOUR}">- - -</span> baseline (no levers, same seed)'
    cells.append(f'<div style="font-size:12px;padding:28px 8px">{key}<br><br>{levers_text(model)}</div>')
    return ('<div class="outcome-charts" style="display:grid;grid-template-columns:1fr 1fr;gap:4px 12px">'
            + "".join(cells) + "</div>")


# ------------------------------------------------------------------------------------------ text blocks
def levers_text(model: ConflictMineralsModel) -> str:
    """The policy mix as the model's own configuration holds it (not the sliders' state)."""
    p, s = model.cfg.policies, model.cfg.shock
    on = []
    if p.ddr.enabled:
        on.append(f"DDR {p.ddr.capacity_per_year:,} people/yr")
    if p.certification.enabled:
        on.append(f"certification {p.certification.sites_per_year:,} inspections/yr, "
                  f"{100 * p.certification.buyer_compliance:.0f}% of buyers compliant")
    if p.dmz.enabled:
        on.append(f"DMZ {p.dmz.n_sites} sites")
    if p.border.enabled:
        on.append(f"border seizure {100 * p.border.seizure_rate:.0f}%")
    if s.kind == "price":
        on.append(f"{s.mineral} price x{s.factor:g}")
    mix = "; ".join(on) if on else "none (baseline)"
    return (f'<span class="levers">World <b>{model.cfg.world.name}</b>, seed {model.cfg.seed}. '
            f"Policy mix: <b>{html.escape(mix)}</b></span>")


def year_mean(model: ConflictMineralsModel, metric: str) -> float:
    """Mean of `metric` over the last 52 weeks run (fewer at the start); nan before the first week."""
    h = history(model, metric)[-52:]
    return float(h.mean()) if len(h) else float("nan")


def summary_html(model: WorkshopModel) -> str:
    """Table of the last year's means (policy mix, and baseline with the change when comparing)."""
    base = model.baseline
    head = "<th>baseline</th><th>policy mix</th><th>change</th>" if base is not None else "<th>this run</th>"
    rows = []
    for metric, title, unit, kind in [*CHARTS, ("fighters", "Fighters in armed groups", "people", "short"),
                                      ("smuggled_share_3t", "3T ore smuggled", "share", "pct0")]:
        v = year_mean(model, metric)
        cell = f'<td data-metric="{metric}" data-run="policy" data-value="{v:.6g}">{fmt(v, kind) if v == v else "-"}</td>'
        if base is not None:
            b = year_mean(base, metric)
            if kind == "pct0":
                change = f"{100 * (v - b):+.0f} pt"
            else:
                change = f"{100 * (v - b) / b:+.0f}%" if b == b and abs(b) > 1e-12 else "-"
            cell = (f'<td data-metric="{metric}" data-run="baseline" data-value="{b:.6g}">'
                    f'{fmt(b, kind) if b == b else "-"}</td>{cell}<td>{change}</td>')
        rows.append(f"<tr><td>{html.escape(title)} <small>({html.escape(unit)})</small></td>{cell}</tr>")
    return (f'<div style="font-size:13px">{levers_text(model)}. Week <b class="week">{model.week}</b> '
            f"(year {model.week // 52}); means over the last 52 weeks run:</div>"
            '<table class="summary" style="border-collapse:collapse;font-size:13px;margin-top:4px">'
            f"<tr style='border-bottom:1px solid #ccc'><th>outcome</th>{head}</tr>"
            + "".join(rows) + "</table>")


# --------------------------------------------------------------------------------------------- the page
@solara.component
def Dashboard(model: solara.Reactive[WorkshopModel]) -> None:
    """Map, charts and summary of the current model; redrawn on every step (Mesa's update counter)."""
    update_counter.get()
    m = model.value
    with solara.Columns([6, 5] if m.baseline is not None else [5, 6]):
        with solara.Column():
            if m.baseline is not None:
                with solara.Columns([1, 1]):
                    solara.HTML(unsafe_innerHTML=map_svg(m.baseline, "Baseline", 300))
                    solara.HTML(unsafe_innerHTML=map_svg(m, "Policy mix", 300))
            else:
                solara.HTML(unsafe_innerHTML=map_svg(m, "Who holds the mine sites"))
            solara.HTML(unsafe_innerHTML=legend_html())
        with solara.Column():
            solara.HTML(unsafe_innerHTML=charts_html(m))
    solara.HTML(unsafe_innerHTML=summary_html(m), style="margin:8px 16px")


@solara.component
def Page() -> None:
    """One model per browser session (built on first render), Mesa's controls in the sidebar, our dashboard."""
    first = solara.use_memo(WorkshopModel, [])
    model = solara.use_reactive(first)
    solara.Style(CSS)
    SolaraViz(model, components=[], model_params=MODEL_PARAMS, play_interval=50,
              name="Conflict minerals: eastern DRC workshop")
    Dashboard(model)
