"""dbt from Python: the project and its manifest (project.py), the command lines (args.py) and
the one runner that starts dbt outside Dagster's dbt assets (runner.py)."""
