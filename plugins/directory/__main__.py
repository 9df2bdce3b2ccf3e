"""Command line: ``python -m plugins.directory validate CONTENT_DIR`` (make validate), ``publish
CONTENT_DIR OUTPUT`` (make publish) and ``clean OUTPUT`` (make clean)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import ConfigurationError, PublishError
from .pipeline import build_directory, display_root_for
from .publish import PublishRefused, clean, publish


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.directory")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a content folder without building")
    check.add_argument("content", type=Path, help="the content folder, e.g. content")
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: also print GitHub Actions annotations",
    )
    release = commands.add_parser(
        "publish", help="validate, build into a new folder, swap it in if all went well"
    )
    release.add_argument("content", type=Path, help="the content folder")
    release.add_argument("output", type=Path, help="the folder the site is published into")
    release.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    remove = commands.add_parser(
        "clean", help="remove an output folder, refusing any folder publish would refuse"
    )
    remove.add_argument("output", type=Path, help="the output folder")
    remove.add_argument("--content", type=Path, default=Path("content"), help="the content folder")
    args = parser.parse_args(argv)

    if args.command == "clean":
        return _clean(args)
    if not args.content.is_dir():
        print(f"{args.content}: no such folder: expected the content folder", file=sys.stderr)
        return 2
    if args.command == "publish":
        return _publish(args)
    result = build_directory(args.content, display_root_for(args.content))
    for problem in result.problems:
        print(problem, file=sys.stderr)
        if args.format == "github":
            print(problem.github_annotation())
    entries = len(result.directory.entries)
    if result.problems:
        files = len({problem.path for problem in result.problems})  # images and folders too
        print(
            f"{len(result.problems)} problem(s) in {files} file(s); {entries} entries are valid",
            file=sys.stderr,
        )
        return 1
    print(f"{entries} entries, no problems")
    return 0


def _publish(args) -> int:
    logging.basicConfig(format="%(message)s", level=logging.WARNING)
    try:
        publish(args.content, args.output, args.settings)
    except PublishRefused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    except PublishError as error:  # problems were logged one per line
        print(f"{error}; {args.output} is unchanged", file=sys.stderr)
        return 1
    except OSError as error:  # before anything was built: the folders could not be read
        print(
            f"{error.filename}: {error.strerror}; nothing was published; "
            f"{args.output} is unchanged",
            file=sys.stderr,
        )
        return 1
    print(f"published {args.content} into {args.output}")
    return 0


def _clean(args) -> int:
    logging.basicConfig(format="%(message)s", level=logging.WARNING)
    try:
        removed = clean(args.output, args.content)
    except PublishError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    print(f"removed {args.output}" if removed else f"{args.output}: nothing to remove")
    return 0


if __name__ == "__main__":
    sys.exit(main())
