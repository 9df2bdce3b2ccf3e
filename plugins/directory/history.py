"""When each entry was added and last changed, from the git history of its file, never the
clock: the same commit always gives the same dates."""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
from pathlib import Path

UTC = datetime.UTC
log = logging.getLogger(__name__)


def source_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org), when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else None


def build_day(setting: str, fixed: datetime.datetime | None, dates: dict) -> datetime.date:
    """The day the site is built for (what is current, what is upcoming), never the clock where
    it can be helped: the BUILD_DAY setting; else the day of fixed (SOURCE_DATE_EPOCH), so that a
    rebuild is identical; else the day of the content's last commit (dates: from entry_dates);
    else, with no history at all, today, with a warning."""
    if setting:
        return datetime.date.fromisoformat(setting)
    hong_kong = datetime.timezone(datetime.timedelta(hours=8))
    fixed = fixed or max((changed for _, changed in dates.values()), default=None)
    if fixed is None:
        log.warning(
            "no SOURCE_DATE_EPOCH and no git history: building for today; set either, or "
            "DIRECTORY['BUILD_DAY'], for a build that can be repeated"
        )
        fixed = datetime.datetime.now(UTC)
    return fixed.astimezone(hong_kong).date()


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
