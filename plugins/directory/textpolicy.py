"""What the text of an entry file may be: one policy, so that every output is safe by construction.

loading.py applies it before any YAML parser sees a file (its size, how deeply it can nest,
characters YAML reads differently from editors) and right after parsing (every string, escapes
such as ``"\\x1b"`` included), so nothing but printable text reaches pages, open data, calendars
and feeds. Texts printed to a terminal go through ``for_terminal``. README.md, "Editing entries",
lists the same limits.
"""

from __future__ import annotations

import re
import unicodedata

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 50  # lists and maps, the entry's own fields being the first level
# A longer whole number cannot be a year, and past 4,300 digits Python refuses to convert it.
MAX_NUMBER_LENGTH = 30

# Code point ranges never allowed in an entry, in any field or anywhere in the file:
NEVER = (
    # control characters but tab, line feed and carriage return (read as a line break),
    (0x00, 0x08),
    (0x0B, 0x0C),
    (0x0E, 0x1F),
    (0x7F, 0x9F),
    # the line and paragraph separators (YAML reads them as line breaks, editors do not),
    (0x2028, 0x2029),
    # bidirectional embeddings, overrides and isolates (they show text in another order than
    # it is stored: what a reviewer reads is not what is published),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    # unpaired surrogates (only an escape such as "\ud800" makes one) and noncharacters.
    (0xD800, 0xDFFF),
    (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)
# Invisible characters: allowed in the long Markdown texts (a zero-width joiner inside an emoji, a
# soft hyphen, a right-to-left mark), not in names, titles and other one-line fields, where they
# make two values that look the same differ.
INVISIBLE = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200F),  # zero-width space, non-joiner and joiner; left-to-right, right-to-left mark
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0xFEFF, 0xFEFF),  # zero-width no-break space (a byte order mark) anywhere but at the start
)


def _char_class(*ranges: tuple[int, int]) -> str:
    return "[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges) + "]"


NEVER_RE = re.compile(_char_class(*NEVER))
ONE_LINE_RE = re.compile(_char_class(*NEVER, *INVISIBLE))
INVISIBLE_RE = re.compile(_char_class(*INVISIBLE))
# What a terminal must not be sent raw: all of the above, tab and line breaks included.
TERMINAL = ((0x09, 0x0A), (0x0D, 0x0D), *NEVER, *INVISIBLE)
TERMINAL_RE = re.compile(_char_class(*TERMINAL))


def _quick_class(*ranges: tuple[int, int]) -> str:
    """The same class, less exact but ten times faster: Python's re checks ranges past U+FFFF one
    at a time, so they are replaced by one, all of them (any may hold a noncharacter)."""
    return _char_class(*(r for r in ranges if r[1] <= 0xFFFF), (0x10000, 0x10FFFF))


MAYBE_REFUSED_RE = re.compile(_quick_class(*NEVER, *INVISIBLE))
MAYBE_TERMINAL_RE = re.compile(_quick_class(*TERMINAL))


def maybe_refused(text: str) -> bool:
    """False when the text certainly holds no character the policy refuses (nearly always)."""
    return MAYBE_REFUSED_RE.search(text) is not None


TERMINAL_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

# A sound bound on nesting, from the text alone: a block list or map starts at a greater column
# than the one around it, or at the same column at most every other level (a list as a map's
# value), and it starts after the spaces and '-', '?', ':' indicators that begin its line; so
# when no line begins with QUICK_INDENT of them, block nesting is under 2 * QUICK_INDENT levels.
# A flow list or map needs its own '[' or '{', and a '[' can hold a one-pair map ([a: b]).
QUICK_INDENT = 10
DEEP_INDENT_RE = re.compile(rf"[ \t?:-]{{{QUICK_INDENT}}}")
DEEP_INDENT_LINE_RE = re.compile(rf"\n[ \t?:-]{{{QUICK_INDENT}}}")


def may_nest_too_deep(text: str) -> bool:
    """False when the text cannot nest deeper than MAX_DEPTH (every entry written by hand)."""
    flow = 2 * text.count("[") + text.count("{")
    return (
        flow > MAX_DEPTH - 2 * QUICK_INDENT
        or DEEP_INDENT_RE.match(text) is not None
        or DEEP_INDENT_LINE_RE.search(text) is not None
    )


def normalise_breaks(text: str) -> str:
    """CR LF and lone CR -> LF, as YAML and editors both count them as one line break."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def size_problem(size: int) -> str:
    return (
        f"file is {size / 1_000_000:.1f} MB ({size:,} bytes): expected at most "
        f"{MAX_FILE_BYTES // 1_000_000} MB ({MAX_FILE_BYTES:,} bytes) per entry file"
    )


def depth_problem() -> str:
    return (
        f"nested more than {MAX_DEPTH} levels deep: expected at most {MAX_DEPTH} levels of "
        "lists and maps"
    )


def character_problem(text: str, *, one_line: bool, long_field: str) -> tuple[int, str] | None:
    """(index, message) of the first character the policy refuses in text, or None.

    one_line: the text is a name, a title, a role, any field but the long Markdown text
    (long_field), where invisible characters are refused too."""
    found = maybe_refused(text) and (ONE_LINE_RE if one_line else NEVER_RE).search(text)
    if not found:
        return None
    char = found.group()
    if INVISIBLE_RE.match(char):
        return found.start(), (
            f"contains {_describe(char)}: expected visible text "
            f"(invisible characters are allowed in {long_field} only)"
        )
    return found.start(), f"contains {_describe(char)}: expected printable text"


def _describe(char: str) -> str:
    """'the control character U+001B', 'the bidirectional control U+202E (right-to-left
    override)', ..."""
    code = ord(char)
    if code in (0x2028, 0x2029):
        return f"the {unicodedata.name(char).lower()} U+{code:04X}"
    if code <= 0x9F:
        kind = "control character"
    elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        kind = "bidirectional control"
    elif INVISIBLE_RE.match(char):
        kind = "invisible character"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "unpaired surrogate"
    else:
        kind = "noncharacter"
    name = unicodedata.name(char, "") if code > 0x9F else ""
    return f"the {kind} U+{code:04X}" + (f" ({name.lower()})" if name else "")


def for_terminal(text: str) -> str:
    """Text with every control, bidirectional and invisible character shown as an escape (\\x1b),
    so that printing a value from an entry cannot move the cursor, clear the screen or reorder
    what is shown."""
    if MAYBE_TERMINAL_RE.search(text) is None:
        return text
    return TERMINAL_RE.sub(lambda found: _escape(found.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    if char in TERMINAL_ESCAPES:
        return TERMINAL_ESCAPES[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
