"""Hydra sweepers of the conflict-minerals model (found by Hydra's plugin scan of the `hydra_plugins` namespace)."""
