"""Load stage: read entry files from the content folder into plain data with line numbers.

Pure with respect to its input bytes: ``parse_entry(relpath, data)`` never touches the disk, so its
result can be cached by the file's content hash.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, field_name

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^---[ \t]*$\r?\n?)", re.S | re.M)
ZH_SUFFIX = ".zh.md"


@dataclass
class SourceFile:
    """An entry on disk: one YAML file, or a Markdown file with an optional Chinese sibling."""

    type: str
    slug: str
    relpath: str  # e.g. "content/artists/wong-kar-wai.yaml"
    path: Path
    zh_path: Path | None = None
    zh_relpath: str | None = None


@dataclass
class RawEntry:
    type: str
    slug: str
    relpath: str
    data: dict
    lines: dict = field(default_factory=dict)  # field path tuple -> line number
    body_field_lines: dict = field(default_factory=dict)  # language -> (relpath, line)


try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """Safe YAML (libyaml's fast parser where present) where dates stay the strings the editor
    wrote: validation checks them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def discover(
    content_dir: Path, display_root: Path, entry_types: list[str]
) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Find every entry file under content_dir/<type>/ for each of entry_types, in a stable order.

    A file that is a symlink leading outside the content folder is refused, as is anything that
    is not a regular file.
    """
    content_real = content_dir.resolve()
    files: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for entry_type in entry_types:
        type_dir = content_dir / entry_type
        if not type_dir.is_dir():
            continue
        names = sorted(n for n in os.listdir(type_dir) if not n.startswith((".", "_")))
        zh_siblings = {n[: -len(ZH_SUFFIX)] for n in names if n.endswith(ZH_SUFFIX)}
        for name in names:
            path = type_dir / name
            relpath = path.relative_to(display_root).as_posix()
            if name.endswith(ZH_SUFFIX):
                stem = name[: -len(ZH_SUFFIX)]
                if f"{stem}.md" not in names:
                    problems.append(
                        Diagnostic(
                            relpath,
                            1,
                            "",
                            f"Chinese text without an entry: expected "
                            f"{stem}.md beside it with the entry's fields",
                        )
                    )
                continue
            stem, ext = os.path.splitext(name)
            if ext not in (".yaml", ".yml", ".md"):
                problems.append(
                    Diagnostic(
                        relpath, 1, "", "not an entry file: expected <slug>.yaml or <slug>.md"
                    )
                )
                continue
            refused = _refuse_path(path, content_real)
            if refused:
                problems.append(Diagnostic(relpath, 1, "", refused))
                continue
            if not SLUG_RE.match(stem):
                problems.append(
                    Diagnostic(
                        relpath,
                        1,
                        "slug",
                        f"'{stem}' is not a valid slug: expected "
                        "lowercase ASCII letters, digits and single hyphens, as in "
                        "'wong-kar-wai'",
                    )
                )
                continue
            source = SourceFile(entry_type, stem, relpath, path)
            if ext == ".md" and stem in zh_siblings:
                zh_path = type_dir / f"{stem}{ZH_SUFFIX}"
                refused = _refuse_path(zh_path, content_real)
                zh_relpath = zh_path.relative_to(display_root).as_posix()
                if refused:
                    problems.append(Diagnostic(zh_relpath, 1, "", refused))
                else:
                    source.zh_path, source.zh_relpath = zh_path, zh_relpath
            files.append(source)
    return files, problems


def _refuse_path(path: Path, content_real: Path) -> str:
    real = path.resolve()
    if not real.is_relative_to(content_real):
        return "refused: the file leads outside the content folder (a symlink or '..')"
    if not real.is_file():
        return "refused: not a regular file"
    return ""


def read_source(source: SourceFile) -> tuple[bytes, bytes | None]:
    zh = source.zh_path.read_bytes() if source.zh_path else None
    return source.path.read_bytes(), zh


def parse_entry(
    source: SourceFile, raw: bytes, raw_zh: bytes | None, body_field: str
) -> tuple[RawEntry | None, list[Diagnostic]]:
    """Bytes of an entry file (and its Chinese sibling) -> its data with the line of each field."""
    text, problem = _decode(source.relpath, raw)
    if problem:
        return None, [problem]
    body_en = body_zh = None
    offset = 0
    if source.relpath.endswith(".md"):
        front = FRONT_MATTER_RE.match(text)
        if front:
            yaml_text, body_en = front.group(1), text[front.end() :]
            offset = 1
            body_line = text.count("\n", 0, front.end()) + 1
        else:
            yaml_text, body_en, body_line = "", text, 1
        if raw_zh is not None:
            zh_text, problem = _decode(source.zh_relpath or source.relpath, raw_zh)
            if problem:
                return None, [problem]
            body_zh = zh_text
    else:
        yaml_text = text

    data, lines, problems = parse_yaml(source.relpath, yaml_text, line_offset=offset)
    if data is None:
        return None, problems
    entry = RawEntry(source.type, source.slug, source.relpath, data, lines)
    for lang, body, relpath, line in (
        ("en", body_en, source.relpath, body_line if body_en is not None else 1),
        ("zh", body_zh, source.zh_relpath or source.relpath, 1),
    ):
        if body is None or not body.strip():
            continue
        if _has_language(data.get(body_field), lang):
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    body_field,
                    "given twice, in the front matter and as "
                    "the Markdown body: expected one or the other",
                )
            )
            continue
        value = data.get(body_field)
        merged = (
            dict(value)
            if isinstance(value, dict)
            else ({"en": value, "zh": value} if isinstance(value, str) else {})
        )
        merged[lang] = body.strip("\n")
        data[body_field] = merged
        entry.body_field_lines[lang] = (relpath, line)
        lines.setdefault((body_field,), line)
    return entry, problems


def _has_language(value, lang: str) -> bool:
    return isinstance(value, str) or (isinstance(value, dict) and lang in value)


def _decode(relpath: str, raw: bytes) -> tuple[str, Diagnostic | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return "", Diagnostic(
            relpath,
            line,
            "",
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset "
            f"{error.start}): expected the file saved as UTF-8",
        )
    return text.removeprefix("\ufeff"), None


def parse_yaml(relpath: str, text: str, *, line_offset: int = 0):
    """YAML text -> (mapping, {field path: line}, problems); mapping is None when unusable."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        return None, {}, [_reader_problem(relpath, text, error, line_offset)]
    try:
        node = loader.get_single_node()
        if node is None:
            return (
                None,
                {},
                [
                    Diagnostic(
                        relpath,
                        1,
                        "",
                        "empty file: expected the entry's fields as YAML, such as 'name: ...'",
                    )
                ],
            )
        if not isinstance(node, yaml.MappingNode):
            return (
                None,
                {},
                [
                    Diagnostic(
                        relpath,
                        node.start_mark.line + 1 + line_offset,
                        "",
                        "expected a YAML mapping of fields, such as 'name: ...'",
                    )
                ],
            )
        problems: list[Diagnostic] = []
        lines: dict = {}
        _check_node(relpath, node, (), lines, problems, line_offset, seen=set())
        if problems:
            return None, lines, problems
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = error.problem or error.context or "cannot be read"
        if error.context and error.context_mark and error.problem:
            problem += (
                f" ({error.context} that starts on line "
                f"{error.context_mark.line + 1 + line_offset})"
            )
        return (
            None,
            {},
            [
                Diagnostic(
                    relpath,
                    line,
                    "",
                    f"invalid YAML: {problem}; expected "
                    "'field: value' lines with consistent indentation",
                )
            ],
        )
    except yaml.reader.ReaderError as error:
        return None, {}, [_reader_problem(relpath, text, error, line_offset)]
    finally:
        loader.dispose()
    return data, lines, []


def _reader_problem(relpath, text, error, line_offset) -> Diagnostic:
    line = text.count("\n", 0, error.position) + 1 + line_offset
    return Diagnostic(
        relpath,
        line,
        "",
        f"invalid YAML: the character #x{error.character:04x} "
        "is not allowed: expected printable text",
    )


def _check_node(relpath, node, path, lines, problems, offset, seen):
    """Record each field's line; refuse what YAML allows but an entry must not have."""
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.ScalarNode):
        return
    if id(node) in seen:
        # A list or map used twice is a YAML alias (*name); refused, as aliases can nest into
        # billions of values from a few lines.
        problems.append(
            Diagnostic(
                relpath,
                lines[path],
                field_name(path),
                "a YAML alias of a list or map: expected the values written out",
            )
        )
        return
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_node(relpath, item, (*path, index), lines, problems, offset, seen)
        return
    keys_seen: dict = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    field_name(path),
                    f"the key "
                    f"'{getattr(key_node, 'value', '?')}' is not a field name: expected "
                    "a name such as 'title'",
                )
            )
            continue
        key = key_node.value
        if key in keys_seen:
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    field_name((*path, key)),
                    f"given twice (first on line {keys_seen[key]}): expected each field once",
                )
            )
            continue
        keys_seen[key] = line
        lines[(*path, key)] = line
        _check_node(relpath, value_node, (*path, key), lines, problems, offset, seen)
