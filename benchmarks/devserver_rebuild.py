"""The dev server's rebuild after one change, timed in its own process (for build_benchmark.py).

    python benchmarks/devserver_rebuild.py CONTENT OUTPUT SETTINGS EDITED LANGUAGE

Builds CONTENT into OUTPUT once through devserver.Rebuilder, as `make devserver` does when it
starts; then EDITS times adds a sentence to the long text of the entry file EDITED in LANGUAGE
and rebuilds as the dev server does on that change. Prints, as JSON on the last line, the wall
and CPU time and the process's peak memory of the rebuild of median wall time, which one it was
(from 0), and every rebuild's wall time (the Rebuilder prints each build's summary with its
stages before): one rebuild alone on a shared machine is at the mercy of whatever else runs.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITS = 3  # odd: the median is one of the rebuilds
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import edit_description  # noqa: E402
from plugins.directory.devserver import Builds, Rebuilder  # noqa: E402
from plugins.directory.model import load_model  # noqa: E402


def main(argv: list[str]) -> int:
    content, output, settings, edited = map(Path, argv[:4])
    language = argv[4]
    rebuilder = Rebuilder(content, output, settings, Builds())
    if rebuilder.rebuild(setup=True).failure:
        return 1
    timings = []
    for _ in range(EDITS):
        edit_description(edited, load_model()[edited.parent.name], language)
        wall, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        state = rebuilder.rebuild(setup=False)
        after = resource.getrusage(resource.RUSAGE_SELF)
        if state.failure:
            return 1
        timings.append(
            {
                "wall": time.perf_counter() - wall,
                "user": after.ru_utime - cpu.ru_utime,
                "system": after.ru_stime - cpu.ru_stime,
                "max_rss": after.ru_maxrss * 1024,
            }
        )
    median = sorted(range(EDITS), key=lambda n: timings[n]["wall"])[EDITS // 2]
    walls = [round(t["wall"], 3) for t in timings]
    print(json.dumps({**timings[median], "rebuild": median, "walls": walls}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
