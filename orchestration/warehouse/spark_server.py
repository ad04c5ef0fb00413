"""A Spark server on this machine, used as a cluster is: one Spark application that dbt reaches
over the Thrift (HiveServer2) protocol and the Python side over Spark Connect, both on
127.0.0.1. `leadscore spark-server` runs one; the tests start their own.

Both endpoints are one driver, so they share one metastore and one table folder. The driver's
settings are the `spark` output's of dbt_project/profiles.yml (the same as session mode), plus
what a shared server needs: no relation cache, so that a table one connection rewrites is read
afresh by the other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .. import settings
from .ports import free_port, listening
from .profile import profile_output

THRIFT_SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
CONNECT_PLUGIN = "org.apache.spark.sql.connect.SparkConnectPlugin"


def _spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


@dataclass
class SparkServer:
    folder: Path  # its metastore and table files (LEADSCORE_SPARK_DIR), and server.log
    thrift_port: int
    connect_port: int
    process: subprocess.Popen[bytes]

    @classmethod
    def start(
        cls,
        folder: Path,
        *,
        thrift_port: int | None = None,
        connect_port: int | None = None,
        confs: dict[str, str] | None = None,
        timeout_s: float = 180.0,
    ) -> SparkServer:
        """Start a server keeping its tables in `folder`, and wait until both endpoints listen
        (ports: free ones unless given; `confs`: Spark settings over the profile's)."""
        folder = folder.resolve()
        folder.mkdir(parents=True, exist_ok=True)
        thrift_port = thrift_port or free_port()
        connect_port = connect_port or free_port()
        with settings.environment(LEADSCORE_SPARK_DIR=str(folder)):
            driver = profile_output("spark")["server_side_parameters"]
        confs = {
            **driver,
            "spark.plugins": CONNECT_PLUGIN,
            "spark.connect.grpc.binding.address": "127.0.0.1",
            "spark.connect.grpc.binding.port": str(connect_port),
            "spark.sql.filesourceTableRelationCacheSize": "0",
            **(confs or {}),
        }
        home = _spark_home()
        command = [
            str(home / "bin" / "spark-submit"),
            *("--class", THRIFT_SERVER_CLASS, "--name", "leadscore-spark-server"),
            *(arg for key, value in confs.items() for arg in ("--conf", f"{key}={value}")),
            *("--hiveconf", f"hive.server2.thrift.port={thrift_port}"),
            *("--hiveconf", "hive.server2.thrift.bind.host=127.0.0.1"),
            "spark-internal",
        ]
        env = {
            **os.environ,
            "SPARK_HOME": str(home),
            "SPARK_LOCAL_IP": "127.0.0.1",
            "PYSPARK_PYTHON": sys.executable,
        }
        with (folder / "server.log").open("ab") as log:  # the server keeps its own handle
            process = subprocess.Popen(
                command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        server = cls(folder, thrift_port, connect_port, process)
        server._wait(timeout_s)
        return server

    def _wait(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while not (listening(self.thrift_port) and listening(self.connect_port)):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = (self.folder / "server.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(
                    f"the Spark server did not start (it needs Java 17: java on PATH or "
                    f"JAVA_HOME); the end of {self.folder / 'server.log'}:\n{tail}"
                )
            time.sleep(0.5)

    @property
    def connect_url(self) -> str:
        return f"sc://127.0.0.1:{self.connect_port}"

    def environment(self) -> dict[str, str]:
        """The settings that point dbt (thrift) and the Python side (Spark Connect) at it."""
        return {
            "DBT_TARGET": "spark",
            "LEADSCORE_SPARK_METHOD": "thrift",
            "LEADSCORE_SPARK_HOST": "127.0.0.1",
            "LEADSCORE_SPARK_PORT": str(self.thrift_port),
            "LEADSCORE_SPARK_CONNECT_URL": self.connect_url,
            "LEADSCORE_SPARK_DIR": str(self.folder),
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
