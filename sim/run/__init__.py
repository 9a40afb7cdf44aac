"""The ways of running the model: the command line (`cli`, with its checks in `prechecks`), the Python API
(`api`), the output files (`outputs`), provenance, and sweep progress (`progress`). The model itself is the rest
of `sim`, which never imports this package."""

from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"
EXPERIMENTS_DIR = CONFIG_DIR.parent / "experiments"
