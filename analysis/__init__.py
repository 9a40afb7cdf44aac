"""Analysis of sweeps: collect runs into tables (`collect`), draw briefing figures (`plots`).

`python -m analysis DIR` does both for a sweep folder. Imports `sim` only for metric metadata.
"""
