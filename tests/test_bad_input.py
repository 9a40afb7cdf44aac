"""Bad input through the real command line: exit status 2, one line naming the key and what is allowed, no
traceback, and no output written. Table-driven; the cases include errors Hydra itself raises (an unknown key,
a value of the wrong type, override syntax it cannot read, a sweep type the sweeper cannot run)."""

from __future__ import annotations

import pytest

from .conftest import run_cli

GOOD_SITES_HEADER = ("site_id,lon,lat,province,territory,mineral,workers,tc_id,ipis_armed,ipis_nonstate,ipis_army,"
                     "ipis_army_interfering,ipis_children,destination\n")


def _files(tmp_path):
    """Broken world files for the data cases."""
    (tmp_path / "no_columns.csv").write_text("a,b\n1,2\n")
    (tmp_path / "garbage.csv").write_bytes(b"\x00\x01\x02\xff\xfe" * 100)
    (tmp_path / "kryptonite.csv").write_text(GOOD_SITES_HEADER + "0,28.5,-2.5,P,T,kryptonite,10,0,False,False,False,False,False,\n")
    (tmp_path / "negative.csv").write_text(GOOD_SITES_HEADER + "0,28.5,-2.5,P,T,gold,-10,0,False,False,False,False,False,\n")
    (tmp_path / "bad_tc.csv").write_text(GOOD_SITES_HEADER + "0,28.5,-2.5,P,T,gold,10,999,False,False,False,False,False,\n")
    (tmp_path / "nan_coords.csv").write_text(GOOD_SITES_HEADER + "0,,-2.5,P,T,gold,10,0,False,False,False,False,False,\n")
    (tmp_path / "empty.csv").write_text(GOOD_SITES_HEADER)
    for name, text in (("broken", "name: broken\nsites: [unclosed\n"), ("nohubs", "name: nohubs\nhubs: []\n")):
        sp = tmp_path / f"searchpath_{name}" / "world"
        sp.mkdir(parents=True)
        (sp / f"{name}.yaml").write_text(text)


CASES = [
    # (id, arguments, text the error must contain)
    ("unknown key", ["foo=1"], "foo"),
    ("appended unknown key", ["+foo=1"], "foo: unknown key"),
    ("unknown policy", ["policies.bogus.enabled=true"], "bogus"),
    ("unknown policy field", ["+policies.ddr.colour=red"], "policies.ddr.colour: unknown key"),
    ("unknown mineral field", ["+minerals.gold.colour=red"], "minerals.gold.colour: unknown key"),
    ("steps not a number", ["steps=abc"], "steps"),
    ("seed not an integer", ["seed=1.5"], "seed"),
    ("zero steps", ["steps=0"], "steps: must be >= 1"),
    ("negative steps", ["steps=-5"], "steps: must be >= 1"),
    ("negative seed", ["seed=-1"], "seed: must be >= 0"),
    ("unknown world", ["world=nowhere"], "world: unknown world 'nowhere'; allowed: eastern_drc, small"),
    ("unknown scenario", ["scenario=nonsense"], "scenario: unknown scenario"),
    ("unknown experiment", ["+experiment=nope"], "experiment: unknown experiment"),
    ("unknown shock", ["shock=wobble"], "shock: unknown shock"),
    ("unknown shock mineral", ["shock=price", "shock.mineral=unobtainium"], "shock.mineral: unknown mineral"),
    ("negative price factor", ["shock=price", "shock.factor=-2"], "shock.factor: must be >= 0"),
    ("zero shock duration", ["shock=price", "shock.duration=0"], "shock.duration: must be >= 1"),
    ("unknown DMZ selection", ["policies.dmz.selection=best"], "policies.dmz.selection: must be one of largest"),
    ("discipline above 1", ["policies.dmz.discipline=1.5"], "policies.dmz.discipline: must be <= 1"),
    ("negative seizure rate", ["policies.border.seizure_rate=-0.1"], "policies.border.seizure_rate: must be >= 0"),
    ("compliance above 1", ["policies.certification.buyer_compliance=2"], "buyer_compliance: must be <= 1"),
    ("negative DDR capacity", ["policies.ddr.capacity_per_year=-100"], "capacity_per_year: must be >= 0"),
    ("end before start", ["policies.ddr.start=100", "policies.ddr.end=50"], "policies.ddr.end: must be >= start"),
    ("unknown certified mineral", ["policies.certification.minerals=[unobtainium]"], "unknown mineral 'unobtainium'"),
    ("no certified mineral", ["policies.certification.enabled=true", "policies.certification.minerals=[]"], "empty"),
    ("revision every 0 weeks", ["miners.revise_every_weeks=0"], "miners.revise_every_weeks: must be >= 1"),
    ("trader margin above cap", ["market.trader_margin=1.5"], "market.trader_margin: must be <= 0.99"),
    ("roadblock shares above 1", ["world.roadblock_nonstate_share=0.8", "world.roadblock_state_share=0.5"],
     "roadblock_state_share: must be <= 1"),
    ("zero population scale", ["world.population_scale=0"], "world.population_scale: must be >="),
    ("concealability above 1", ["minerals.gold.concealability=3"], "minerals.gold.concealability: must be <= 1"),
    ("snapshots every 0 weeks", ["output.site_every=0"], "output.site_every: must be >= 1"),
    ("unknown progress mode", ["output.progress=maybe"], "output.progress: must be one of"),
    ("no hubs", ["world.hubs=[]"], "world.hubs: a world needs at least one export hub"),
    ("missing site table", ["world.sites=/nonexistent/sites.csv"], "world.sites: file not found"),
    ("missing trading centres", ["world.trading_centres=/nonexistent.csv"], "world.trading_centres: file not found"),
    ("site table without columns", ["world.sites={tmp}/no_columns.csv"], "world.sites: no_columns.csv lacks columns"),
    ("binary site table", ["world.sites={tmp}/garbage.csv"], "world.sites:"),
    ("mineral without parameters", ["world.sites={tmp}/kryptonite.csv"], "world.sites: minerals kryptonite have no parameters"),
    ("negative workers", ["world.sites={tmp}/negative.csv"], "world.sites: column workers must be non-negative"),
    ("trading centre out of range", ["world.sites={tmp}/bad_tc.csv"], "world.sites: column tc_id must index"),
    ("missing coordinates", ["world.sites={tmp}/nan_coords.csv"], "world.sites: column lon"),
    ("empty site table", ["world.sites={tmp}/empty.csv"], "world.sites: empty.csv has no rows"),
    ("malformed world file", ["hydra.searchpath=[file://{tmp}/searchpath_broken]", "world=broken"], "broken.yaml: malformed YAML"),
    ("world file without hubs", ["hydra.searchpath=[file://{tmp}/searchpath_nohubs]", "world=nohubs"], "world.hubs"),
    ("unwritable output folder", ["hydra.run.dir=/proc/nope"], "hydra.run.dir: cannot create /proc/nope"),
    # errors Hydra raises itself, while composing the configuration or reading the command line
    ("unknown key (Hydra)", ["nonexistent_key=3"], "nonexistent_key: unknown key; allowed under the top level: "
                                                   "armed_groups, debug,"),
    ("unknown nested key (Hydra)", ["policies.ddr.colour=red"], "policies.ddr.colour: unknown key; allowed under "
                                                                "policies.ddr: capacity_per_year"),
    ("not a boolean (Hydra)", ["policies.ddr.enabled=maybe"], "policies.ddr.enabled: Value 'maybe' is not a valid bool"),
    ("unreadable override (Hydra)", ["steps=["], "steps: cannot read 'steps=['"),
    ("interval sweep on the basic sweeper", ["-m", "policies.ddr.capacity_per_year=interval(0,5000)"],
     "policies.ddr.capacity_per_year: interval() needs a search sweeper"),
]


@pytest.mark.slow
@pytest.mark.parametrize("args,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_one_clear_message(tmp_path, args, expected):
    _files(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    run_dir = tmp_path / "run"
    extra = [] if any(a.startswith("hydra.run.dir") for a in args) else [f"hydra.run.dir={run_dir}"]
    if "-m" in args:
        extra = [f"hydra.sweep.dir={run_dir}"]
    r = run_cli(["steps=2", *args, *extra])
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr.startswith("error: ") and r.stderr.count("\n") == 1, r.stderr   # one line
    assert expected in r.stderr, r.stderr
    assert not list(run_dir.rglob("*.parquet"))


def test_at_least_50_distinct_bad_inputs():
    assert len({c[0] for c in CASES}) == len(CASES) >= 50


def test_a_write_error_names_the_file(tmp_path):
    (tmp_path / "metrics.parquet").mkdir()   # a folder where the file should go
    r = run_cli(["world=small", "steps=2", f"hydra.run.dir={tmp_path}"])
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert f"cannot write {tmp_path}/metrics.parquet" in r.stderr


def test_make_config_names_an_unknown_or_mistyped_key_in_one_line():
    """The Python entry point (notebooks, benchmarks) refuses bad keys as the CLI does: a ConfigError."""
    from sim.config import ConfigError
    from sim.run.api import make_config

    with pytest.raises(ConfigError, match=r"^miners\.nope: Key 'nope' not in 'MinersConfig'$"):
        make_config("small", **{"miners.nope": 1})
    with pytest.raises(ConfigError, match=r"^steps: "):
        make_config("small", steps="many")
