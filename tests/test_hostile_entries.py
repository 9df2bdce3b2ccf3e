"""Hostile input and faults: every bad file is reported on one line, nothing from an entry leaks
raw into a page or a terminal, no file is silently lost, nothing in a file is run."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.directory import loading
from plugins.directory.model import load_model
from plugins.directory.pipeline import build_directory
from plugins.directory.textpolicy import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    NEVER_RE,
    depth_problem,
    size_problem,
)
from tests.support import ROOT, SMALL_DIRECTORY, image_bytes, write_tree

GOOD = "name: {en: Ho Fan, zh: 何藩}\norigin: local\n"
TOO_DEEP = "nested more than 50 levels deep: expected at most 50 levels of lists and maps"


def problems_for(tmp_path, files: dict) -> list[str]:
    content = write_tree(tmp_path / "content", files)
    return [str(p) for p in build_directory(content, tmp_path).problems]


def validate_command(content: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plugins.directory", "validate", str(content)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )


# 1. Size and depth, checked before YAML composes anything.


def test_a_file_nested_100000_deep_is_one_problem_not_a_segfault(tmp_path):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": "name: " + "[" * 100_000})
    result = validate_command(content)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        f"content/artists/a.yaml:1: {TOO_DEEP}",
        "1 problem(s) in 1 file(s); 0 entries are valid",
    ]


@pytest.mark.parametrize("levels", [51, 2_000, 20_000])
def test_flow_nesting_past_the_limit_is_refused(tmp_path, levels):
    text = "origin: local\nname: " + "[" * levels + "x" + "]" * levels + "\n"
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == [
        f"content/artists/a.yaml:2: {TOO_DEEP}"
    ]


def test_block_nesting_past_the_limit_is_refused_at_its_line(tmp_path):
    text = "name: A\nlinks:\n" + "".join(" " * i + "-\n" for i in range(60))
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == [
        f"content/artists/a.yaml:52: {TOO_DEEP}"
    ]


def test_nesting_up_to_the_limit_is_read(tmp_path):
    # The entry's fields are the first level, links the second, then 48 more lists.
    text = "name: A\nlinks: " + "[" * 49 + "]" * 49 + "\n"
    problems = problems_for(tmp_path, {"artists/a.yaml": text})
    assert problems == [
        "content/artists/a.yaml:2: links[0]: expected an address, or a map {url, label}, got a list"
    ]


def test_brackets_in_quotes_and_comments_and_many_flow_maps_are_not_nesting(tmp_path):
    credits = "".join(
        f"  - {{artist: wong-kar-wai, role: {{en: 'Artist', zh: \"角色 {{{i}\"}}}}  # [{{\n"
        for i in range(40)
    )
    files = {
        **SMALL_DIRECTORY,
        "works/many.yaml": "title: '" + "[" * 80 + "'  # " + "{" * 80 + "\ncredits:\n" + credits,
    }
    assert problems_for(tmp_path, files) == []


def test_a_file_over_1_mb_is_refused_before_parsing(tmp_path):
    text = "name: A\nbio: " + "x" * (1_000_001 - len("name: A\nbio: "))
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == [
        "content/artists/a.yaml:1: file is 1.0 MB (1,000,001 bytes): expected at most 1 MB "
        "(1,000,000 bytes) per entry file"
    ]


def test_a_file_of_exactly_1_mb_is_read(tmp_path):
    text = "name: A\nbio: " + "x" * (1_000_000 - len("name: A\nbio: "))
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == []


def test_a_huge_file_is_not_read_whole(tmp_path):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": GOOD})
    with open(content / "artists" / "a.yaml", "r+b") as file:
        file.truncate(50 * 10**9)  # sparse: 50 GB that take no room, and no time unless read
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        "content/artists/a.yaml:1: file is 50000.0 MB (50,000,000,000 bytes): expected at most "
        "1 MB (1,000,000 bytes) per entry file"
    ]


def test_a_chinese_body_over_1_mb_is_refused(tmp_path):
    files = {"artists/a.md": "---\nname: A\n---\nBio.\n", "artists/a.zh.md": "傳" * 400_000}
    assert problems_for(tmp_path, files) == [
        "content/artists/a.zh.md:1: file is 1.2 MB (1,200,000 bytes): expected at most 1 MB "
        "(1,000,000 bytes) per entry file"
    ]


# 2. Characters: every string checked after parsing, escapes included.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'name: "Ho\\x0bFan"\n',
            "content/artists/a.yaml:1: name: contains the control character U+000B: expected "
            "printable text",
            id="vertical-tab-escape",
        ),
        pytest.param(
            'name: A\nbio: "\\e[2J cleared"\n',
            "content/artists/a.yaml:2: bio: contains the control character U+001B: expected "
            "printable text",
            id="terminal-escape-in-long-text",
        ),
        pytest.param(
            'name: {en: A, zh: "\\0"}\n',
            "content/artists/a.yaml:1: name.zh: contains the control character U+0000: expected "
            "printable text",
            id="nul-escape",
        ),
        pytest.param(
            'name: A\naliases: ["A\\x85", B]\n',
            "content/artists/a.yaml:2: aliases[0]: contains the control character U+0085: "
            "expected printable text",
            id="c1-escape",
        ),
        pytest.param(
            'name: "A\\x7f"\n',
            "content/artists/a.yaml:1: name: contains the control character U+007F: expected "
            "printable text",
            id="delete",
        ),
        pytest.param(
            'name: A\nbio: "txt\\u202egnp.exe"\n',
            "content/artists/a.yaml:2: bio: contains the bidirectional control U+202E "
            "(right-to-left override): expected printable text",
            id="bidi-override-even-in-long-text",
        ),
        pytest.param(
            'name: "A\\u2066B"\n',
            "content/artists/a.yaml:1: name: contains the bidirectional control U+2066 "
            "(left-to-right isolate): expected printable text",
            id="bidi-isolate",
        ),
        pytest.param(
            'name: "A\\uFFFE"\n',
            "content/artists/a.yaml:1: name: contains the noncharacter U+FFFE: expected "
            "printable text",
            id="noncharacter",
        ),
        pytest.param(
            "name: Wong\u200bKar-wai\n",
            "content/artists/a.yaml:1: name: contains the invisible character U+200B (zero "
            "width space): expected visible text (invisible characters are allowed in bio only)",
            id="zero-width-space-in-a-name",
        ),
        pytest.param(
            "name: A\nnationality: {en: Aus\u00adtralian}\n",
            "content/artists/a.yaml:2: nationality.en: contains the invisible character U+00AD "
            "(soft hyphen): expected visible text (invisible characters are allowed in bio only)",
            id="soft-hyphen-in-a-one-line-field",
        ),
        pytest.param(
            'name: "A\\uFEFF"\n',
            "content/artists/a.yaml:1: name: contains the invisible character U+FEFF (zero "
            "width no-break space): expected visible text (invisible characters are allowed in "
            "bio only)",
            id="byte-order-mark-inside",
        ),
        pytest.param(
            "name: A\u2028B\n",
            "content/artists/a.yaml:1: name: contains the line separator U+2028: expected "
            "printable text",
            id="raw-line-separator",
        ),
        pytest.param(
            "name: A\nbio: One.\u2029Two.\n",
            "content/artists/a.yaml:2: bio: contains the paragraph separator U+2029: expected "
            "printable text",
            id="raw-paragraph-separator",
        ),
        pytest.param(
            "name: A\x1b[2J\n",
            "content/artists/a.yaml:1: name: contains the control character U+001B: expected "
            "printable text",
            id="raw-escape",
        ),
        pytest.param(
            "name: A  # \u202e a comment shown backwards\n",
            "content/artists/a.yaml:1: contains the bidirectional control U+202E (right-to-left "
            "override): expected printable text",
            id="bidi-in-a-comment",
        ),
    ],
)
def test_each_refused_character_has_an_exact_message(tmp_path, text, expected):
    assert problems_for(tmp_path, {"artists/a.yaml": text.encode("utf-8")}) == [expected]


def test_a_field_name_with_a_refused_character_is_also_unknown(tmp_path):
    assert problems_for(tmp_path, {"artists/a.yaml": "name: A\nn\u200dame: B\n"}) == [
        "content/artists/a.yaml:2: n\\u200dame: contains the invisible character U+200D (zero "
        "width joiner): expected visible text (invisible characters are allowed in bio only)",
        "content/artists/a.yaml:2: n\\u200dame: unknown field: expected one of name, kind, origin, "
        "nationality, based_in, disciplines, born, died, founded, dissolved, active, sort_name, "
        "aliases, bio, identifiers, links, source, image",
    ]


def test_invisible_characters_may_stay_in_long_texts(tmp_path):
    bio = "A family: \U0001f468\u200d\U0001f469\u200d\U0001f467, hy\u00adphen\u00adated."
    content = write_tree(tmp_path / "content", {"artists/a.yaml": f"name: A\nbio: '{bio}'\n"})
    result = build_directory(content, tmp_path)
    assert result.problems == []
    assert result.directory.entries[("artists", "a")].fields["bio"].get("en") == bio


def test_a_markdown_body_is_checked_too(tmp_path):
    files = {
        "artists/a.md": "---\nname: A\n---\nFirst line.\nSecond \x1b[31mred.\n",
        "artists/a.zh.md": "第一行。\n\u202e第二行。\n",
    }
    assert problems_for(tmp_path, files) == [
        "content/artists/a.md:5: bio: contains the control character U+001B: expected "
        "printable text",
        "content/artists/a.zh.md:2: bio: contains the bidirectional control U+202E "
        "(right-to-left override): expected printable text",
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_numbers_are_the_editors_whatever_yaml_counts_as_a_line_break(tmp_path, separator):
    text = f"# a comment{separator}with a separator\nname: A\norigin: locale\n"
    name = {"\u2028": "line separator U+2028", "\u2029": "paragraph separator U+2029"}
    what = name.get(separator, "control character U+0085")
    assert problems_for(tmp_path, {"artists/a.yaml": text.encode("utf-8")}) == [
        f"content/artists/a.yaml:1: contains the {what}: expected printable text",
        "content/artists/a.yaml:3: origin: 'locale' is not a valid choice: did you mean 'local'?",
    ]


def test_carriage_returns_are_line_breaks(tmp_path):
    files = {
        "artists/a.yaml": b'name: A\r\nbio: "one\\rtwo\\r\\nthree"\r\n',
        "artists/b.yaml": b"name: B\rorigin: locale\r",
    }
    content = write_tree(tmp_path / "content", files)
    result = build_directory(content, tmp_path)
    assert [str(p) for p in result.problems] == [
        "content/artists/b.yaml:2: origin: 'locale' is not a valid choice: did you mean 'local'?"
    ]
    assert result.directory.entries[("artists", "a")].fields["bio"].get("en") == "one\ntwo\nthree"


def test_an_entry_with_escaped_control_characters_reaches_no_output(build_site):
    hostile = 'name: "Bad\\x0b\\e[2J\\0"\norigin: local\nbio: "\\u202egnp.exe"\n'
    film = 'title: "Film\\x0b"\nyear: 2001\ndirectors: [wong-kar-wai]\n'
    site = build_site(
        {**SMALL_DIRECTORY, "artists/bad.yaml": hostile, "films/bad-film.yaml": film},
        DIRECTORY={"ON_ERROR": "skip", "FEEDS": True},
    )
    written = [p for p in site.output.rglob("*") if p.is_file() and p.suffix != ".jpg"]
    assert written
    for path in written:
        text = path.read_bytes().decode("utf-8", "replace")
        assert not NEVER_RE.search(text), path
    assert not (site.output / "en" / "artists" / "bad").exists()
    assert (site.output / "en" / "feeds" / "new.atom.xml").exists()


# 3. YAML tags and keys: one line each, nothing constructed, nothing run.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: !!binary aGVsbG8=\n", "1: name: the YAML tag !!binary is not allowed"),
        (
            "name: A\nborn: !!timestamp 2001-12-14\n",
            "2: born: the YAML tag !!timestamp is not allowed",
        ),
        ("name: A\naliases: !!set {a, b}\n", "2: aliases: the YAML tag !!set is not allowed"),
        ("name: A\nlinks: !!omap [a: 1]\n", "2: links: the YAML tag !!omap is not allowed"),
        ("name: A\nlinks: !!pairs [a: 1]\n", "2: links: the YAML tag !!pairs is not allowed"),
        (
            "name: !!python/name:os.system\n",
            "1: name: the YAML tag !!python/name:os.system is not allowed",
        ),
        ("name: !custom A\n", "1: name: the YAML tag !custom is not allowed"),
        (
            "name: !<tag:example.org,2024:x> A\n",
            "1: name: the YAML tag !<tag:example.org,2024:x> is not allowed",
        ),
        ("name: !!int abc\n", "1: name: the YAML tag !!int is not allowed"),
        ("name: A\nborn: !!float 1965\n", "2: born: the YAML tag !!float is not allowed"),
        ("name: !!seq {a: b}\n", "1: name: the YAML tag !!seq is not allowed"),
        ("!!binary aGVsbG8=: A\n", "1: the YAML tag !!binary is not allowed"),
    ],
)
def test_each_yaml_tag_that_is_not_plain_is_refused(tmp_path, text, expected):
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == [
        f"content/artists/a.yaml:{expected}: expected text, a number, true/false, a list or a "
        "map, written without a tag"
    ]


def test_nothing_in_a_file_is_run(tmp_path):
    proof = tmp_path / "ran"
    text = f"name: !!python/object/apply:subprocess.call [[touch, {proof}]]\n"
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == [
        "content/artists/a.yaml:1: name: the YAML tag !!python/object/apply:subprocess.call is "
        "not allowed: expected text, a number, true/false, a list or a map, written without a tag"
    ]
    assert not proof.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: A\n? [a, b]\n: x\n", "content/artists/a.yaml:2: a list is not a field name"),
        ("name: A\n? {a: b}\n: x\n", "content/artists/a.yaml:2: a map is not a field name"),
        ("name: A\n1965: x\n", "content/artists/a.yaml:2: the key '1965' is not a field name"),
        (
            "name: {en: A, " + "9" * 60 + ": x}\n",
            "content/artists/a.yaml:1: name: the key '" + "9" * 39 + "…' is not a field name",
        ),
    ],
)
def test_a_key_that_is_not_a_name_is_one_line_without_a_python_repr(tmp_path, text, expected):
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == [
        f"{expected}: expected a name such as 'title'"
    ]


def test_a_number_too_long_to_convert_is_refused(tmp_path):
    text = "name: A\nborn: " + "9" * 5000 + "\n"
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == [
        "content/artists/a.yaml:2: born: a number 5,000 characters long: expected at most 30"
    ]


def test_yaml_merge_and_value_keys_are_plain_text(tmp_path):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": "name: =\n<<: {x: 1}\n"})
    problems = [str(p) for p in build_directory(content, tmp_path).problems]
    assert problems == [
        "content/artists/a.yaml:2: <<: unknown field: expected one of name, kind, origin, "
        "nationality, based_in, disciplines, born, died, founded, dissolved, active, sort_name, "
        "aliases, bio, identifiers, links, source, image"
    ]


# 4. Files the build would have ignored, and files it cannot read.


def test_an_unknown_type_folder_is_reported_with_the_closest_type(tmp_path):
    files = {
        "artistz/wong-kar-wai.yaml": GOOD,
        "notes/todo.yaml": GOOD,
        "images/x.jpg": image_bytes(8, 8),
    }
    assert problems_for(tmp_path, files) == [
        "content/artistz:1: not a folder of entries: did you mean 'artists'?",
        "content/notes:1: not a folder of entries: expected one of artists, exhibitions, events, "
        "films, works, venues, images",
    ]


def test_an_entry_outside_the_type_folders_is_reported(tmp_path):
    assert problems_for(tmp_path, {"wong-kar-wai.yaml": GOOD, "notes.txt": "x"}) == [
        "content/wong-kar-wai.yaml:1: not in a type folder: expected "
        "content/<type>/wong-kar-wai.yaml, where <type> is one of artists, exhibitions, events, "
        "films, works, venues"
    ]


def test_drafts_and_hidden_files_are_not_read(tmp_path):
    files = {
        "artists/_draft.yaml": "name: [unfinished\n",
        "artists/.wong-kar-wai.yaml.swp": b"\x00\x01",
        "_drafts/anything.yaml": "x",
        ".cache/search/x": "x",
        "artists/a.yaml": GOOD,
    }
    content = write_tree(tmp_path / "content", files)
    result = build_directory(content, tmp_path)
    assert result.problems == []
    assert list(result.directory.entries) == [("artists", "a")]


def test_an_unreadable_file_is_one_line(tmp_path, monkeypatch):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": GOOD, "artists/b.yaml": GOOD})
    real_open = Path.open

    def open_but_b(path, *args, **kwargs):
        if path.name == "b.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_but_b)
    result = build_directory(content, tmp_path)
    assert [str(p) for p in result.problems] == [
        "content/artists/b.yaml:1: cannot be read (Permission denied): expected a file the "
        "build can read"
    ]
    assert list(result.directory.entries) == [("artists", "a")]


def test_an_unreadable_folder_is_one_line(tmp_path, monkeypatch):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": GOOD, "films/f.yaml": "x"})
    real_listdir = os.listdir

    def listdir_but_films(path):
        if Path(path).name == "films":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(loading.os, "listdir", listdir_but_films)
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        "content/films:1: cannot be read (Permission denied): expected a folder the build can read"
    ]


def test_a_folder_or_a_symlink_loop_named_like_an_entry_is_one_line(tmp_path):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": GOOD})
    (content / "artists" / "folder.yaml").mkdir()
    (content / "artists" / "loop.yaml").symlink_to(content / "artists" / "loop.yaml")
    assert [str(p) for p in build_directory(content, tmp_path).problems] == [
        "content/artists/folder.yaml:1: refused: not a regular file",
        "content/artists/loop.yaml:1: refused: not a regular file",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Just a biography.\n",
            "1: no front matter: expected the fields between --- lines at the top",
        ),
        ("", "1: no front matter: expected the fields between --- lines at the top"),
        (
            "---\nname: A\nBiography.\n",
            "1: front matter without its closing --- line: expected the fields between --- lines",
        ),
        (
            "---\n---\nBiography.\n",
            "2: no fields in the front matter: expected the entry's fields between the --- "
            "lines, such as 'name: ...'",
        ),
    ],
)
def test_markdown_without_front_matter_says_so(tmp_path, text, expected):
    assert problems_for(tmp_path, {"artists/a.md": text}) == [f"content/artists/a.md:{expected}"]


# 5. The fast and the explaining validator agree, and every problem of a choice is reported.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'name: A\nlinks: ["https://example.org/\\n"]\n',
            "content/artists/a.yaml:2: links[0]: expected an http, https or mailto address, got "
            "'https://example.org/\\n'",
        ),
        (
            'name: A\nborn: "1958\\n"\n',
            "content/artists/a.yaml:2: born: '1958\\n' is not a date the site reads: expected "
            "YYYY, YYYY-MM or YYYY-MM-DD, or an approximate date: 1907~ (circa), 197X (a decade), "
            "19XX (a century), 1965/1970 (from one to the other)",
        ),
    ],
)
def test_a_trailing_newline_is_refused_by_both_validators(tmp_path, text, expected):
    assert problems_for(tmp_path, {"artists/a.yaml": text}) == [expected]


def test_every_problem_inside_a_choice_is_reported(tmp_path):
    files = {
        "artists/wong-kar-wai.yaml": "name: {en: 1, zh: 2}\nsource: {name: {en: [], fr: x}}\n",
        "works/w.yaml": "title: W\ncredits:\n  - {artist: Bad_Slug, role: {en: 1, zh: 2}}\n",
    }
    assert problems_for(tmp_path, files) == [
        "content/artists/wong-kar-wai.yaml:1: name.en: expected English, got the number 1",
        "content/artists/wong-kar-wai.yaml:1: name.zh: expected Traditional Chinese, got the "
        "number 2",
        "content/artists/wong-kar-wai.yaml:2: source.name.en: expected English, got a list",
        "content/artists/wong-kar-wai.yaml:2: source.name.fr: unknown field: expected one of "
        "en, zh, zh_hans",
        "content/works/w.yaml:3: credits[0].artist: expected the slug of another entry: "
        "lowercase ASCII letters, digits and hyphens, got 'Bad_Slug'",
        "content/works/w.yaml:3: credits[0].role.en: expected English, got the number 1",
        "content/works/w.yaml:3: credits[0].role.zh: expected Traditional Chinese, got the "
        "number 2",
    ]


# Around valid values, the characters where regular expression engines differ.
ODD = [
    "\n",
    "\r",
    "\t",
    " ",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x85",
    "\xa0",
    "\u1680",
    "\u2000",
    "\u200b",
    "\u2028",
    "\u202f",
    "\u3000",
    "\ufeff",
    "\U0001f600",
    "$",
    "^",
]
odd_text = st.text(alphabet=st.sampled_from(ODD), max_size=2)


def around(valid: list[str]):
    return st.builds(
        lambda before, value, after: before + value + after,
        odd_text,
        st.sampled_from(valid),
        odd_text,
    )


urls = around(["https://example.org/a", "mailto:a@example.org", "http://x", "ftp://x"])
slugs = around(["wong-kar-wai", "a", "a--b", "Ho-Fan"])
dates = around(["1958", "1958-07", "1958-07-17", "58"])
sources = around(["a.jpg", "dir/a.png", ".a.jpg"])


@settings(max_examples=300, deadline=None)
@given(url=urls, slug=slugs, date=dates, src=sources)
def test_both_validators_agree_on_hostile_values(url, slug, date, src):
    artist = {"name": "A", "born": date, "links": [url, {"url": url, "label": "L"}]}
    work = {
        "title": "W",
        "credits": [{"artist": slug}],
        "image": {"src": src, "alt": "A"},
        "date": date,
    }
    for entry_type, data in (("artists", artist), ("works", work)):
        spec = load_model()[entry_type]
        assert spec.fast.is_valid(data) == spec.validator.is_valid(data), data


# 6. What is printed to a terminal has its control characters escaped.


def test_validate_prints_control_characters_escaped(tmp_path):
    content = write_tree(
        tmp_path / "content",
        {
            "artists/a.yaml": '"na\\eme": A\nname: A\n',
            "artists/\x1b[2J.yaml": GOOD,
        },
    )
    result = validate_command(content)
    assert result.returncode == 1
    assert b"\x1b" not in result.stderr
    lines = result.stderr.decode().splitlines()
    prefix = "content/artists"
    assert lines[:-1] == [
        f"{prefix}/\\x1b[2J.yaml:1: slug: '\\x1b[2J' is not a valid slug: expected lowercase "
        "ASCII letters, digits and single hyphens, as in 'wong-kar-wai'",
        f"{prefix}/a.yaml:1: na\\x1bme: contains the control character U+001B: expected "
        "printable text",
        f"{prefix}/a.yaml:1: na\\x1bme: unknown field: expected one of name, kind, origin, "
        "nationality, based_in, disciplines, born, died, founded, dissolved, active, sort_name, "
        "aliases, bio, identifiers, links, source, image",
    ]


def test_search_prints_names_escaped_one_result_a_line(tmp_path):
    content = write_tree(
        tmp_path / "content", {"artists/wong-kar-wai.yaml": 'name: "Wong\\tKar-wai"\n'}
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plugins.search",
            str(content),
            "wong",
            "--cache",
            str(tmp_path / "cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["artists/wong-kar-wai\tWong\\tKar-wai\tWong\\tKar-wai"]


def test_the_readme_gives_the_limits_the_messages_give():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    size = f"at most {MAX_FILE_BYTES // 1_000_000} MB ({MAX_FILE_BYTES:,} bytes)"
    assert size in size_problem(MAX_FILE_BYTES + 1) and f"{size} per file" in readme
    depth = f"at most {MAX_DEPTH} levels"
    assert depth in depth_problem() and f"nested {depth} deep" in readme
