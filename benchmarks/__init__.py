"""Benchmark tooling: a realistic data generator and a runner that measures pages and search."""
