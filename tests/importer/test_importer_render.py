"""YAML output: schema order, plain YAML, the same bytes from either emitter."""

import pytest
import yaml

from importer.render import DUMPER, PURE_DUMPER, render_entry
from plugins.directory.model import load_model

MODEL = load_model()

SHARED_SOURCE = {"name": {"en": "M+ Museum, Hong Kong", "zh": "香港M+博物館"}, "record": 1}


def test_an_entry_in_schema_order_with_years_as_numbers_and_dates_quoted():
    text = render_entry(
        MODEL["exhibitions"],
        {"source": {"record": 9}, "end": "2026-01-09", "title": "1965", "start": "2025-12-20"},
    )
    assert text == ("title: '1965'\nstart: '2025-12-20'\nend: '2026-01-09'\nsource:\n  record: 9\n")


def test_strings_that_would_read_as_another_type_are_quoted():
    entry = {"title": {"en": "yes", "zh": "null"}, "year": 1965, "date": {"en": "1960s"}}
    text = render_entry(MODEL["works"], entry)
    assert text == "title:\n  en: 'yes'\n  zh: 'null'\nyear: 1965\ndate:\n  en: 1960s\n"
    assert yaml.safe_load(text) == entry


def test_no_anchors_for_a_shared_value_and_chinese_written_as_is():
    entry = {"name": "M+", "origin": "local", "source": SHARED_SOURCE}
    films = {"title": "真假金牡丹", "source": SHARED_SOURCE, "links": [SHARED_SOURCE["name"]]}
    assert "&" not in render_entry(MODEL["artists"], entry) and "*" not in render_entry(
        MODEL["films"], films
    )
    assert "title: 真假金牡丹\n" in render_entry(MODEL["films"], films)


def test_long_text_is_a_literal_block_on_unwrapped_lines():
    long_line = "A pair of Italian brothers emigrate to America " * 5
    entry = {"title": "Big Night", "description": {"en": f"1996 | USA\n\n{long_line.strip()}"}}
    text = render_entry(MODEL["exhibitions"], entry)
    assert (
        text
        == f"title: Big Night\ndescription:\n  en: |-\n    1996 | USA\n\n    {long_line.strip()}\n"
    )
    assert yaml.safe_load(text) == entry


def test_both_emitters_write_the_same_bytes():
    entry = {
        "title": {
            "en": "Film still, ''Mermaid Story'': #1 — 'yes'",
            "zh": "《真假金牡丹》電影劇照",
        },
        "year": 1965,
        "date": {"en": "[circa 1987], digitised [2000s]"},
        "medium": "TIF file",
        "credits": [{"artist": "lee-sun-fung", "role": {"en": "Film Director", "zh": "電影導演"}}],
        "description": {
            "en": "Line one: a\n\n- a dash\n\n  indented & *starred*",
            "zh": "一\n\n二",
        },
        "source": {
            "name": "M+",
            "url": "https://github.com/x",
            "record": "0012",
            "licence": "CC0-1.0",
        },
    }
    assert render_entry(MODEL["works"], entry, DUMPER) == render_entry(
        MODEL["works"], entry, PURE_DUMPER
    )
    assert yaml.safe_load(render_entry(MODEL["works"], entry)) == entry


def test_a_field_outside_the_schema_is_refused():
    with pytest.raises(ValueError, match=r"works: fields not in the schema: \['gender'\]"):
        render_entry(MODEL["works"], {"title": "x", "gender": "Male"})
