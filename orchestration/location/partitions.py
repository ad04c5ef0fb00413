"""Daily partitions: one partition key per score date (contract §5's `score_date`)."""

from __future__ import annotations

from datetime import date, timedelta

from dagster import DailyPartitionsDefinition, PartitionKeyRange

from .. import settings

# end_offset=1: today's partition exists today, so the schedule can score the current date.
daily_partitions = DailyPartitionsDefinition(start_date=settings.partitions_start(), end_offset=1)


def score_dates(key_range: PartitionKeyRange) -> list[date]:
    """Every score date of a partition key range, in order."""
    start, end = date.fromisoformat(key_range.start), date.fromisoformat(key_range.end)
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
