"""The parts of the Dagster code location (orchestration/definitions.py puts them together):
assets, checks, partitions, resources, owners, jobs and schedules, the sensors, in-process runs."""

import warnings

from dagster import BetaWarning

# The daily assets backfill a range of dates in one run (BackfillPolicy.single_run), which
# Dagster marks beta; the warning it prints at every import is nothing a user can act on.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=BetaWarning)
