"""The map of the workshop page: a static background (workshop/geo.py) under an overlay redrawn every week.

Overlay: open sites coloured by who holds them and sized by miners; export hubs; border crossings; optionally
arrows of the ore leaving by each crossing, from inside the DRC across the crossing towards the neighbour's main
buying town (width ~ sqrt of its value, USD/week over the last weeks), and the
moves of groups evicted by a demilitarised zone (arrow from the site lost to the next site the group took).
"""

from __future__ import annotations

import html
import math

import numpy as np

from sim.codes import CONTROLLER_NAMES, DMZ, NONE, NONSTATE, STATE
from sim.model import ConflictMineralsModel
from workshop.geo import Frame, basemap_svg, frame_for, grid_svg
from workshop.i18n import country, place, t

KIND_STYLE = {NONE: ("#b8b8b8", "kind_none"), STATE: ("#2a6fb0", "kind_state"),
              NONSTATE: ("#d7301f", "kind_nonstate"), DMZ: ("#1a9850", "kind_dmz")}
FLOW_COLOUR, MOVE_COLOUR = "#7b4f00", "#1a6b3a"
FLOW_WEEKS = 13          # flows shown as the mean of the last quarter (weeks)
# where smuggled ore heads once across (lon, lat): the neighbour's capital or main buying town
DESTINATION = {"Rwanda": (30.06, -1.95), "Uganda": (32.58, 0.32), "Burundi": (29.36, -3.38),
               "Tanzania": (31.0, -4.9), "Zambia": (28.28, -15.4)}


EASTERN_DRC_FRAME = (24.8, 32.8, -10.0, 3.5)    # lon0, lon1, lat0, lat1 (degrees): the sites, Kampala, Kigali


def model_frame(model: ConflictMineralsModel, width: float) -> Frame:
    """The frame of the map: fixed on eastern_drc; around the sites, hubs and crossings of another world."""
    if has_basemap(model):
        return Frame(*EASTERN_DRC_FRAME, width=float(width))
    cfg, w = model.cfg, model.world
    places = [(h.lon, h.lat) for h in cfg.world.hubs] + [(c.lon, c.lat) for c in cfg.world.crossings]
    lon = np.concatenate([w.sites["lon"].to_numpy(float), [p[0] for p in places]])
    lat = np.concatenate([w.sites["lat"].to_numpy(float), [p[1] for p in places]])
    return frame_for(lon, lat, width)


def has_basemap(model: ConflictMineralsModel) -> bool:
    """The background map is drawn for the real world only (the small world is synthetic)."""
    return model.cfg.world.name == "eastern_drc"


def background_svg(model: ConflictMineralsModel, frame: Frame, lang: str) -> str:
    """The static layer: borders, lakes, provinces, towns (eastern_drc) or a plain graticule (synthetic world)."""
    inner = basemap_svg(frame, lang) if has_basemap(model) else grid_svg(frame)
    return (f'<svg viewBox="0 0 {frame.width:.0f} {frame.height:.0f}" xmlns="http://www.w3.org/2000/svg" '
            f'class="basemap" style="width:100%;height:auto;display:block;background:#dfe9f1">{inner}</svg>'
            if has_basemap(model) else
            f'<svg viewBox="0 0 {frame.width:.0f} {frame.height:.0f}" xmlns="http://www.w3.org/2000/svg" '
            f'class="basemap" style="width:100%;height:auto;display:block;background:#fbfaf6">{inner}</svg>')


def flows_by_crossing(model: ConflictMineralsModel, weeks: int = FLOW_WEEKS) -> np.ndarray:
    """Mean value of ore leaving by [official export, each crossing] over the last `weeks` weeks, USD/week."""
    f = getattr(model, "flow_usd", None)
    if f is None or model.week == 0:
        return np.zeros(1 + model.world.n_crossings)
    return f[max(0, model.week - weeks): model.week].mean(axis=0)


def evicted_moves(model: ConflictMineralsModel) -> list[tuple[int, int, int]]:
    """(site lost, next site taken, group) for each group evicted from a site by a demilitarised zone; the
    moves log is read incrementally (the state is kept on the model)."""
    st = model.__dict__.setdefault("_evicted", {"cursor": 0, "pending": {}, "arrows": []})
    moves = model.records.moves
    for _step, group, action, where, cause, _displaced in moves[st["cursor"]:]:
        if action == "lost_site" and cause == "dmz":
            st["pending"][group] = where
        elif action == "took_site" and group in st["pending"]:
            st["arrows"].append((st["pending"].pop(group), where, group))
    st["cursor"] = len(moves)
    return st["arrows"] + [(s, -1, g) for g, s in st["pending"].items()]


def _arrow(x0: float, y0: float, x1: float, y1: float, width: float, colour: str, cls: str, title: str) -> str:
    ang = math.atan2(y1 - y0, x1 - x0)
    h = 4 + 1.5 * width
    p1 = (x1 - h * math.cos(ang - 0.45), y1 - h * math.sin(ang - 0.45))
    p2 = (x1 - h * math.cos(ang + 0.45), y1 - h * math.sin(ang + 0.45))
    return (f'<g class="{cls}"><title>{html.escape(title)}</title><line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" '
            f'y2="{y1:.1f}" stroke="{colour}" stroke-width="{width:.1f}" stroke-opacity="0.75" '
            f'stroke-linecap="round"/><path d="M{x1:.1f},{y1:.1f} L{p1[0]:.1f},{p1[1]:.1f} '
            f'L{p2[0]:.1f},{p2[1]:.1f} Z" fill="{colour}" fill-opacity="0.85"/></g>')


def overlay_svg(model: ConflictMineralsModel, frame: Frame, title: str, lang: str, show_flows: bool = True,
                show_moves: bool = True) -> str:
    """The layer redrawn every week: sites (open ones only), hubs, crossings, flow and eviction arrows."""
    w, cfg = model.world, model.cfg
    lon, lat = w.sites["lon"].to_numpy(float), w.sites["lat"].to_numpy(float)
    px, py = frame.xy(lon, lat)
    # radius ~ sqrt(miners): r_ref for a site of the world's 90th-percentile capacity, at most twice that
    r_ref = float(np.clip(45.0 / math.sqrt(w.n_sites), 2.2, 7.0)) * frame.width / 420.0
    ref = max(float(np.quantile(model.sites.capacity, 0.9)), 1.0)
    radius = r_ref * np.sqrt(np.minimum(model.sites.miners / ref, 4.0))
    kind = model.sites.kind
    out = [f'<svg viewBox="0 0 {frame.width:.0f} {frame.height:.0f}" xmlns="http://www.w3.org/2000/svg" '
           'class="site-map" style="width:100%;height:auto;display:block">',
           f'<rect x="0" y="0" width="{frame.width:.0f}" height="{frame.top - 4:.0f}" fill="#fff" fill-opacity="0.85"/>'
           f'<text x="{frame.side}" y="17" font-size="14" font-weight="600">{html.escape(title)}</text>',
           f'<text x="{frame.width - frame.side}" y="17" font-size="11" text-anchor="end" fill="#555">'
           f'{html.escape(t(lang, "week_small", n=model.week))}</text>']
    for k in (NONE, STATE, DMZ, NONSTATE):     # one group per holder, non-state on top; larger circles first
        colour = KIND_STYLE[k][0]
        idx = np.flatnonzero((kind == k) & model.sites.open)      # closed deposits are not drawn
        empty = idx[model.sites.miners[idx] == 0]
        idx = idx[model.sites.miners[idx] > 0]
        idx = idx[np.argsort(-radius[idx], kind="stable")]
        name = CONTROLLER_NAMES[k]
        out.append(f'<g data-kind="{name}" fill="{colour}" fill-opacity="0.8" stroke="#333" stroke-width="0.3">')
        out += [f'<circle cx="{px[s]:.1f}" cy="{py[s]:.1f}" r="{max(radius[s], 1.2):.1f}"/>' for s in idx]
        out.append(f'</g><g data-kind="{name}" fill="none" stroke="{colour}">')
        out += [f'<circle cx="{px[s]:.1f}" cy="{py[s]:.1f}" r="1.2"/>' for s in empty]
        out.append("</g>")
    if show_moves:
        for a, b, g in evicted_moves(model):
            if b < 0:
                out.append(f'<rect class="evicted" x="{px[a] - 3:.1f}" y="{py[a] - 3:.1f}" width="6" height="6" '
                           f'fill="none" stroke="{MOVE_COLOUR}" stroke-width="1.2"/>')
            else:
                out.append(_arrow(px[a], py[a], px[b], py[b], 1.3, MOVE_COLOUR, "evicted-move", t(lang, "group_n", n=g)))
    for h in cfg.world.hubs:          # export hubs: black squares, named
        x, y = frame.xy(h.lon, h.lat)
        out.append(f'<g class="hub"><title>{html.escape(t(lang, "hub"))}: {html.escape(place(lang, h.name))}</title>'
                   f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#111"/></g>')
    flows = flows_by_crossing(model)[1:]
    top = max(float(flows.max()), 1.0) if len(flows) else 1.0
    for j, c in enumerate(cfg.world.crossings):   # triangles, filled = formal post, hollow = informal route
        x, y = frame.xy(c.lon, c.lat)
        if show_flows and flows[j] > 0.01 * top and c.country in DESTINATION:
            dx, dy = DESTINATION[c.country][0] - c.lon, DESTINATION[c.country][1] - c.lat
            n = math.hypot(dx, dy) or 1.0
            x0, y0 = frame.xy(c.lon - 0.35 * dx / n, c.lat - 0.35 * dy / n)      # from inside the DRC,
            x1, y1 = frame.xy(c.lon + 0.6 * dx / n, c.lat + 0.6 * dy / n)        # across, into the neighbour
            out.append(_arrow(float(x0), float(y0), float(x1), float(y1), 1.0 + 7.0 * math.sqrt(flows[j] / top),
                              FLOW_COLOUR, "flow", f"{place(lang, c.name)} → {country(lang, c.country)}: "
                              f"{flows[j]:,.0f}".replace(",", " " if lang == "fr" else ",")
                              + f" {t(lang, 'u_usd_week')}"))
        fill = "#f2a900" if c.formal else "none"
        kind_txt = t(lang, "border_post" if c.formal else "informal_crossing")
        out.append(f'<g class="crossing"><title>{html.escape(kind_txt)}: {html.escape(place(lang, c.name))} '
                   f'({html.escape(country(lang, c.country))})</title><path d="M{x:.1f},{y - 5:.1f} L{x + 4.5:.1f},{y + 3.5:.1f} '
                   f'L{x - 4.5:.1f},{y + 3.5:.1f} Z" fill="{fill}" stroke="#7a5600" stroke-width="1.2"/></g>')
    out.append("</svg>")
    return "".join(out)


def map_svg(model: ConflictMineralsModel, title: str, width: float = 420.0, lang: str = "en",
            show_flows: bool = True, show_moves: bool = True) -> str:
    """Background and overlay as one SVG (for export and tests)."""
    f = model_frame(model, width)
    return (f'<svg viewBox="0 0 {f.width:.0f} {f.height:.0f}" width="{f.width:.0f}" height="{f.height:.0f}" '
            f'xmlns="http://www.w3.org/2000/svg">{background_svg(model, f, lang)}'
            f'{overlay_svg(model, f, title, lang, show_flows, show_moves)}</svg>')


def legend_html(lang: str, model: ConflictMineralsModel) -> str:
    """Legend of the map symbols (and the note that the small world is synthetic)."""
    dot = ('<span style="display:inline-block;width:11px;height:11px;border-radius:50%;background:{};opacity:.85;'
           'margin-right:4px"></span>')
    items = [dot.format(c) + t(lang, key) for c, key in KIND_STYLE.values()]
    items += ['<span style="display:inline-block;width:8px;height:8px;background:#111;margin-right:4px"></span>'
              + t(lang, "hub"),
              '<span style="color:#f2a900;margin-right:3px">&#9650;</span>' + t(lang, "border_post"),
              '<span style="color:#7a5600;margin-right:3px">&#9651;</span>' + t(lang, "informal_crossing"),
              t(lang, "circle_area"),
              f'<span style="color:{FLOW_COLOUR};font-weight:700">&#10230;</span> ' + t(lang, "flow_key"),
              f'<span style="color:{MOVE_COLOUR};font-weight:700">&#10230;</span> ' + t(lang, "moves_key")]
    note = "" if has_basemap(model) else f'<div class="synthetic-note"><b>{t(lang, "synthetic_note")}</b></div>'
    return (f'<div class="map-legend" style="font-size:12px;color:#333;display:flex;flex-wrap:wrap;gap:2px 12px">'
            f'{t(lang, "held_by")}' + "".join(f'<span style="white-space:nowrap">{i}</span>' for i in items)
            + f"</div>{note}")
