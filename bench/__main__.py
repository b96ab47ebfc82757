"""Placeholder until the benchmark suite exists (issue 9)."""

print("no benchmarks yet")
