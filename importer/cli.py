"""``python -m importer``: import the curated sample (or, with --full, everything)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from importer.catalogue import build_catalogue
from importer.history import existing, history, lcsd_owned, reserved
from importer.notes import Notes
from importer.overrides import OVERRIDES, OverrideError, Overrides, load_overrides
from importer.read import PUBLISHED_LCSD, SourceError, load_sources
from importer.render import render_catalogue
from importer.sample import select_sample
from importer.sync import ACTIONS, SyncResult, sync
from plugins.directory.errors import DirectoryError
from plugins.directory.model import load_model

log = logging.getLogger("importer")

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTISTS = "artists"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m importer",
        description="Import directory entries from the M+ collection and LCSD programmes open "
        "data. Entries edited by hand since the last import are kept and reported.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO_ROOT.parent / "shared" / "data",
        help="the open data folder, holding mplus/ and lcsd/ (default: ../shared/data)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO_ROOT / "content",
        help="the content folder to write (default: content)",
    )
    parser.add_argument(
        "--overrides",
        type=Path,
        default=OVERRIDES,
        help="the reviewed overrides of M+ constituents (default: importer/overrides.yaml)",
    )
    parser.add_argument(
        "--lcsd",
        help="where to read the LCSD feed (events.xml, venues.xml, eventDates.xml): a folder, "
        "the http(s) address of the folder they are published in, or 'published' for LCSD's "
        f"own, {PUBLISHED_LCSD} (default: DATA/lcsd)",
    )
    parser.add_argument(
        "--lcsd-only",
        action="store_true",
        help="import the LCSD feed only: read no M+ file, and leave every entry M+ made alone",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="import every record (about 15,000 entries) instead of the curated sample",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite files edited by hand as well"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="log each odd or skipped record as it is met"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
    )
    notes = Notes()
    try:
        sources = load_sources(args.data, notes, args.lcsd, mplus=not args.lcsd_only)
    except SourceError as error:
        log.error("%s", error)
        return 2
    overrides = Overrides()  # of M+ constituents: none to apply when M+ is not read
    if not args.lcsd_only:
        try:
            overrides = load_overrides((c.id for c in sources.constituents), args.overrides)
        except OverrideError as error:
            log.error("%s", error)
            return 2
    try:
        model = load_model()
    except DirectoryError as error:  # a schema file the model cannot use: one line
        log.error("%s", error)
        return 2
    kept = history(args.output, {event.id for event in sources.events}, model)
    others = {
        slug: fields
        for slug, fields in existing(args.output, ARTISTS).items()
        if not lcsd_owned(args.output, f"{ARTISTS}/{slug}.yaml")
    }
    catalogue = build_catalogue(sources, notes, model, overrides, reserved(kept), others)
    if not args.full:
        catalogue = select_sample(catalogue, model)
    files = render_catalogue(catalogue, model)

    def owned(relpath: str) -> bool:
        return lcsd_owned(args.output, relpath)

    result = sync(
        args.output,
        files,
        force=args.force,
        keep=frozenset(kept - set(files)),
        owned=owned if args.lcsd_only else None,
    )
    print(summary(args, result, notes, model.names))
    return 0


def summary(
    args: argparse.Namespace, result: SyncResult, notes: Notes, type_names: list[str]
) -> str:
    what = "every record" if args.full else "the curated sample"
    feed = f", the LCSD feed from {args.lcsd}" if args.lcsd else ""
    only = " (the LCSD feed only)" if args.lcsd_only else ""
    lines = [f"Imported {what}{only} from {args.data}{feed} into {args.output}", ""]
    lines.append(f"  {'':12}" + "".join(f"{action:>13}" for action in ACTIONS))
    for entry_type in (*type_names, "total"):
        counts = [
            sum(n for (t, a), n in result.counts.items() if a == action)
            if entry_type == "total"
            else result.counts[entry_type, action]
            for action in ACTIONS
        ]
        lines.append(f"  {entry_type:12}" + "".join(f"{count:>13}" for count in counts))
    for heading, counter in (
        ("Source records left out", notes.skipped),
        ("Odd source records handled (counted over all records read)", notes.oddities),
    ):
        lines += ["", f"{heading}:"]
        for kind, count in sorted(counter.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {count:>6}  {kind} (e.g. {notes.examples[kind]})")
    if result.fields:
        lines += ["", "What changed in the updated entries (entries per field):"]
        for (entry_type, field), count in sorted(result.fields.items()):
            lines.append(f"  {count:>6}  {entry_type}: {field}")
    if result.diffs:
        lines += ["", "Edited by hand, so left as they are (--force overwrites them):", ""]
        lines += result.diffs
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
