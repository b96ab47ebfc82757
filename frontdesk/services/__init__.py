"""Use cases: each write happens in one transaction; the UI and the CLI call these."""
