"""Dagster assets: raw data, the dbt models, and the MQL alert queue."""
