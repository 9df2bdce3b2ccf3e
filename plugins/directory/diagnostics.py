"""Problems found in entries, reported as ``path:line: field: what is wrong, what was expected``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .textpolicy import for_terminal


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the content folder's parent, with forward slashes
    line: int
    field: str  # "" for a problem with the whole file
    message: str

    def __str__(self) -> str:
        """The problem on one line, safe to print: messages quote values from entries, whose
        control characters are shown escaped (\\x1b), never sent to the terminal."""
        if self.field:
            return for_terminal(f"{self.path}:{self.line}: {self.field}: {self.message}")
        return for_terminal(f"{self.path}:{self.line}: {self.message}")

    def github_annotation(self) -> str:
        """The same problem in GitHub Actions' workflow-command format, escaped as the runner
        unescapes it, so that no file name or text can end the command or start another."""
        data: dict[str, str | int | None] = {"%": "%25", "\r": "%0D", "\n": "%0A"}
        text = f"{self.field}: {self.message}" if self.field else self.message
        path = self.path.translate(str.maketrans({**data, ":": "%3A", ",": "%2C"}))
        return f"::error file={path},line={self.line}::{text.translate(str.maketrans(data))}"


def did_you_mean(word: str, candidates, *, limit: int = 3) -> str:
    """ "did you mean 'x'?" for the closest candidates, or '' when none is close."""
    close = difflib.get_close_matches(word, sorted(candidates), n=limit, cutoff=0.75)
    if not close:
        return ""
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def field_name(path) -> str:
    """('credits', 2, 'role') -> 'credits[2].role'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
