"""The errors a build reports to its user: each one line that says what is wrong and what was
expected, raised and reported the same way (``report``), never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class DirectoryError(Exception):
    """A problem for the user to fix; its text is the whole message."""

    exit_code = 1


class ConfigurationError(DirectoryError):
    """A setting, a schema file or a template the build cannot use."""

    exit_code = 2


class ContentError(DirectoryError):
    """Entries have problems (each already reported, one line each) and nothing was written."""

    def __init__(self, message: str, problems: int):
        super().__init__(message)
        self.problems = problems

    def __reduce__(self) -> tuple:  # sent whole from a forked process of the build
        return type(self), (str(self), self.problems)


class PublishError(DirectoryError):
    """A publish was refused or failed; the previous output is untouched."""


class WriteError(DirectoryError):
    """A file of the output could not be written (a full disk, a read-only folder); the file
    there before is left whole."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: cannot write it: {reason}; the file there before is kept")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple:  # sent whole from a forked process of the build
        return type(self), (self.path, self.reason)


def report(action: Callable[[], T]) -> T:
    """Run action; a DirectoryError is logged as its one line and ends the program with its
    exit code (SystemExit, so that no caller prints a traceback)."""
    try:
        return action()
    except DirectoryError as error:
        log.critical("%s", error)
        raise SystemExit(error.exit_code) from None
