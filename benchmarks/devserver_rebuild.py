"""The dev server's rebuild after one change, timed in its own process (for build_benchmark.py).

    python benchmarks/devserver_rebuild.py CONTENT OUTPUT SETTINGS EDITED LANGUAGE

Builds CONTENT into OUTPUT once through devserver.Rebuilder, as `make devserver` does when it
starts, adds a sentence to the long text of the entry file EDITED in LANGUAGE, rebuilds as the
dev server does on that change, and prints the rebuild's wall and CPU time and the process's
peak memory as JSON on the last line (the Rebuilder prints its summary with the stages before).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
    edit_description(edited, load_model()[edited.parent.name], language)
    wall, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    state = rebuilder.rebuild(setup=False)
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "wall": time.perf_counter() - wall,
                "user": after.ru_utime - cpu.ru_utime,
                "system": after.ru_stime - cpu.ru_stime,
                "max_rss": after.ru_maxrss * 1024,
            }
        )
    )
    return 1 if state.failure else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
