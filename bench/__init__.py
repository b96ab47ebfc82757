"""Benchmarks for Front desk (`make bench`)."""
