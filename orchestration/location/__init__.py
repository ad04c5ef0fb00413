"""The parts of the Dagster code location (orchestration/definitions.py puts them together):
assets, checks, partitions, resources, jobs and schedule, the alert sensor, in-process runs."""
