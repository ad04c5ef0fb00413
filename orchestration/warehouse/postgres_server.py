"""A throwaway PostgreSQL server on 127.0.0.1 and a free port, for the tests and the
benchmark.

It runs the machine's server binaries (`initdb`, `pg_ctl`) on a data directory of its own; as
root they run as the `postgres` user, which PostgreSQL requires.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .ports import free_port

BIN_DIRS = [Path("/usr/lib/postgresql/15/bin"), *Path("/usr/lib/postgresql").glob("*/bin")]


def _bin(name: str) -> str:
    found = shutil.which(name) or next(
        (str(folder / name) for folder in BIN_DIRS if (folder / name).exists()), None
    )
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt install postgresql)")
    return found


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresServer:
    data_dir: Path
    port: int
    user: str = "postgres"
    database: str = "postgres"

    @classmethod
    def start(cls, options: dict[str, str] | None = None) -> PostgresServer:
        """A new cluster in a folder of its own under the system's temporary folder (which
        the server's user can reach, unlike a folder private to root), with the server
        settings `options` (name: value) besides its defaults."""
        folder = Path(tempfile.mkdtemp(prefix="leadscore-postgres-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        server = cls(folder / "data", free_port())
        run = _as_server_user
        subprocess.run(
            run([_bin("initdb"), "-D", str(server.data_dir), "-A", "trust", "-U", "postgres"])
            + ["-E", "UTF8", "--no-sync"],
            check=True,
            capture_output=True,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c fsync=off"
            + "".join(f" -c {name}={value}" for name, value in (options or {}).items())
        )
        subprocess.run(
            run([_bin("pg_ctl"), "-D", str(server.data_dir), "-o", options])
            + ["-l", str(folder / "server.log"), "-w", "start"],
            check=True,
            capture_output=True,
        )
        return server

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run(
            _as_server_user([_bin("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"]),
            check=True,
            capture_output=True,
        )
        shutil.rmtree(self.data_dir.parent)

    def create_database(self, name: str) -> dict[str, str]:
        """A new database; returns the LEADSCORE_PG_* environment that points at it."""
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres")
        con.autocommit = True
        with con.cursor() as cursor:
            cursor.execute(f'create database "{name}"')
        con.close()
        return {
            "LEADSCORE_PG_HOST": "127.0.0.1",
            "LEADSCORE_PG_PORT": str(self.port),
            "LEADSCORE_PG_USER": self.user,
            "LEADSCORE_PG_PASSWORD": "",
            "LEADSCORE_PG_DATABASE": name,
        }
