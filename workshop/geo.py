"""The map's frame (lon/lat -> SVG pixels) and its background: borders, lakes, provinces, towns.

The background comes from `workshop/basemap/eastern_drc.json` (see its README for sources and licences) and is
drawn as static SVG paths, cached per frame and language, so the page sends it once; the sites are drawn on an
overlay with the same frame (workshop/map.py).
"""

from __future__ import annotations

import functools
import html
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workshop.i18n import t

BASEMAP = Path(__file__).resolve().parent / "basemap" / "eastern_drc.json"
LAND, OTHER_LAND, WATER = "#f4f1e6", "#e9e6dc", "#b9d4ea"


@dataclass(frozen=True)
class Frame:
    """Equirectangular frame (true to scale at its centre): degrees lon0..lon1, lat0..lat1 -> SVG pixels."""

    lon0: float
    lon1: float
    lat0: float
    lat1: float
    width: float
    top: float = 26.0
    side: float = 8.0
    bottom: float = 22.0

    @property
    def kx(self) -> float:
        return math.cos(math.radians(0.5 * (self.lat0 + self.lat1)))

    @property
    def scale(self) -> float:
        """Pixels per degree of latitude."""
        return (self.width - 2 * self.side) / ((self.lon1 - self.lon0) * self.kx)

    @property
    def height(self) -> float:
        return self.top + (self.lat1 - self.lat0) * self.scale + self.bottom

    def xy(self, lon: np.ndarray | float, lat: np.ndarray | float) -> tuple:
        """SVG x, y (pixels) of lon/lat (degrees)."""
        return (self.side + (np.asarray(lon) - self.lon0) * self.kx * self.scale,
                self.top + (self.lat1 - np.asarray(lat)) * self.scale)


def frame_for(lon: np.ndarray, lat: np.ndarray, width: float) -> Frame:
    """A frame around the points (degrees) with a small margin, rounded to 0.1 degree so it stays fixed."""
    pad = 0.04 * max(np.ptp(lon), np.ptp(lat)) + 0.05
    r = lambda v, f: f(v * 10) / 10    # noqa: E731
    return Frame(r(lon.min() - pad, math.floor), r(lon.max() + pad, math.ceil), r(lat.min() - pad, math.floor),
                 r(lat.max() + pad, math.ceil), float(width))


@functools.cache
def basemap() -> dict:
    """The background shapes (lon/lat degrees), loaded once."""
    return json.loads(BASEMAP.read_text())


def _path(frame: Frame, rings: list[list[list[float]]]) -> str:
    parts = []
    for ring in rings:
        a = np.asarray(ring, float)
        x, y = frame.xy(a[:, 0], a[:, 1])
        parts.append("M" + "L".join(f"{u:.1f},{v:.1f}" for u, v in zip(x, y, strict=True)) + "Z")
    return "".join(parts)


@functools.lru_cache(maxsize=16)
def basemap_svg(frame: Frame, lang: str) -> str:
    """SVG elements of the background inside `frame`: countries (DRC lighter), lakes, DRC provinces (dashed),
    country names, province names, towns (dots, capitals as squares) and the sources' credit line."""
    b, out = basemap(), []
    for c in b["countries"]:
        fill = LAND if c["id"] == "COD" else OTHER_LAND
        out.append(f'<path class="country" data-name="{c["name"]}" d="{_path(frame, c["rings"])}" fill="{fill}" '
                   'stroke="#8a8373" stroke-width="1.1" fill-rule="evenodd"/>')
    out += [f'<path class="province" data-name="{html.escape(p["name"])}" d="{_path(frame, p["rings"])}" '
            'fill="none" stroke="#a59f8e" stroke-width="0.7" stroke-dasharray="4 3"/>' for p in b["provinces"]]
    out += [f'<path class="lake" data-name="{lk["name"]}" d="{_path(frame, lk["rings"])}" fill="{WATER}" '
            'stroke="#7fa7c9" stroke-width="0.5"/>' for lk in b["lakes"]]
    named = {lk["name"]: np.asarray(lk["rings"][0], float) for lk in b["lakes"] if lk["name"]}
    for name, ring in named.items():
        x, y = frame.xy(ring[:, 0].mean(), ring[:, 1].mean())
        if _inside(frame, x, y):
            out.append(f'<text class="lake-label" x="{x + 6:.1f}" y="{y:.1f}" font-size="8.5" font-style="italic" '
                       f'fill="#3d6f99">{html.escape(t(lang, "lake", name=name))}</text>')
    for c in b["countries"]:            # country names at fixed, legible spots inside the frame
        if c["name"] in COUNTRY_LABELS:
            x, y = frame.xy(*COUNTRY_LABELS[c["name"]])
            if _inside(frame, x, y):
                out.append(f'<text class="country-label" x="{x:.1f}" y="{y:.1f}" font-size="11" '
                           f'letter-spacing="1.5" fill="#6d6659" text-anchor="middle">'
                           f'{html.escape(t(lang, "c_" + c["name"]).upper())}</text>')
    for p in b["province_labels"]:
        x, y = frame.xy(p["lon"], p["lat"])
        if _inside(frame, x, y):
            out.append(f'<text class="province-label" x="{x:.1f}" y="{y:.1f}" font-size="9" fill="#8b8068" '
                       f'text-anchor="middle" font-style="italic">{html.escape(p["name"])}</text>')
    for town in b["towns"]:
        x, y = frame.xy(town["lon"], town["lat"])
        if _inside(frame, x, y):
            mark = (f'<rect x="{x - 2.5:.1f}" y="{y - 2.5:.1f}" width="5" height="5" fill="#333"/>' if town["capital"]
                    else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#333"/>')
            right = x > frame.width - 70       # names near the right edge are written to the left of the dot
            out.append(f'<g class="town">{mark}<text x="{x - 4 if right else x + 4:.1f}" y="{y - 3:.1f}" '
                       f'text-anchor="{"end" if right else "start"}" font-size="9.5" '
                       f'font-weight="600" fill="#222" stroke="#fff" stroke-width="2.5" paint-order="stroke">'
                       f'{html.escape(town["name"])}</text></g>')
    out.append(f'<text class="credit" x="{frame.side}" y="{frame.height - 6:.1f}" font-size="7.5" fill="#777">'
               f'{html.escape(t(lang, "credit"))}</text>')
    return "".join(out)


# where to write each country's name (lon, lat degrees)
COUNTRY_LABELS = {"DRC": (26.2, -6.6), "Uganda": (32.1, 1.6), "Rwanda": (30.0, -2.25), "Burundi": (30.25, -3.75),
                  "Tanzania": (31.6, -5.6), "Zambia": (30.4, -9.75), "South Sudan": (30.0, 3.6)}


def _inside(frame: Frame, x: float, y: float) -> bool:
    return frame.side < x < frame.width - frame.side and frame.top < y < frame.height - frame.bottom


def grid_svg(frame: Frame) -> str:
    """1-degree graticule, labelled on the left and bottom edges (for the synthetic world: no basemap)."""
    out = []
    for g in range(math.ceil(frame.lat0), math.floor(frame.lat1) + 1):
        y = float(frame.xy(frame.lon0, g)[1])
        out.append(f'<line x1="{frame.side}" x2="{frame.width - frame.side}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#e4e1d6"/><text x="{frame.side + 2}" y="{y - 2:.1f}" font-size="8" fill="#999">'
                   f'{abs(g)}°{"S" if g < 0 else "N"}</text>')
    for g in range(math.ceil(frame.lon0), math.floor(frame.lon1) + 1):
        x = float(frame.xy(g, frame.lat0)[0])
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{frame.top}" y2="{frame.height - frame.bottom:.1f}" '
                   f'stroke="#e4e1d6"/><text x="{x + 2:.1f}" y="{frame.height - frame.bottom - 2:.1f}" '
                   f'font-size="8" fill="#999">{g}°E</text>')
    return "".join(out)
