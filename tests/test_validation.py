"""Every kind of broken entry gets one exact, located message, and all are reported in one run."""

from __future__ import annotations

import pytest

from plugins.directory.pipeline import build_directory
from tests.support import SMALL_DIRECTORY, image_bytes, write_tree

GOOD_ARTIST = "name: {en: Ho Fan, zh: 何藩}\norigin: local\n"


def problems_for(tmp_path, files: dict) -> list[str]:
    content = write_tree(tmp_path / "content", files)
    return [str(p) for p in build_directory(content, tmp_path).problems]


def test_the_small_directory_is_valid(tmp_path):
    assert problems_for(tmp_path, SMALL_DIRECTORY) == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"artists/a.yaml": "name: {en: A\norigin: local\n"},
            "content/artists/a.yaml:2: invalid YAML: did not find expected ',' or '}' (while "
            "parsing a flow mapping that starts on line 1); expected 'field: value' lines with "
            "consistent indentation",
            id="yaml-syntax",
        ),
        pytest.param(
            {"artists/a.yaml": "nmae: A\norigin: local\n"},
            "content/artists/a.yaml:1: nmae: unknown field: did you mean 'name'?",
            id="misspelt-field",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "colour: blue\n"},
            "content/artists/a.yaml:3: colour: unknown field: expected one of name, kind, "
            "origin, nationality, based_in, disciplines, born, died, founded, dissolved, "
            "active, sort_name, aliases, bio, identifiers, links, source, image",
            id="unknown-field",
        ),
        pytest.param(
            {"artists/a.yaml": "origin: local\nkind: person\n"},
            "content/artists/a.yaml:1: name: missing, the entry needs it: expected text, or a "
            "map {en: English, zh: Traditional Chinese}",
            id="missing-required",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "disciplines: film\n"},
            "content/artists/a.yaml:3: disciplines: expected a list of disciplines, got 'film'",
            id="wrong-type",
        ),
        pytest.param(
            {"artists/a.yaml": "name: [Ho Fan]\norigin: local\n"},
            "content/artists/a.yaml:1: name: expected text, or a map {en: English, zh: "
            "Traditional Chinese}, got a list",
            id="wrong-type-bilingual",
        ),
        pytest.param(
            {"artists/a.yaml": "name: {en: Ho Fan, fr: Ho Fan}\norigin: local\n"},
            "content/artists/a.yaml:1: name.fr: unknown field: expected one of en, zh, zh_hans",
            id="unknown-language",
        ),
        pytest.param(
            {"artists/a.yaml": "name: Ho Fan\norigin: locale\n"},
            "content/artists/a.yaml:2: origin: 'locale' is not a valid choice: did you mean "
            "'local'?",
            id="unknown-choice",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "disciplines: [film, knitting]\n"},
            "content/artists/a.yaml:3: disciplines[1]: 'knitting' is not a valid choice: "
            "expected one of visual-art, painting, ink-art, sculpture, installation, "
            "photography, printmaking, illustration, comics, animation, new-media, design, "
            "graphic-design, product-design, fashion, architecture, interior-design, craft, "
            "music, sound, film, performance, dance, theatre, literature, curating",
            id="unknown-choice-in-list",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "born: 1931-02-30\n"},
            "content/artists/a.yaml:3: born: '1931-02-30' is not a real date: expected YYYY, "
            "YYYY-MM or YYYY-MM-DD",
            id="impossible-date",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "born: 3 May 1931\n"},
            "content/artists/a.yaml:3: born: '3 May 1931' is not a date the site reads: expected "
            "YYYY, YYYY-MM or YYYY-MM-DD, or an approximate date: 1907~ (circa), 197X (a "
            "decade), 19XX (a century), 1965/1970 (from one to the other)",
            id="date-format",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "born: circa 1931\n"},
            "content/artists/a.yaml:3: born: 'circa 1931' is not a date the site reads, write "
            "circa 1931 as 1931~: expected YYYY, YYYY-MM or YYYY-MM-DD, or an approximate date: "
            "1907~ (circa), 197X (a decade), 19XX (a century), 1965/1970 (from one to the other)",
            id="circa-as-words",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "active: 1950s\n"},
            "content/artists/a.yaml:3: active: '1950s' is not a date the site reads, write the "
            "1950s as 195X: expected YYYY, YYYY-MM or YYYY-MM-DD, or an approximate date: 1907~ "
            "(circa), 197X (a decade), 19XX (a century), 1965/1970 (from one to the other)",
            id="decade-as-words",
        ),
        pytest.param(
            {"works/w.yaml": "title: W\nyear: 20th century\n"},
            "content/works/w.yaml:2: year: '20th century' is not a date the site reads, write the "
            "20th century as 19XX: expected a year such as 1965, or an approximate one: 1965~ "
            "(circa), 196X (a decade), 19XX (a century), 1965/1970 (from one to the other)",
            id="century-as-words",
        ),
        pytest.param(
            {"works/w.yaml": "title: W\nyear: 1965-03\n"},
            "content/works/w.yaml:2: year: '1965-03' is not a date the site reads: expected a "
            "year such as 1965, or an approximate one: 1965~ (circa), 196X (a decade), 19XX (a "
            "century), 1965/1970 (from one to the other)",
            id="year-with-a-month",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "active: 1995/1949\n"},
            "content/artists/a.yaml:3: active: '1995/1949' is not a date the site reads, it ends "
            "before it starts: expected YYYY, YYYY-MM or YYYY-MM-DD, or an approximate date: "
            "1907~ (circa), 197X (a decade), 19XX (a century), 1965/1970 (from one to the other)",
            id="interval-backwards",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "born: 195X\ndied: 1948\n"},
            "content/artists/a.yaml:4: died: 1948 is before born 195X: expected died on or after "
            "born",
            id="approximate-dates-in-order",
        ),
        pytest.param(
            {"exhibitions/e.yaml": "title: Show\nstart: 2024-05-01\nend: 2024-04-30\n"},
            "content/exhibitions/e.yaml:3: end: 2024-04-30 is before start 2024-05-01: "
            "expected end on or after start",
            id="end-before-start",
        ),
        pytest.param(
            {"artists/a.yaml": "name: {en: '', zh: '  '}\norigin: local\n"},
            "content/artists/a.yaml:1: name: empty in both languages: expected text in "
            "English (en) or Chinese (zh)",
            id="no-text-in-either-language",
        ),
        pytest.param(
            {"artists/a.yaml": "name: {}\norigin: local\n"},
            "content/artists/a.yaml:1: name: empty map: expected text in English (en) or "
            "Chinese (zh)",
            id="empty-bilingual-map",
        ),
        pytest.param(
            {
                "artists/wong-kar-wai.yaml": "name: Wong Kar-wai\norigin: local\n",
                "films/f.yaml": "title: Film\ndirectors: [wong-kar-wei]\n",
            },
            "content/films/f.yaml:2: directors[0]: no artist 'wong-kar-wei' in "
            "content/artists/: did you mean 'wong-kar-wai'?",
            id="dangling-link-with-suggestion",
        ),
        pytest.param(
            {"exhibitions/e.yaml": "title: Show\nvenue: nowhere\n"},
            "content/exhibitions/e.yaml:2: venue: no venue 'nowhere' in content/venues/: "
            "expected the slug of a file in content/venues/",
            id="dangling-link",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "links: ['javascript:alert(1)']\n"},
            "content/artists/a.yaml:3: links[0]: expected an http, https or mailto address, "
            "got 'javascript:alert(1)'",
            id="unsafe-link",
        ),
        pytest.param(
            {"works/w.yaml": "title: W\ncredits:\n  - {artist: x, rol: {en: Maker}}\n"},
            "content/works/w.yaml:3: credits[0].rol: unknown field: did you mean 'role'?",
            id="nested-misspelt-field",
        ),
        pytest.param(
            {"artists/a.yaml": "name: A\nname: B\norigin: local\n"},
            "content/artists/a.yaml:2: name: given twice (first on line 1): expected each "
            "field once",
            id="duplicate-field",
        ),
        pytest.param(
            {"artists/Ho_Fan.yaml": GOOD_ARTIST},
            "content/artists/Ho_Fan.yaml:1: slug: 'Ho_Fan' is not a valid slug: expected "
            "lowercase ASCII letters, digits and single hyphens, as in 'wong-kar-wai'",
            id="bad-slug",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST, "artists/a.md": "---\n" + GOOD_ARTIST + "---\n"},
            "content/artists/a.yaml:1: slug: 'a' is already the slug of content/artists/a.md: "
            "expected one file per slug",
            id="duplicate-slug",
        ),
        pytest.param(
            {"artists/a.yaml": b"name: \xffHo\norigin: local\n"},
            "content/artists/a.yaml:1: not valid UTF-8 (byte 0xff at offset 6): expected the "
            "file saved as UTF-8",
            id="not-utf8",
        ),
        pytest.param(
            {"artists/a.yaml": "- name: A\n"},
            "content/artists/a.yaml:1: expected a YAML mapping of fields, such as 'name: ...'",
            id="not-a-mapping",
        ),
        pytest.param(
            {"artists/a.yaml": ""},
            "content/artists/a.yaml:1: empty file: expected the entry's fields as YAML, such "
            "as 'name: ...'",
            id="empty-file",
        ),
        pytest.param(
            {"artists/a.yaml": "name: !!python/object/apply:os.system ['true']\n"},
            "content/artists/a.yaml:1: name: the YAML tag !!python/object/apply:os.system is "
            "not allowed: expected text, a number, true/false, a list or a map, written without "
            "a tag",
            id="unsafe-yaml-tag",
        ),
        pytest.param(
            {"artists/a.md": "---\nname: A\norigin: local\nbio: Short.\n---\nLong bio.\n"},
            "content/artists/a.md:6: bio: given twice, in the front matter and as the "
            "Markdown body: expected one or the other",
            id="markdown-body-twice",
        ),
        pytest.param(
            {"artists/a.md": "---\nname: A\norgin: local\n---\nBio.\n"},
            "content/artists/a.md:3: orgin: unknown field: did you mean 'origin'?",
            id="markdown-front-matter-line",
        ),
        pytest.param(
            {"artists/lonely.zh.md": "傳記。\n"},
            "content/artists/lonely.zh.md:1: Chinese text without an entry: expected "
            "lonely.md beside it with the entry's fields",
            id="orphan-chinese-body",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "aliases: &names [A]\nbio: *names\n"},
            "content/artists/a.yaml:4: bio: a YAML alias of a list or map: expected the values "
            "written out",
            id="yaml-alias",
        ),
        pytest.param(
            {"artists/a.yaml": "name: A\x00\norigin: local\n"},
            "content/artists/a.yaml:1: name: contains the control character U+0000: expected "
            "printable text",
            id="control-character",
        ),
        pytest.param(
            {"artists/a.yaml": GOOD_ARTIST + "image: {src: nowhere.jpg, alt: A portrait}\n"},
            "content/artists/a.yaml:3: image.src: no file content/images/nowhere.jpg: expected "
            "the path of an image in content/images/",
            id="missing-image",
        ),
        pytest.param(
            {
                "artists/a.yaml": GOOD_ARTIST + "image: {src: a.jpg}\n",
                "images/a.jpg": image_bytes(8, 8),
            },
            "content/artists/a.yaml:3: image.alt: missing, the map needs it: expected text, or a "
            "map {en: English, zh: Traditional Chinese}",
            id="image-without-alt-text",
        ),
        pytest.param(
            {
                "artists/a.yaml": GOOD_ARTIST + "image: {src: a.jpg, alt: A}\n",
                "images/a.jpg": b"GIF?",
            },
            "content/artists/a.yaml:3: image.src: content/images/a.jpg: cannot be read as an "
            "image: expected a JPEG, PNG, WebP or GIF file",
            id="not-an-image",
        ),
        pytest.param(
            {"artists/notes.txt": "hello\n"},
            "content/artists/notes.txt:1: not an entry file: expected <slug>.yaml or <slug>.md",
            id="not-an-entry-file",
        ),
    ],
)
def test_each_kind_of_problem_has_an_exact_message(tmp_path, files, expected):
    assert problems_for(tmp_path, files) == [expected]


def test_every_problem_is_reported_in_one_run(tmp_path):
    problems = problems_for(
        tmp_path,
        {
            "artists/a.yaml": "nmae: A\norigin: locale\n",
            "artists/b.yaml": "name: B\norigin: local\nborn: 1990-13\n",
            "exhibitions/e.yaml": "title: {en: ''}\nvenue: nowhere\nstart: 2024\nend: 2023\n",
            "films/f.yaml": "title: [\n",
        },
    )
    assert problems == [
        "content/artists/a.yaml:1: nmae: unknown field: did you mean 'name'?",
        "content/artists/a.yaml:2: origin: 'locale' is not a valid choice: did you mean 'local'?",
        "content/artists/b.yaml:3: born: '1990-13' is not a real date: expected YYYY, "
        "YYYY-MM or YYYY-MM-DD",
        "content/exhibitions/e.yaml:1: title: empty in both languages: expected text in "
        "English (en) or Chinese (zh)",
        "content/exhibitions/e.yaml:2: venue: no venue 'nowhere' in content/venues/: expected "
        "the slug of a file in content/venues/",
        "content/exhibitions/e.yaml:4: end: 2023 is before start 2024: expected end on or "
        "after start",
        "content/films/f.yaml:2: invalid YAML: did not find expected node content (while "
        "parsing a flow node that starts on line 2); expected 'field: value' lines "
        "with consistent indentation",
    ]


def test_a_year_written_as_a_decimal_is_read_as_the_year(tmp_path):
    content = write_tree(tmp_path / "content", {"films/f.yaml": "title: F\nyear: 1965.0\n"})
    result = build_directory(content, tmp_path)
    assert result.problems == []
    assert result.directory.entries[("films", "f")].fields["year"] == 1965


def test_partial_dates_compare_at_their_common_precision(tmp_path):
    files = {"exhibitions/e.yaml": "title: Show\nstart: 2024-05-20\nend: 2024-05\n"}
    assert problems_for(tmp_path, files) == []


def test_a_link_to_a_broken_entry_is_not_reported_twice(tmp_path):
    problems = problems_for(
        tmp_path,
        {
            "artists/a.yaml": "name: A\norigin: locale\n",
            "films/f.yaml": "title: F\ndirectors: [a]\n",
        },
    )
    assert problems == [
        "content/artists/a.yaml:2: origin: 'locale' is not a valid choice: did you mean 'local'?"
    ]


def test_a_symlink_leading_outside_content_is_refused(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: Secret\norigin: local\n", encoding="utf-8")
    content = write_tree(tmp_path / "content", {"artists/ok.yaml": GOOD_ARTIST})
    (content / "artists" / "leak.yaml").symlink_to(secret)
    problems = [str(p) for p in build_directory(content, tmp_path).problems]
    assert problems == [
        "content/artists/leak.yaml:1: refused: the file leads outside the content folder "
        "(a symlink or '..')"
    ]


def test_github_annotation_names_file_and_line(tmp_path):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": "name: A\norigin: x\n"})
    (problem,) = build_directory(content, tmp_path).problems
    assert problem.github_annotation() == (
        "::error file=content/artists/a.yaml,line=2::origin: 'x' is not a valid choice: "
        "expected one of local, international"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("true", "'true' (true/false)"),
        ("False", "'false' (true/false)"),
        ("0", "the number 0"),
        ("1.5", "the number 1.5"),
        ("null", "nothing"),
        ("[a, b]", "a list"),
        ("{a: b}", "a map"),
    ],
)
def test_a_wrong_value_is_named_as_the_editor_wrote_it(tmp_path, value, shown):
    """The message says what was found in the editor's terms: true/false, a number, the text
    itself when short, nothing, a list, a map."""
    (problem,) = problems_for(tmp_path, {"works/w.yaml": f"title: W\nyear: {value}\n"})
    expected = (
        "expected a year, such as 1965, or an approximate one: 1965~ (circa), 196X (a decade), "
        "19XX (a century), 1965/1970 (from one to the other)"
    )
    assert problem == f"content/works/w.yaml:2: year: {expected}, got {shown}"


@pytest.mark.parametrize(
    ("value", "shown"), [("x" * 40, "'" + "x" * 40 + "'"), ("x" * 41, "a long text")]
)
def test_a_wrong_choice_is_quoted_unless_it_is_long(tmp_path, value, shown):
    (problem,) = problems_for(tmp_path, {"artists/a.yaml": f"name: A\norigin: {value}\n"})
    assert problem == (
        f"content/artists/a.yaml:2: origin: {shown} is not a valid choice: expected one of "
        "local, international"
    )
