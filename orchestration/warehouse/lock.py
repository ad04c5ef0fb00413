"""One writer at a time, across processes: a lock file beside the warehouse file.

DuckDB allows one writer per file, and a writer cannot open the file while anyone reads it.
Dagster's pool serialises the steps of its runs; this lock also covers what runs outside them
(`leadscore backtest`, `build`, `suggest`, `demo-data`, `report`): writers take it exclusively,
readers shared. Held by the process, it is re-entrant: a writer that also reads waits for
nobody. On PostgreSQL and Spark it costs nothing and keeps writers from interleaving.
"""

from __future__ import annotations

import fcntl
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import settings

_held: dict[str, int] = {"depth": 0}

# a wait shorter than this passes in silence (the tests set it to 0 to see every wait)
WAIT_MESSAGE_AFTER_SECONDS = 5.0


@contextmanager
def warehouse_lock(*, write: bool = True, folder: Path | None = None) -> Iterator[None]:
    """Hold the warehouse's lock: exclusive for a writer, shared for a reader. It lives in
    `folder` (the DuckDB file's; default settings.output_dir())."""
    if _held["depth"]:
        _held["depth"] += 1
        try:
            yield
        finally:
            _held["depth"] -= 1
        return
    path = (folder or settings.output_dir()) / ".warehouse.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = fcntl.LOCK_EX if write else fcntl.LOCK_SH
    with path.open("a") as handle:
        started = time.monotonic()
        said = False
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not said and time.monotonic() - started >= WAIT_MESSAGE_AFTER_SECONDS:
                    print(
                        f"[leadscore] waiting for the warehouse: another run is using it ({path})",
                        file=sys.stderr,
                        flush=True,
                    )
                    said = True
                time.sleep(0.2)
        _held["depth"] = 1
        try:
            yield
        finally:
            _held["depth"] = 0
            fcntl.flock(handle, fcntl.LOCK_UN)
