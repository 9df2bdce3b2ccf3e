"""When each entry was added and last changed, from the git history of its file, never the
clock: the same commit always gives the same dates.

A repository's own configuration can name programs for git to run (gpg.program with
log.showSignature, core.fsmonitor, a pager, an external diff). So git is never run in a
repository that the content tree brings with it, and is run with every such program turned
off in the repository around it."""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
from pathlib import Path

UTC = datetime.UTC
log = logging.getLogger(__name__)
# `git log` starting no program whatever the configuration: no pager, no file system monitor,
# no transport (a partial clone's lazy fetch), no signature check, no external diff or text
# conversion; and the content folder's path taken literally, not as a pattern.
GIT_LOG = (
    "git",
    "--no-pager",
    "--literal-pathspecs",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "protocol.allow=never",
    "log",
    "--no-show-signature",
    "--no-ext-diff",
    "--no-textconv",
    "--format=@%ct",
    "--name-only",
    "--no-renames",
)


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

    One `git log` over the folder; empty when the folder is not in a git work tree, or is a
    repository of its own."""
    content_dir = Path(content_dir).resolve()
    top = _work_tree(content_dir)
    if top is None:
        return {}
    if top == content_dir:
        log.warning(
            "%s: the content folder is a git repository of its own: its history is not read "
            "(its configuration could run programs), so entry dates fall back to "
            "SOURCE_DATE_EPOCH",
            content_dir,
        )
        return {}
    prefix = content_dir.relative_to(top).as_posix() + "/"
    try:
        history = subprocess.run(
            [*GIT_LOG, "--", prefix],
            cwd=top,  # from here git never looks into the content folder for a repository
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict = {}
    when = None
    for line in history.splitlines():
        if line.startswith("@"):
            when = datetime.datetime.fromtimestamp(int(line[1:]), UTC)
        elif line and when is not None:
            relpath = line.removeprefix(prefix)
            added, changed = dates.get(relpath, (when, when))
            # git log runs newest first: the last date seen is the oldest.
            dates[relpath] = (min(added, when), max(changed, when))
    return dates


def _work_tree(folder: Path) -> Path | None:
    """The nearest folder, folder itself or above it, that holds a .git, found without running
    git; None when there is none."""
    return next((f for f in (folder, *folder.parents) if (f / ".git").exists()), None)
