"""A sweep on a Ray cluster (hydra/launcher=ray) equals the same sweep on the default launcher, byte for byte.

Run by `make test-cluster` (it installs the `ray` extra; Ray's start-up takes most of a minute on two cores,
so these tests are not part of `make test`). Two cases: a local Ray instance started by the launcher, and a
one-node cluster started here with `ray start --head` on 127.0.0.1 (its own token and temp folder, stopped by
killing its process group, never with `ray stop`).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import run_cli

SWEEP = ["-m", "world=small", "steps=20", "seed=range(4)", "policies.ddr.enabled=true", "policies.ddr.start=5"]
FILES = ("metrics.parquet", "sites.parquet", "flows.parquet", "moves.parquet", ".hydra/config.yaml",
         ".hydra/overrides.yaml")
RAY_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "token"}


def same_sweep(mine: Path, ref: Path) -> None:
    runs = sorted(p.parent.name for p in ref.glob("*/summary.json"))
    assert runs and runs == sorted(p.parent.name for p in mine.glob("*/summary.json"))
    for r in runs:
        for f in FILES:
            assert (mine / r / f).read_bytes() == (ref / r / f).read_bytes(), (r, f)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    d = tmp_path_factory.mktemp("warm")
    r = run_cli([*SWEEP, f"hydra.sweep.dir={d}", "hydra.launcher.n_jobs=2"])
    assert r.returncode == 0, r.stderr[-3000:]
    return d


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    """A one-node Ray cluster on 127.0.0.1: (address, environment for the driver)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**RAY_ENV, "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    temp = Path(f"/tmp/ray_t{port}")
    cwd = tmp_path_factory.mktemp("ray_head")
    log = cwd / "ray_head.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([str(Path(sys.executable).with_name("ray")), "start", "--head", "--block",
                                 f"--port={port}", "--node-ip-address=127.0.0.1", "--num-cpus=2",
                                 "--include-dashboard=false", f"--temp-dir={temp}", "--disable-usage-stats"],
                                cwd=cwd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while "Ray runtime started" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield f"127.0.0.1:{port}", env
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        subprocess.run(["rm", "-rf", str(temp)], check=False)


def test_local_ray_instance_equals_the_default_launcher(reference, tmp_path):
    t0 = time.perf_counter()
    r = run_cli([*SWEEP, f"hydra.sweep.dir={tmp_path}", "hydra/launcher=ray", "hydra.launcher.num_cpus=2"],
                env={**RAY_ENV, "RAY_AUTH_TOKEN": secrets.token_hex(32)})
    assert r.returncode == 0, r.stderr[-3000:]
    print(f"local Ray instance: 4 runs in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    same_sweep(tmp_path, reference)


def test_ray_cluster_equals_the_default_launcher(ray_cluster, reference, tmp_path):
    address, env = ray_cluster
    r = run_cli([*SWEEP, f"hydra.sweep.dir={tmp_path}", "hydra/launcher=ray", f"hydra.launcher.address={address}"],
                env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    assert f"Connecting to existing Ray cluster at address: {address}" in r.stderr
    same_sweep(tmp_path, reference)
