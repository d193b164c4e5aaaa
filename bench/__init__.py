"""Benchmarks of the store layer: synthetic corpus-shaped data (``bench.generate``)
and the engine comparison runner (``python -m bench``)."""
