"""Publish: validate, build into a new folder, and swap it in only when the whole build
succeeded, so visitors and the previous output never meet a half-built site."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path

from pelican.settings import read_settings as read_pelican_settings

from .build import BuildReport
from .errors import ContentError, PublishError

log = logging.getLogger(__name__)
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def publish(
    content: Path, output: Path, settings_file: Path, overrides: dict | None = None
) -> BuildReport:
    """Build content with settings_file into a new folder beside output (validating every
    entry first: a problem stops it before anything is written) and swap it in. overrides:
    settings over the file's, a dict value merged into the file's dict (DIRECTORY...)."""
    content, output = Path(content).resolve(), Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        settings = read_pelican_settings(
            str(settings_file), override={"PATH": str(content), "OUTPUT_PATH": str(staging)}
        )
        for key, value in (overrides or {}).items():
            settings[key] = {**settings.get(key, {}), **value} if isinstance(value, dict) else value
        report = settings["PELICAN_CLASS"](settings).build()
    except ContentError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(f"{error.problems} problem(s): nothing was built or published") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)
    swap_in(staging, output)
    return report


def swap_in(new: Path, target: Path) -> None:
    """Put new at target in one atomic step; the old target is removed afterwards."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # new now holds the old output
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)  # a moment without output: only where renameat2 is missing
    new.rename(target)
    shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths atomically. False when unsupported."""
    libc_name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(libc_name, use_errno=True) if libc_name else None
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.EXDEV):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))
