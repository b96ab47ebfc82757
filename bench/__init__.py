"""Benchmarks for Front desk (`make bench` = `python -m bench`).

Each figure is measured against its floor in the same run (a bare PySide6 window, a raw indexed
SQLite lookup, a bare QTableView, a bare reportlab document) and reported as median / p95 with the
ratio and the target from issue 9. Results go to a table on stdout and to bench.json.

Environment (all optional): FRONTDESK_BENCH_SIZES (default "1000,10000,100000"),
FRONTDESK_BENCH_DAYS (913: five years of appointments), FRONTDESK_BENCH_SEED (1),
FRONTDESK_BENCH_REPEAT (start-up runs, 7), FRONTDESK_BENCH_DATA (bench-data),
FRONTDESK_BENCH_OUT (bench.json).
"""
