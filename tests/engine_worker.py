"""Raw loads and relation reads on a warehouse, in a process of their own.

Spark's metastore admits one process at a time, so the tests never hold a Spark session
while dbt runs: they call this module, which exits when done. The target and its settings
come from the environment (DBT_TARGET, LEADSCORE_PG_*, LEADSCORE_SPARK_DIR).

    python -m tests.engine_worker load CSV_DIR [--append]   # files named <table>.csv
    python -m tests.engine_worker read OUT.pickle SQL...
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from orchestration import warehouse


def main(argv: list[str]) -> None:
    command, destination, *rest = argv
    with warehouse.open_engine() as engine:
        if command == "load":
            if "--append" not in rest:
                engine.create_raw_tables(replace=True)
            for csv_path in sorted(Path(destination).glob("*.csv")):
                engine.append_csv(csv_path.stem, csv_path)
        elif command == "read":
            results = [engine.query(sql) for sql in rest]
            Path(destination).write_bytes(pickle.dumps(results))
        else:
            raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
