"""Dagster assets: raw data, the dbt models, the MQL alert queue, the evaluation."""
