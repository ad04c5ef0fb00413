"""A SQLite queue file with a lease, so that one deliverer at a time works on it: the base of
the MQL alert queue and the CRM sync queue. Small files beside the warehouse, so the sensors
that deliver never touch the warehouse."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

_LEASE_SCHEMA = """
create table if not exists delivery_lease (
    id integer primary key check (id = 1),
    owner text not null,
    expires_at real not null
)
"""


class LeasedQueue:
    def __init__(self, path: Path, schema: str) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(schema)
            con.executescript(_LEASE_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    def take_lease(self, owner: str, seconds: float) -> bool:
        """Take or renew the lease for `seconds`; False while another owner holds an
        unexpired one. Whoever holds it is the only one sending."""
        now = time.time()
        with self._connect() as con:
            con.execute("begin immediate")
            taken = con.execute(
                "insert into delivery_lease (id, owner, expires_at) values (1, ?, ?)"
                " on conflict (id) do update set owner = excluded.owner,"
                " expires_at = excluded.expires_at"
                " where delivery_lease.owner = excluded.owner or delivery_lease.expires_at < ?",
                [owner, now + seconds, now],
            ).rowcount
            con.execute("commit")
        return taken == 1

    def release_lease(self, owner: str) -> None:
        with self._connect() as con:
            con.execute("delete from delivery_lease where owner = ?", [owner])
