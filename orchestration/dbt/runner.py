"""The one way dbt is started outside Dagster's dbt assets (which use project.cli_resource, on
the same project, target and arguments): `leadscore build`, `suggest` and `backtest`, the
benchmark and the tests all come here. Every invocation that touches the warehouse holds its
lock (warehouse/lock.py). Each is a process of its own: a new `dbt` process, or, in a process
that asked to keep dbt loaded (the test suite), a child forked from one that imported dbt once.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from .. import settings
from ..warehouse import warehouse_lock
from .args import invocation, with_target

PEAK_PROBE = Path(__file__).with_name("peak_probe.py")
# commands that neither read nor write the warehouse
OFFLINE = {"parse", "ls", "list", "compile", "deps", "clean", "debug"}
# set by keep_dbt_loaded(): where run() starts dbt instead of a new `dbt` process
_loaded_dbt: multiprocessing.context.ForkServerContext | None = None


class DbtRunError(RuntimeError):
    pass


@dataclass(frozen=True)
class DbtRun:
    returncode: int
    output: str  # stdout and stderr, when captured
    seconds: float
    peak_rss_kb: int  # of the process (DuckDB included) and of the children it waited for

    @property
    def success(self) -> bool:
        return self.returncode == 0


def run(
    args: list[str],
    *,
    project_dir: Path = settings.DBT_PROJECT_DIR,
    env: Mapping[str, str] | None = None,
    capture: bool = False,
    output_file: Path | None = None,
    say: Callable[[str], None] | None = None,
) -> DbtRun:
    """One dbt process: `dbt <args>` in `project_dir` (with its profiles.yml), in the
    environment plus `env`. Its output goes to the terminal, or is returned (`capture`), or
    goes to `output_file`."""
    if say:
        say("dbt " + " ".join(args))
    target = (env or {}).get("DBT_TARGET") or settings.target()  # `env`'s, else this process's
    args, run_env = invocation(with_target(args, target))
    args = [*args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    environment = {**os.environ, **(env or {}), **run_env}
    folder = settings.duckdb_path(environment).parent
    environment.update(settings.dbt_environment(project_dir, environment))
    offline = not args or args[0] in OFFLINE
    with ExitStack() as stack:
        if not offline:
            stack.enter_context(warehouse_lock(write=True, folder=folder))
        if _loaded_dbt:
            return _forked(
                args, cwd=project_dir, env=environment, capture=capture, output_file=output_file
            )
        command = [settings.dbt_executable(), *args]
        return measured(
            command, cwd=project_dir, env=environment, capture=capture, output_file=output_file
        )


def keep_dbt_loaded() -> None:
    """Start this process's later run() calls from a fork server that imported dbt once, not
    as new `dbt` processes, each of which spends about 4 s importing dbt before any work. For
    a long-lived process that runs dbt many times (the test suite); each call is still a
    process of its own, with its own environment, folder, output and peak memory. Linux."""
    global _loaded_dbt
    _loaded_dbt = multiprocessing.get_context("forkserver")
    _loaded_dbt.set_forkserver_preload(["dbt.cli.main", "dbt.adapters.duckdb", __name__])


def _forked(
    args: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    capture: bool,
    output_file: Path | None,
) -> DbtRun:
    """run()'s dbt call in a child of the fork server (keep_dbt_loaded)."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch, "output") if capture else output_file
        peak_file = Path(scratch, "peak_kb")
        started = time.perf_counter()
        child = _loaded_dbt.Process(
            target=_invoke, args=(args, str(cwd), dict(env), output and str(output), str(peak_file))
        )
        child.start()
        child.join()
        seconds = time.perf_counter() - started
        text = output.read_text() if capture and output.exists() else ""
        peak_kb = int(peak_file.read_text()) if peak_file.exists() else 0
    return DbtRun(child.exitcode, text, seconds, peak_kb)


def _invoke(args: list[str], cwd: str, env: dict[str, str], output: str | None, peak: str) -> None:
    """One dbt call in a forked child: exits with the exit code the `dbt` command would."""
    os.environ.clear()
    os.environ.update(env)
    time.tzset()
    os.chdir(cwd)
    if output:
        written = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(written, 1)
        os.dup2(written, 2)
        os.close(written)
    from dbt.cli.main import dbtRunner

    try:
        result = dbtRunner().invoke(args)
        code = 0 if result.success else 2 if result.exception is not None else 1
    except BaseException:  # what the `dbt` command would print before exiting with 2
        traceback.print_exc()
        code = 2
    # what a `dbt` process runs as it ends (multiprocessing's children end in os._exit): DuckDB
    # closes its file, its write-ahead log checkpointed into it; Spark's session stops
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    usage = (
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    Path(peak).write_text(str(max(usage)))
    os._exit(code)


def measured(
    command: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    capture: bool = False,
    output_file: Path | None = None,
) -> DbtRun:
    """`command` run to its end in `cwd` with the environment `env` (only): its exit code,
    output (when captured, else to the terminal or `output_file`), seconds and peak memory
    (measured by peak_probe.py, which says why)."""
    with ExitStack() as stack:
        peak_file = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "peak_kb"
        stdout = None
        if capture:
            stdout = subprocess.PIPE
        elif output_file:
            stdout = stack.enter_context(output_file.open("w"))
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(PEAK_PROBE), str(peak_file), *command],
            cwd=cwd,
            env=env,
            stdout=stdout,
            stderr=subprocess.STDOUT if stdout else None,
            text=True,
        )
        output = process.stdout.read() if capture else ""  # one pipe: read to its end
        process.wait()
        if capture:
            process.stdout.close()
        seconds = time.perf_counter() - started
        peak_kb = int(peak_file.read_text()) if peak_file.exists() else 0
    return DbtRun(process.returncode, output, seconds, peak_kb)


def run_steps(steps: list[tuple[str, list[str]]], project_dir: Path) -> None:
    """Several dbt invocations (label, arguments), one after another in one child process with
    dbt's in-process runner: a backtest scores dozens of dates, and starting dbt once saves
    about four seconds a date. A child rather than this process, because on Spark the
    session's embedded metastore admits one process at a time, and it must be free again when
    the Python side opens its own session afterwards. Stops at the first failure."""
    context = multiprocessing.get_context("spawn")
    with warehouse_lock(write=True):
        child = context.Process(target=_run_steps, args=(steps, str(project_dir)))
        child.start()
        child.join()
    if child.exitcode != 0:
        raise DbtRunError(
            f"dbt failed (exit code {child.exitcode}): its error is printed above. Fix it, "
            "then run the command again; the dates scored before the failure are kept."
        )


def _run_steps(steps: list[tuple[str, list[str]]], project_dir: str) -> None:
    from dbt.cli.main import dbtRunner

    os.environ.update(settings.dbt_environment(Path(project_dir)))
    os.chdir(project_dir)  # the profile's relative paths are relative to the project
    runner = dbtRunner()
    for label, given in steps:
        print(f"[leadscore] {label}", flush=True)
        args, run_env = invocation(with_target(given, settings.target()))
        os.environ.update(run_env)
        # no manifest or run results written per step (about 1.5 s each): nothing reads them
        result = runner.invoke(
            [*args, "--quiet", "--no-write-json"]
            + ["--project-dir", project_dir, "--profiles-dir", project_dir]
        )
        if not result.success:
            if result.exception is not None:
                print(f"[leadscore] dbt: {result.exception}", file=sys.stderr, flush=True)
            sys.exit(1)
