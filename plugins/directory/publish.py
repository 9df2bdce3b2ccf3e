"""Publish: validate, build into a new folder, and swap it in only when the whole build
succeeded, so visitors and the previous output never meet a half-built site.

Publishing replaces the output folder whole, so it refuses any folder that is not a site of
ours (check_output), and so does make clean, which removes one (clean). One publish at a time
runs beside an output (a lock on the folder that holds it: a second one waits), and first
removes what interrupted publishes left there."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import filecmp
import logging
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from pelican.settings import read_settings as read_pelican_settings

from .build import BuildReport
from .errors import ContentError, PublishError, WriteError
from .output import MARKER, exclusive, mark_output

log = logging.getLogger(__name__)
AT_FDCWD = -100
RENAME_EXCHANGE = 2
PROJECT = Path(__file__).resolve().parents[2]
EXPECTED = "expected a folder of its own for the site: absent, empty, or published into before"
SYNC_PREFIX = ".harbour-crossings-sync-"  # inside an output that is synced into


class PublishRefused(PublishError):
    """The output is not a folder that publishing may replace; nothing was changed."""

    exit_code = 2

    def __init__(self, output: Path, reason: str):
        super().__init__(f"{output}: refused: {reason}; {EXPECTED}; nothing was changed")


def publish(
    content: Path, output: Path, settings_file: Path, overrides: dict | None = None
) -> BuildReport:
    """Build content with settings_file into a new folder beside output (every entry is
    validated first: a problem stops it before anything is written) and swap it in, holding a
    lock on the output's folder. overrides: settings over the file's, a dict value merged into
    the file's dict (DIRECTORY...)."""
    content, output = Path(content).resolve(), Path(output).resolve()
    check_output(output, content)
    output.parent.mkdir(parents=True, exist_ok=True)
    waiting = "another publish into it is running: waiting for it to finish"
    with exclusive(output.parent, output, waiting):
        check_output(output, content)  # again: it may have changed while we waited
        _remove_leftovers(output)
        staging, report = _build(content, output, settings_file, overrides)
        try:
            swap_in(staging, output)
        except WriteError as error:
            _remove(staging)
            raise PublishError(_unwritten(output, staging, error)) from error
        except OSError as error:
            _remove(staging)
            raise PublishError(
                f"{output}: cannot put the new site in place: {error.strerror}; "
                "nothing was published"
            ) from error
    return report


def clean(output: Path, content: Path) -> bool:
    """Remove an output folder and what interrupted publishes left beside it (make clean),
    refusing what publishing refuses (PublishRefused): only a folder that holds the output
    marker, or nothing, is removed. False when there was no folder to remove."""
    content, output = Path(content).resolve(), Path(output).resolve()
    check_output(output, content)
    if not output.parent.is_dir():
        return False
    waiting = "a publish into it is running: waiting for it to finish"
    with exclusive(output.parent, output, waiting):
        check_output(output, content)  # again: it may have changed while we waited
        _remove_leftovers(output)
        if not output.exists():
            return False
        _remove(output)
    if output.exists():
        raise PublishError(f"{output}: could not be removed whole; what is left is still ours")
    return True


def check_output(output: Path, content: Path) -> None:
    """Refuse an output folder that publishing must not replace (PublishRefused): not a site
    of ours, or one holding what must never be lost."""
    reason = _refusal(output, content)
    if reason:
        raise PublishRefused(output, reason)


def _refusal(output: Path, content: Path) -> str | None:
    home = Path.home().resolve()
    if output == Path(output.anchor):
        return "it is the filesystem root"
    if output == home:
        return "it is your home folder"
    if output in home.parents:
        return f"it holds your home folder {home}"
    if output == PROJECT:
        return "it is the project's own folder"
    if output in PROJECT.parents:
        return f"it holds the project's folder {PROJECT}"
    if output == content:
        return "it is the content folder"
    if content in output.parents:
        return f"it is inside the content folder {content}"
    if output in content.parents:
        return f"it holds the content folder {content}"
    if not output.exists():
        return None
    if not output.is_dir():
        return "it is a file, not a folder"
    if os.path.lexists(output / ".git"):
        return "it is a git checkout (it holds .git)"
    if not any(output.iterdir()):
        return None
    if not (output / MARKER).is_file():
        return (
            f"it is not empty and holds no {MARKER}, so it is not an earlier output of make publish"
        )
    for folder, folders, files in os.walk(output):
        if ".git" in folders or ".git" in files:
            found = (Path(folder) / ".git").relative_to(output).as_posix()
            return f"it holds a git checkout: {found}"
    return None


def _build(
    content: Path, output: Path, settings_file: Path, overrides: dict | None
) -> tuple[Path, BuildReport]:
    """Build into a new folder beside output (so that it can be renamed into place), marked
    from the start as ours; on any failure the folder is removed."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    except OSError as error:
        raise PublishError(
            f"{output.parent}: cannot write the new site beside {output.name}: "
            f"{error.strerror}; nothing was published"
        ) from error
    try:
        mark_output(staging)
        settings = read_pelican_settings(
            str(settings_file), override={"PATH": str(content), "OUTPUT_PATH": str(staging)}
        )
        for key, value in (overrides or {}).items():
            settings[key] = {**settings.get(key, {}), **value} if isinstance(value, dict) else value
        # a new folder every time: a memory of this build (incremental.py) could never be used
        settings["DIRECTORY"] = {**settings.get("DIRECTORY", {}), "INCREMENTAL": False}
        report = settings["PELICAN_CLASS"](settings, report_errors=False).build()
    except ContentError as error:
        _remove(staging)
        raise PublishError(f"{error.problems} problem(s): nothing was built or published") from None
    except WriteError as error:
        _remove(staging)
        raise PublishError(_unwritten(output, staging, error)) from error
    except OSError as error:
        _remove(staging)
        if error.errno is None:  # not the system's: e.g. jinja2's TemplateNotFound
            raise
        where = f": {_relative(error.filename, staging)}" if error.filename else ""
        raise PublishError(
            f"{output}: the build failed: {error.strerror}{where}; nothing was published"
        ) from error
    except BaseException:
        _remove(staging)
        raise
    staging.chmod(0o755)
    return staging, report


def _unwritten(output: Path, staging: Path, error: WriteError) -> str:
    return (
        f"{output}: the new site could not be written: {error.reason}: "
        f"{_relative(error.path, staging)}; nothing was published"
    )


def _relative(path, staging: Path) -> str:
    """A path in the staging folder as the path it would have had in the site."""
    path = Path(os.fsdecode(path))
    return path.relative_to(staging).as_posix() if path.is_relative_to(staging) else str(path)


def swap_in(new: Path, target: Path) -> None:
    """Put new at target, and remove the old target afterwards: in one atomic step where the
    target can be moved; file by file where it cannot (a mount point: EBUSY)."""
    if not target.exists():
        new.rename(target)
        return
    try:
        old = _swap(new, target)
    except OSError as error:
        if error.errno not in (errno.EBUSY, errno.EXDEV):
            raise
        _sync(new, target)
        old = new
    _remove(old)


def _swap(new: Path, target: Path) -> Path:
    """Swap new and target; returns where the old target now is."""
    if _exchange(new, target):
        return new
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)  # a moment without output: only where renameat2 is missing
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    return old


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


def _sync(new: Path, target: Path) -> None:
    """Make target, a folder that cannot be moved, hold what new holds. Every new or changed
    file is first copied into a folder inside target (its own file system), then each is
    renamed into place, one atomic step per file; whatever new lacks goes last. A failed copy
    (a full disk) raises WriteError and leaves target as it was."""
    folders, files = _tree(new)
    staged = target / f"{SYNC_PREFIX}{secrets.token_hex(6)}"
    changed = []
    for relative in files:
        present = target / relative
        if present.is_file() and filecmp.cmp(new / relative, present, shallow=False):
            continue
        try:
            (staged / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new / relative, staged / relative)
        except OSError as error:
            shutil.rmtree(staged, ignore_errors=True)
            raise WriteError(new / relative, error.strerror or str(error)) from error
        changed.append(relative)
    for relative in changed:
        for folder in reversed(relative.parents[:-1]):
            _make_folder(target / folder)
        present = target / relative
        if present.is_dir() and not present.is_symlink():
            shutil.rmtree(present)
        os.replace(staged / relative, present)
    shutil.rmtree(staged, ignore_errors=True)
    wanted = folders | set(files)
    for walked, names, more in os.walk(target, topdown=False):
        for name in names + more:
            path = Path(walked) / name
            if path.relative_to(target) not in wanted:
                _discard(path)


def _tree(root: Path) -> tuple[set[Path], list[Path]]:
    """(folders, files) under root, relative to it, symlinks not followed."""
    folders: set[Path] = set()
    files: list[Path] = []
    for folder, names, more in os.walk(root):
        base = Path(folder).relative_to(root)
        folders.update(base / name for name in names)
        files.extend(base / name for name in sorted(more))
    return folders, sorted(files)


def _make_folder(path: Path) -> None:
    """A folder at path, replacing a file that stands there."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    path.mkdir(exist_ok=True)


def _discard(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _remove_leftovers(output: Path) -> None:
    """Remove the folders interrupted publishes left beside output (.<name>.new-*, the new
    site being built, and .<name>.old-*, the old one being removed), when they are ours:
    marked, or empty."""
    ours = (f".{output.name}.new-", f".{output.name}.old-")
    for path in sorted(output.parent.iterdir()):
        if not path.name.startswith(ours):
            continue
        if _ours(path):
            _remove(path)
            continue
        log.warning(
            "%s: left alone: named like a leftover of an interrupted publish, but it holds no %s",
            path,
            MARKER,
        )


def _ours(path: Path) -> bool:
    """A folder (not a link to one) holding our marker, or nothing at all."""
    if not path.is_dir() or path.is_symlink():
        return False
    return (path / MARKER).is_file() or not any(path.iterdir())


def _remove(folder: Path) -> None:
    """Remove a folder of ours, its marker last, so that a removal cut short leaves a folder
    still recognisably ours. A failure is only logged: the next publish tries again."""
    try:
        for path in folder.iterdir():
            if path.name != MARKER:
                _discard(path)
        (folder / MARKER).unlink(missing_ok=True)
        folder.rmdir()
    except OSError as error:
        log.warning("%s: could not remove it: %s", folder, error.strerror)
