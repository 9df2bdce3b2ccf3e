"""Command line: ``python -m plugins.directory validate|publish|clean|new|status|serve``
(the Makefile's validate, publish, clean, new, status and devserver)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .duplicates import duplicate_warnings
from .errors import ConfigurationError, DirectoryError, PublishError
from .pipeline import build_directory, display_root_for, load_entries, validate_entries
from .project import read_project
from .publish import PublishRefused, clean, publish
from .scaffold import describe, new_entry
from .status import markdown, terminal_table, translation_status


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
    check.add_argument(
        "--only",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="check only these entry files (those a commit changes), fast",
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
    create = commands.add_parser("new", help="write a new entry file, explained field by field")
    create.add_argument("content", type=Path, help="the content folder")
    create.add_argument("type", help="the entry type: artists (or artist), venues, ...")
    create.add_argument("name", help="its name, in English, Chinese or both: 'Wong Kar-wai 王家衛'")
    create.add_argument("--slug", default="", help="the file name, when not the name's")
    create.add_argument("--force", action="store_true", help="write it even if likely a duplicate")
    create.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    report = commands.add_parser("status", help="which entries lack text in a language")
    report.add_argument("content", type=Path, help="the content folder")
    report.add_argument("--format", choices=["text", "markdown"], default="text")
    report.add_argument("--list", action="store_true", help="text: each entry lacking a language")
    report.add_argument(
        "--changed",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="markdown: the entry files a pull request changes, listed after the table",
    )
    report.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    serve = commands.add_parser("serve", help="serve, rebuild on every change, reload the page")
    serve.add_argument("content", type=Path, help="the content folder")
    serve.add_argument("--output", type=Path, default=Path("output"))
    serve.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    serve.add_argument("--bind", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="0: any free port")
    args = parser.parse_args(argv)

    if args.command == "clean":
        return _clean(args)
    if not args.content.is_dir():
        print(f"{args.content}: no such folder: expected the content folder", file=sys.stderr)
        return 2
    if args.command == "publish":
        return _publish(args)
    if args.command == "new":
        return _new(args)
    if args.command == "status":
        return _status(args)
    if args.command == "serve":
        return _serve(args)
    return _validate(args)


def _validate(args) -> int:
    result = build_directory(args.content, display_root_for(args.content), only=args.only)
    # Likely duplicates are compared across the whole directory: not when checking a few files.
    warnings = (
        [] if args.only is not None else duplicate_warnings(result.directory.entries.values())
    )
    for problem in result.problems:
        print(problem, file=sys.stderr)
        if args.format == "github":
            print(problem.github_annotation())
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
        if args.format == "github":
            print(warning.github_annotation("warning"))
    entries = len(result.directory.entries)
    noted = f"; {len(warnings)} warning(s)" if warnings else ""
    if result.problems:
        files = len({problem.path for problem in result.problems})  # images and folders too
        print(
            f"{len(result.problems)} problem(s) in {files} file(s); "
            f"{entries} entries are valid{noted}",
            file=sys.stderr,
        )
        return 1
    print(f"{entries} entries, no problems{noted}")
    return 0


def _new(args) -> int:
    try:
        project = read_project(args.settings, args.content)
        written = new_entry(
            project,
            args.type,
            args.name,
            slug=args.slug,
            force=args.force,
            display_root=display_root_for(args.content),
        )
    except DirectoryError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    shown = written.path.relative_to(display_root_for(args.content)).as_posix()
    for match in written.similar:
        print(f"warning: written all the same (FORCE): like {describe(match)}", file=sys.stderr)
    print(f"wrote {shown}: fill in what you know, then run make validate")
    return 0


def _status(args) -> int:
    try:
        project = read_project(args.settings, args.content)
    except DirectoryError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    display_root = display_root_for(args.content)
    loaded = load_entries(project.content_dir, project.model, display_root)
    entries = validate_entries(loaded, project.model, image_copies=False).entries
    # A derived language (Simplified Chinese) is made from another's texts: nothing to write.
    names = {s.key: s.name for s in project.directory.languages.values() if not s.derived}
    found = translation_status(entries, project.model, names)
    if args.format == "markdown":
        changed = None
        if args.changed is not None:
            changed = [Path(os.path.relpath(p, display_root)).as_posix() for p in args.changed]
        print(markdown(found, project.catalogs(), changed), end="")
    else:
        print(terminal_table(found, project.catalogs(), every_entry=args.list), end="")
    return 0


def _serve(args) -> int:
    from .devserver import serve

    return serve(args.content, args.output, args.settings, args.bind, args.port)


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
