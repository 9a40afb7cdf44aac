"""Output files of one run, written atomically: metrics.parquet, sites.parquet, summary.json.

A file appears under its final name only when complete (written to an unnamed temporary file in the same
folder, then linked and renamed into place), so a killed run never leaves a half-written file. summary.json
is written last and marks a run as complete; a rerun of a sweep skips runs whose summary says so and whose
files are readable.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..codes import CONTROLLER_NAMES
from ..metrics import METRICS
from ..world import unproject_km
from .provenance import commit, model_hash

INT_METRICS = {"step", "year", "miners", "child_miners", "fighters", "armed_groups", "ex_combatants",
               "sites_active", "violent_events", "civilian_abuses", "fighters_killed", "sites_opened",
               "sites_closed", "ddr_enrolled"}
FILES = ("metrics.parquet", "sites.parquet", "flows.parquet", "moves.parquet", "summary.json")


class OutputError(OSError):
    """An output cannot be written (read-only folder, disk full...): the message says where and why."""


def atomic_write(path: Path, write: Callable[[Any], None]) -> None:
    """Write `path` via `write(binary_file)` so that it appears only when complete."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        tmp.unlink(missing_ok=True)
        try:
            fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, 0o644)
        except (AttributeError, OSError):
            fd = None   # no O_TMPFILE here: a named temporary file, cleaned on the next run
        if fd is not None:
            with os.fdopen(fd, "wb") as f:
                write(f)
                f.flush()
                os.fsync(f.fileno())
                # linkat(AT_SYMLINK_FOLLOW) needs a dir fd (plain link() does not follow /proc's magic link);
                # the file has a name for microseconds only
                dfd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    os.link(f"/proc/self/fd/{f.fileno()}", tmp.name, dst_dir_fd=dfd, follow_symlinks=True)
                finally:
                    os.close(dfd)
        else:
            with open(tmp, "wb") as f:
                write(f)
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def clean_stale_temporaries(folder: Path) -> None:
    """Remove temporary files a killed writer may have left (only possible without O_TMPFILE)."""
    for p in Path(folder).glob(".tmp-*"):
        p.unlink(missing_ok=True)


def metrics_frame(metrics: np.ndarray, steps_done: int) -> pd.DataFrame:
    df = pd.DataFrame(metrics[:steps_done], columns=[m.name for m in METRICS])
    for c in INT_METRICS:
        df[c] = df[c].astype(np.int64)
    return df


def sites_frame(model: Any) -> pd.DataFrame:
    """Site snapshots (every output.site_every weeks) as one long table."""
    w = model.world
    snaps = model.records.site_snapshots
    n = w.n_sites
    if not snaps:
        return pd.DataFrame()
    cat = {k: np.concatenate([s[k] for s in snaps]) for k in snaps[0] if k != "step"}
    cat["step"] = np.repeat(np.array([s["step"] for s in snaps], dtype=np.int32), n)
    ctrl = [CONTROLLER_NAMES[k] for k in sorted(CONTROLLER_NAMES)]
    reps = len(snaps)
    keep = cat["open"] | (cat["miners"] > 0)   # rows for open sites only (deposits appear when found)
    df = pd.DataFrame({
        "step": cat["step"], "site_id": np.tile(np.arange(n, dtype=np.int32), reps),
        "mineral": categorical(np.tile(w.site_mineral, reps), w.mineral_names),
        "province": categorical(np.tile(w.site_province, reps), w.province_names),
        "miners": cat["miners"], "armed_presence": cat["armed_presence"],
        "nonstate_presence": cat["nonstate_presence"], "controller": categorical(cat["kind"], ctrl),
        "controller_id": cat["holder"].astype(np.int32), "certified": cat["certified"],
        "output_kg": cat["output_kg"].astype(np.float64),
        "lon": np.tile(w.sites["lon"].to_numpy(np.float32), reps),
        "lat": np.tile(w.sites["lat"].to_numpy(np.float32), reps),
        "ipis": np.tile(np.arange(n) < w.n_ipis, reps)})
    return df[keep].reset_index(drop=True)


def categorical(codes: np.ndarray, names: list[str]) -> pd.Categorical:
    """`pd.Categorical` of the labels `names[codes]` (categories: the labels used, sorted, as pandas makes them
    from strings) built from the integer codes, without hashing a string per row."""
    labels = np.asarray(names)
    used = np.unique(codes)
    used = used[np.argsort(labels[used], kind="stable")]
    remap = np.full(len(labels), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    return pd.Categorical.from_codes(remap[codes], categories=labels[used])


def write_parquet(df: pd.DataFrame, path: Path, metadata: dict[str, str] | None = None) -> None:
    table = pa.Table.from_pandas(df, preserve_index=False)
    if metadata:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                               **{k.encode(): v.encode() for k, v in metadata.items()}})
    atomic_write(path, lambda f: pq.write_table(table, f))


def write_json(obj: dict, path: Path) -> None:
    data = json.dumps(obj, indent=2, sort_keys=True, default=_json_default).encode()
    atomic_write(path, lambda f: f.write(data))


def _json_default(o: Any) -> Any:
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return float(o)
    raise TypeError(type(o))


def config_hash(resolved_yaml: str) -> str:
    return hashlib.sha256(resolved_yaml.encode()).hexdigest()[:16]


def is_complete(folder: Path, cfg_hash: str | None = None) -> bool:
    """True if the folder holds a finished run (all files readable, same config if a hash is given)."""
    folder = Path(folder)
    try:
        summary = json.loads((folder / "summary.json").read_text())
        if not summary.get("complete"):
            return False
        if cfg_hash is not None and summary.get("config_hash") != cfg_hash:
            return False
        for name in FILES[:-1]:
            pq.read_metadata(folder / name)
        return True
    except (OSError, ValueError, pa.ArrowException):
        return False


def flows_frame(model: Any) -> pd.DataFrame:
    """Ore sold between flow snapshots, by mineral, channel and destination country (sim/records.py)."""
    w = model.world
    rows = []
    for snap in model.records.flow_snapshots:
        for m, mineral in enumerate(w.mineral_names):
            kg, usd, seized = snap["official"][m]
            if kg > 0 or seized > 0:
                rows.append((snap["step"], mineral, "official", "drc", kg, usd, seized))
            for k in np.flatnonzero(snap["cross"][m, :, 0] + snap["cross"][m, :, 2] > 0):
                kg, usd, seized = snap["cross"][m, k]
                rows.append((snap["step"], mineral, "formal_crossing" if w.crossing_formal[k] else "informal",
                             w.crossing_country[k].lower(), kg, usd, seized))
    df = pd.DataFrame(rows, columns=["step", "mineral", "channel", "country", "kg", "usd", "seized_kg"])
    df = df.groupby(["step", "mineral", "channel", "country"], as_index=False, sort=True)[["kg", "usd", "seized_kg"]].sum()
    df["step"] = df["step"].astype(np.int32)
    for c in ("mineral", "channel", "country"):
        df[c] = pd.Categorical(df[c])
    return df


def moves_frame(model: Any) -> pd.DataFrame:
    """Non-state groups' gains and losses of places and their looting, week by week (sim/records.py), with the
    place's position (lon, lat)."""
    w = model.world
    df = pd.DataFrame(model.records.moves, columns=["step", "group", "action", "place_id", "cause", "displaced"])
    site_ll = w.sites[["lon", "lat"]].to_numpy(np.float64)
    rb_ll = np.column_stack(unproject_km(w.rb_xy)) if w.n_roadblocks else np.zeros((0, 2))
    on_rb = df["action"].str.endswith("roadblock").to_numpy()
    ll = np.where(on_rb[:, None], rb_ll[np.where(on_rb, df["place_id"], 0)] if len(rb_ll) else 0.0,
                  site_ll[np.where(on_rb, 0, df["place_id"])])
    return df.assign(step=df["step"].astype(np.int32), group=df["group"].astype(np.int32),
                     place_id=df["place_id"].astype(np.int32), action=pd.Categorical(df["action"]),
                     cause=pd.Categorical(df["cause"]), lon=ll[:, 0].astype(np.float32), lat=ll[:, 1].astype(np.float32))


def output_tables(model: Any) -> dict[str, pd.DataFrame]:
    """The tables a run writes, by name (file `<name>.parquet`)."""
    return {"metrics": metrics_frame(model.metrics, model.week), "sites": sites_frame(model),
            "flows": flows_frame(model), "moves": moves_frame(model)}


def write_run(folder: Path, model: Any, cfg_hash: str, runtime_s: float, seed: int, extra: dict) -> dict:
    """Write the output files of a finished run (tables, then summary.json); returns the summary."""
    folder = Path(folder)
    tables = output_tables(model)
    df = tables["metrics"]
    if not np.isfinite(df.to_numpy(np.float64)).all():
        bad = [c for c in df.columns if not np.isfinite(df[c].to_numpy(np.float64)).all()]
        raise ValueError(f"non-finite values in metrics {', '.join(bad)}: refusing to write outputs")
    units = {m.name: m.unit for m in METRICS}
    write_parquet(df, folder / "metrics.parquet", {"units": json.dumps(units)})
    for name, table in tables.items():
        if name != "metrics":
            write_parquet(table, folder / f"{name}.parquet")
    last = df[df["step"] >= max(0, model.week - 52)]
    summary = {
        "complete": True, "seed": seed, "config_hash": cfg_hash, "version": __version__, "git": commit(), "model_code": model_hash(),
        "runtime_s": round(runtime_s, 3), "steps": int(model.week), "people": int(model.people.n),
        "final_year_means": {c: float(last[c].mean()) for c in df.columns if c not in ("step", "year")},
        **extra,
    }
    write_json(summary, folder / "summary.json")
    return summary
