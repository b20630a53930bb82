"""Benchmarks: `make bench`. Performance targets live here, never in timed tests."""
