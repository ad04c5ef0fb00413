"""`python peak_probe.py FILE COMMAND...`: run COMMAND and write its peak memory (KB, its own
children's included) to FILE; exit with its exit code.

runner.measured starts every measured command through this small process. On Linux a child's
peak memory starts from the resident memory of the process that forked it (exec keeps the
high-water mark of the memory it replaces), so a command started straight from a large process
(the benchmark, after the floor and pandas ran in it) would report that process's size as its
own. Only the standard library, so the probe stays a few MB."""

import os
import signal
import subprocess
import sys

peak_file, *command = sys.argv[1:]
process = subprocess.Popen(command)
# Ctrl-C reaches the command (same process group), which stops and says so; the probe waits
signal.signal(signal.SIGINT, signal.SIG_IGN)
_, status, usage = os.wait4(process.pid, 0)
with open(peak_file, "w") as written:
    written.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
