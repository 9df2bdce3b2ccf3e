"""Starts the builds build_benchmark.py measures, from a small process of its own.

Linux carries a process's peak memory across exec: a program started by a large process (the
benchmark, once it has read a corpus) reports at least that process's peak as its own ru_maxrss.
Started from this one, which imports nothing of the project, a build's ru_maxrss is its own (or
this process's few MB, if more).

One request a line on stdin, as JSON: {"command": [...], "cwd": ..., "env": {...}, "log": path};
for each, two lines on stdout: {"pid": ...} once it has started, then {"status", "wall", "user",
"system", "max_rss"} once it has ended: its wall time and the rusage of it and of every process it
waited for (os.wait4), max_rss in bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> int:
    for line in sys.stdin:
        request = json.loads(line)
        with open(request["log"], "wb") as log:
            start = time.perf_counter()
            process = subprocess.Popen(
                request["command"],
                cwd=request["cwd"],
                env=request["env"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            print(json.dumps({"pid": process.pid}), flush=True)
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
        ended = {
            "status": process.returncode,
            "wall": wall,
            "user": usage.ru_utime,
            "system": usage.ru_stime,
            "max_rss": usage.ru_maxrss * 1024,
        }
        print(json.dumps(ended), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
