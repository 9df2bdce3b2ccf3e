"""When each entry was added and last changed, from the git history of its file, never the
clock: the same commit always gives the same dates."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

UTC = datetime.UTC


def source_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org), when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else None


def build_day() -> datetime.date:
    """The day the site is built for (what is current, what is upcoming): SOURCE_DATE_EPOCH's
    day when set, so a rebuild is identical; else today in Hong Kong."""
    fixed = source_date()
    hong_kong = datetime.timezone(datetime.timedelta(hours=8))
    return (fixed or datetime.datetime.now(UTC)).astimezone(hong_kong).date()


def entry_dates(content_dir: Path) -> dict[str, tuple[datetime.datetime, datetime.datetime]]:
    """{path relative to content_dir: (added, last changed)} for every file git knows.

    One `git log` over the folder; empty when the folder is not in a git work tree."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-prefix"],
            cwd=content_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=@%ct", "--name-only", "--no-renames", "--", "."],
            cwd=content_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict = {}
    when = None
    for line in log.splitlines():
        if line.startswith("@"):
            when = datetime.datetime.fromtimestamp(int(line[1:]), UTC)
        elif line and when is not None:
            relpath = line.removeprefix(top)
            added, changed = dates.get(relpath, (when, when))
            # git log runs newest first: the last date seen is the oldest.
            dates[relpath] = (min(added, when), max(changed, when))
    return dates
