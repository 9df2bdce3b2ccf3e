"""The content model is the one place that knows the entry types: a new type is a schema file,
a template and its catalog strings, with no Python changed; no code lists the types."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from plugins.directory.model import DEFAULT_SCHEMA_DIR, load_model
from tests.support import ROOT, SMALL_DIRECTORY, build, tags, text_of, write_tree

PUBLICATION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Harbour Crossings: publication",
    "type": "object",
    "properties": {
        "title": {"$ref": "definitions.schema.json#/$defs/bilingual"},
        "year": {"$ref": "definitions.schema.json#/$defs/year"},
        "authors": {
            "$ref": "definitions.schema.json#/$defs/artist_refs",
            "x-links-to": "artists",
            "x-credit": "Author",
        },
        "publisher": {"$ref": "definitions.schema.json#/$defs/bilingual"},
        "summary": {
            "$ref": "definitions.schema.json#/$defs/bilingual",
            "x-field": "markdown",
        },
        "links": {"$ref": "definitions.schema.json#/$defs/links"},
        "source": {"$ref": "definitions.schema.json#/$defs/source"},
    },
    "required": ["title"],
    "additionalProperties": False,
    "x-title": "title",
    "x-body": "summary",
    "x-singular": "publication",
    "x-label": "Publications",
    "x-singular-label": "Publication",
    "x-order": 6,
    "x-book-title": True,
    "x-year": ["year"],
    "x-listing": {"group": "year"},
    "x-schema-org": "Book",
    "x-json-ld": [
        {"property": "datePublished", "field": "year"},
        {"property": "author", "field": "authors"},
        {"property": "publisher", "field": "publisher", "as": "Organization"},
    ],
}
PUBLICATION_TEMPLATE = """\
{% extends "_entry.html" %}
{% block facts %}
<dl class="facts">
  {%- if entry.fields.year %}<dt>{{ _("Year") }}</dt><dd>{{ entry.fields.year }}</dd>{% endif %}
  {{ m.text_field(_("Publisher"), entry.fields.publisher) }}
</dl>
{% endblock %}
{% block related %}
{{ m.artists_section("authors", _("Authors"), links_out.authors) }}
{% endblock %}
"""
CATALOG_STRINGS = {
    "Publications": "出版物",
    "Publication": "出版物",
    "Author": "作者",
    "Authors": "作者",
    "Publisher": "出版者",
}
PUBLICATION = {
    "publications/moods-book.yaml": """
        title: {en: "Moods, the book", zh: 花樣之書}
        year: 2001
        authors:
          - {artist: wong-kar-wai, role: {en: Writer, zh: 作者}}
          - christopher-doyle
        publisher: {en: Harbour Press, zh: 海港出版社}
        summary:
          en: Photographs from the shoot of *In the Mood for Love*.
          zh: 《花樣年華》拍攝期間的照片。
        """,
}


@pytest.fixture(scope="module")
def sixth(tmp_path_factory):
    """A site whose schemas and theme (copies of the project's) hold a sixth entry type."""
    root = tmp_path_factory.mktemp("sixth")
    schemas = root / "schemas"
    shutil.copytree(DEFAULT_SCHEMA_DIR, schemas)
    (schemas / "publications.schema.json").write_text(
        json.dumps(PUBLICATION_SCHEMA, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    theme = root / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "publication.html").write_text(PUBLICATION_TEMPLATE, encoding="utf-8")
    catalog = theme / "translations" / "zh_Hant_HK" / "LC_MESSAGES" / "messages.po"
    with catalog.open("a", encoding="utf-8") as po:
        for english, chinese in CATALOG_STRINGS.items():
            po.write(f'\nmsgid "{english}"\nmsgstr "{chinese}"\n')
    content = write_tree(root / "content", {**SMALL_DIRECTORY, **PUBLICATION})
    return build(
        content,
        root / "output",
        THEME=str(theme),
        SITEURL="https://example.org/hk",
        DIRECTORY={"SCHEMAS_DIR": str(schemas)},
    )


def test_a_sixth_type_has_pages_in_both_languages(sixth):
    english = sixth.page("/en/publications/moods-book/")
    chinese = sixth.page("/tc/publications/moods-book/")
    assert "<h1>Moods, the book</h1>" in english
    assert "<h1>《花樣之書》</h1>" in chinese
    assert "Publisher" in text_of(english) and "Harbour Press" in text_of(english)
    assert "出版者" in text_of(chinese) and "海港出版社" in text_of(chinese)
    assert '<p class="entry-type">出版物</p>' in chinese
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', english)
    entity = json.loads(data)["@graph"][1]
    assert entity["@type"] == "Book"
    assert entity["datePublished"] == "2001"
    assert entity["publisher"] == {"@type": "Organization", "name": "Harbour Press"}
    assert [a.get("author", a)["name"] for a in entity["author"]] == [
        "Wong Kar-wai",
        "Christopher Doyle",
    ]


def test_a_sixth_type_has_its_listing_and_a_place_in_the_menus(sixth):
    listing = sixth.page("/en/publications/")
    assert "<h1>Publications</h1>" in listing
    assert "/en/publications/moods-book/" in listing
    home = sixth.page("/tc/")
    assert "https://example.org/hk/tc/publications/" in [a["href"] for a in tags(home, "a")]
    assert "出版物" in text_of(home)


def test_a_sixth_type_is_linked_both_ways(sixth):
    artist = sixth.page("/en/artists/wong-kar-wai/")
    assert "https://example.org/hk/en/publications/moods-book/" in artist
    assert "Publications" in text_of(artist) and "Writer" in text_of(artist)
    doyle = text_of(sixth.page("/en/artists/christopher-doyle/"))
    assert "Moods, the book" in doyle and "Author" in doyle  # the field's role, none given
    book = sixth.page("/en/publications/moods-book/")
    assert "https://example.org/hk/en/artists/christopher-doyle/" in book


def test_a_sixth_type_is_in_the_open_data_and_the_sitemap(sixth):
    data = json.loads((sixth.output / "data" / "directory.json").read_text(encoding="utf-8"))
    (book,) = [e for e in data["entries"] if e["type"] == "publications"]
    assert book["fields"]["authors"][0] == {
        "type": "artists",
        "slug": "wong-kar-wai",
        "role": {"en": "Writer", "zh": "作者"},
        "class": "creative",
    }
    text = (sixth.output / "data" / "publications.csv").read_text(encoding="utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["title_zh"] == "花樣之書"
    assert row["authors"] == "wong-kar-wai; christopher-doyle"
    assert row["authors_role_en"] == "Writer; "
    sitemap = ElementTree.fromstring((sixth.output / "sitemap.xml").read_bytes())
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/hk/tc/publications/moods-book/" in locations


def test_a_sixth_type_is_searchable(sixth):
    manifest = json.loads((sixth.output / "search" / "manifest.json").read_text("utf-8"))
    first, last = manifest["types"]["publications"]
    assert last - first == 1
    result = json.loads((sixth.output / "search" / "r" / f"{first}.json").read_text("utf-8"))
    assert (result["type"], result["en"], result["zh"]) == (
        "publications",
        "Moods, the book",
        "花樣之書",
    )
    box = tags(sixth.page("/en/"), "form", **{"data-search": "box"})[0]
    assert json.loads(box["data-types"])["publications"] == "Publication"


# No list of entry types outside the model ----------------------------------------------------

TYPE_NAMES = set(load_model().names)
CHECKED = ("plugins", "importer", "tests", "benchmarks")


def _python_files():
    for folder in CHECKED:
        yield from sorted((ROOT / folder).rglob("*.py"))


def _literal_strings(node) -> list[str]:
    if isinstance(node, ast.Dict):
        items = node.keys
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        items = node.elts
    else:
        return []
    return [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]


def test_no_python_code_lists_entry_types():
    """A tuple, list, set or dict literal naming two or more entry types is a list of types
    that the next type would have to be added to: the model (schemas) is the only list."""
    found = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = set(_literal_strings(node)) & TYPE_NAMES
            if len(named) >= 2:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {sorted(named)}")
    assert found == []


def test_no_template_branches_on_an_entry_type():
    names = "|".join(sorted(TYPE_NAMES))
    pattern = re.compile(rf"""(==|!=)\s*["']({names})["']""")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "theme").rglob("*"))
        if path.suffix in (".html", ".js")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_only_the_model_reads_the_schemas_x_keywords():
    """What a field is comes from model.py; no other module reads x- keywords or $refs."""
    allowed = {Path("plugins/directory/model.py")}
    pattern = re.compile(r"""["'](x-(?!default)[a-z-]+|\$ref|\$defs)["']""")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(1)}"
        for path in _python_files()
        if path.relative_to(ROOT) not in allowed and not path.is_relative_to(ROOT / "tests")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
