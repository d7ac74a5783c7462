"""Benchmarks: each script prints its figures (medians) and the machine it ran on."""
