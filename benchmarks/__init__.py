"""Performance benchmarks and the plain-Mesa reference (see bench.py)."""
