"""The benchmark of `make bench` / `leadscore bench` (docs/performance.md)."""
