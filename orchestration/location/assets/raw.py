"""Raw-data assets: the demo world and landing-file imports, both writing schema `raw`."""

from datetime import UTC, date, datetime
from pathlib import Path

from dagster import AssetSpec, Config, Failure, MaterializeResult, asset

from ... import settings
from ...loading.landing import LandingFileError, import_folder
from ...warehouse import RAW_TABLES
from ..owners import DATA_PLATFORM
from ..resources import Warehouse


class DemoDataConfig(Config):
    leads: int = 3000
    seed: int = 42
    end_date: str = ""  # YYYY-MM-DD; blank: today in UTC


@asset(group_name="raw", owners=DATA_PLATFORM, pool=settings.WAREHOUSE_POOL)
def demo_data(context, config: DemoDataConfig, warehouse: Warehouse) -> MaterializeResult:
    """A synthetic B2B world (accounts, leads, activities, opportunities) written into raw,
    replacing what was there."""
    from ...loading.demo.loader import WorldSpec, generate

    end = date.fromisoformat(config.end_date) if config.end_date else datetime.now(UTC).date()
    with warehouse.write() as engine:
        counts = generate(
            WorldSpec(config.leads, config.seed, end),
            engine=engine,
            progress=lambda leads, activities: context.log.info(
                f"{leads:,} leads, {activities:,} activities written"
            ),
        )
    return MaterializeResult(metadata={f"{table}_rows": n for table, n in counts.items()})


class LandingFilesConfig(Config):
    folder: str = ""  # blank: LEADSCORE_LANDING_DIR


@asset(group_name="raw", owners=DATA_PLATFORM, pool=settings.WAREHOUSE_POOL)
def landing_files(context, config: LandingFilesConfig, warehouse: Warehouse) -> MaterializeResult:
    """CSV or Parquet files from a landing folder appended to raw (files already imported
    are skipped; a file missing a required column stops the import, loading nothing; a value
    that does not fit its column is landed as null and counted)."""
    folder = Path(config.folder) if config.folder else settings.landing_dir()
    if not folder:
        context.log.info("No landing folder configured (LEADSCORE_LANDING_DIR): nothing to load")
        return MaterializeResult(metadata={"files_loaded": 0})
    try:
        with warehouse.write() as engine:
            report = import_folder(engine, folder)
    except LandingFileError as error:
        raise Failure(description=str(error)) from error
    for name, rows in report.loaded.items():
        context.log.info(f"loaded {name}: {rows} rows")
    for name, found in report.bad_values.items():
        context.log.warning(f"{name}: {'; '.join(found)}: fix the file at its source")
    return MaterializeResult(
        metadata={
            "files_loaded": len(report.loaded),
            "rows_loaded": sum(report.loaded.values()),
            "files_already_imported": len(report.skipped),
            "values_landed_as_null": {name: "; ".join(f) for name, f in report.bad_values.items()},
        }
    )


# The dbt sources: written by the two assets above, read by the staging models.
raw_table_specs = [
    AssetSpec(
        ["raw", table],
        deps=[demo_data, landing_files],
        group_name="raw",
        owners=DATA_PLATFORM,
        description=f"raw.{table} in the warehouse (contract §3)",
    )
    for table in RAW_TABLES
]
