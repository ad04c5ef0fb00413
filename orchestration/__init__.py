"""Lead scoring orchestration: the `leadscore` command line and the Dagster code location."""
