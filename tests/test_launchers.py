"""The warm launcher's cached composition equals Hydra's own, key for key (hydra_plugins/sim_launchers/_compose)."""

from __future__ import annotations

import pytest
from hydra import initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.types import HydraContext, RunMode
from omegaconf import OmegaConf

from hydra_plugins.sim_launchers._compose import load_sweep_config, validate_jobs
from sim.config import register_configs
from sim.run import CONFIG_DIR

JOBS = [["scenario=ddr", "seed=1", "ensemble.design_point=2", "armed_groups.tax_share=0.21",
         "hydra.job.config.override_dirname.exclude_keys=[armed_groups.tax_share]"],
        ["scenario=ddr", "seed=2", "ensemble.design_point=3", "armed_groups.tax_share=0.25",
         "hydra.job.config.override_dirname.exclude_keys=[armed_groups.tax_share]"],
        ["scenario=baseline", "seed=0", "miners.access_cap=1.5", "world=eastern_drc"],
        ["seed=0", "++policies.ddr.capacity_per_year=7"],            # a force-add: Hydra composes it itself
        ["scenario=dmz", "policies.dmz.n_sites=3", "shock=price", "shock.factor=2.0"]]


@pytest.fixture(scope="module")
def hydra_loader():
    register_configs()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        loader = GlobalHydra.instance().config_loader()
        master = loader.load_configuration("config", ["+experiment=policy_robustness", "world=small", "steps=20"],
                                           RunMode.MULTIRUN)
        yield HydraContext(config_loader=loader, callbacks=None), master


def test_cached_composition_equals_hydras(hydra_loader):
    ctx, master = hydra_loader
    for job in JOBS * 2:     # the second pass comes from the cache
        mine = load_sweep_config(ctx, master, job)
        hydras = ctx.config_loader.load_sweep_config(master, job)
        assert OmegaConf.to_yaml(mine) == OmegaConf.to_yaml(hydras), job
    assert load_sweep_config(ctx, master, JOBS[0]).hydra.job.override_dirname == \
        "ensemble.design_point=2,scenario=ddr,seed=1"


def test_validation_still_refuses_a_bad_value(hydra_loader):
    ctx, master = hydra_loader
    validate_jobs(ctx, master, JOBS)
    with pytest.raises(Exception, match="seed"):
        validate_jobs(ctx, master, [JOBS[0], ["scenario=ddr", "seed=many", "ensemble.design_point=2",
                                              "armed_groups.tax_share=0.21",
                                              "hydra.job.config.override_dirname.exclude_keys=[armed_groups.tax_share]"]])


def test_resolved_yaml_is_omegaconfs_text(hydra_loader):
    """The run's hash is taken over `OmegaConf.to_yaml(..., sort_keys=True)` text; the libyaml emitter used for
    speed gives the same text (strings that read as numbers or booleans stay quoted)."""
    from omegaconf import open_dict

    from sim.run.cli import resolved_yaml

    ctx, master = hydra_loader
    for job in JOBS:
        cfg = load_sweep_config(ctx, master, job)
        with open_dict(cfg):
            del cfg["hydra"]
            cfg.world.name = "1e3"              # reads as a number: quoted by OmegaConf's representer
            cfg.shock.mineral = "true"          # reads as a boolean: quoted too
        d = OmegaConf.to_container(cfg, resolve=True)
        d.pop("output", None)
        assert resolved_yaml(cfg) == OmegaConf.to_yaml(OmegaConf.create(d), sort_keys=True), job
