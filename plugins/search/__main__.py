"""Command line: ``python -m plugins.search CONTENT_DIR QUERY`` (``make search Q=...``).

Brings the index up to date with the content folder (only changed entries are re-indexed),
then prints the best results, one a line: type/slug, English name, Chinese name, tab-separated."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.directory.pipeline import build_directory, display_root_for
from plugins.directory.textpolicy import for_terminal

from .documents import documents
from .indexing import open_index, update_index
from .querying import Searcher
from .settings import default_cache


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.search")
    parser.add_argument("content", type=Path, help="the content folder, e.g. content")
    parser.add_argument("query", help="what to search for, as a visitor would type it")
    parser.add_argument("--limit", type=int, default=10, help="how many results (default 10)")
    parser.add_argument("--cache", type=Path, help="the index folder (default: as the build)")
    args = parser.parse_args(argv)

    if not args.content.is_dir():
        print(f"{args.content}: no such folder: expected the content folder", file=sys.stderr)
        return 2
    result = build_directory(args.content, display_root_for(args.content))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    ix = open_index(args.cache or default_cache(args.content))
    update_index(ix, documents(result.directory))
    with Searcher(ix) as search:
        for hit in search(args.query, limit=args.limit):
            # Names come from entries: shown with their control characters escaped, tabs too,
            # so that each result stays one line of three columns.
            columns = (hit.key, hit.result["en"], hit.result["zh"])
            print("\t".join(for_terminal(str(column)) for column in columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
