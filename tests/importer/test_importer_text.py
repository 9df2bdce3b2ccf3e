"""Cleaning source text, telling English from Chinese, and making bilingual values."""

from importer.notes import Notes
from importer.text import (
    bilingual,
    chinese_prose,
    clean,
    english_part,
    is_placeholder,
    title,
    to_markdown,
)


def test_clean_resolves_entities_tags_and_whitespace():
    assert clean("  Tai Po\tCivic Centre Fun Day:&nbsp;The Boys' &amp; Girls'\n ") == (
        "Tai Po Civic Centre Fun Day: The Boys' & Girls'"
    )
    assert clean("<i>Manhua</i>, vol.32") == "Manhua, vol.32"
    assert clean("one<br>two") == "one two"
    assert clean(None) == ""


def test_clean_keeps_angle_brackets_that_are_not_tags():
    assert clean("Souvenir < La Mue >") == "Souvenir < La Mue >"


def test_to_markdown_makes_each_source_line_a_paragraph():
    text = "1987 | Denmark | DCP\nDirector: Gabriel Axel\n\n\nCast:\xa0Stephane  Audran\n"
    assert (
        to_markdown(text)
        == "1987 | Denmark | DCP\n\nDirector: Gabriel Axel\n\nCast: Stephane Audran"
    )


def test_to_markdown_strips_html_and_escapes_a_stray_angle_bracket():
    html = "<p>Films &amp; <b>food</b></p><p>Ages 3 &lt; 6<br/>Free</p>"
    assert to_markdown(html) == "Films & food\n\nAges 3 &lt; 6\n\nFree"


def test_placeholders():
    assert is_placeholder("--")
    assert is_placeholder("Research Needed")
    assert is_placeholder("date unknown")
    assert not is_placeholder("Untitled")


def test_chinese_in_the_english_field_is_left_out_and_counted():
    notes = Notes()
    assert english_part("北京市宣武區中學教材編寫組", notes, "M+ constituent 5616") == ""
    assert english_part("NIPPON 日本 1", notes, "M+ object 1") == "NIPPON 日本 1"
    assert notes.oddities == {"Chinese text in an English field (left out)": 1}
    assert notes.examples["Chinese text in an English field (left out)"] == "M+ constituent 5616"


def test_english_copied_into_the_chinese_field_is_left_out_and_counted():
    notes = Notes()
    bio = "Japanese, born 1973"
    assert chinese_prose(bio, bio, notes, "M+ constituent 5021") == ""
    assert (
        chinese_prose("日本籍，生於1973年", bio, notes, "M+ constituent 5021")
        == "日本籍，生於1973年"
    )
    assert notes.oddities == {"English copied into a Chinese field (Chinese left out)": 1}


def test_bilingual_values():
    assert bilingual("Lee Sun Fung", "李晨風") == {"en": "Lee Sun Fung", "zh": "李晨風"}
    assert bilingual("M+", "M+") == "M+"
    assert bilingual("", "無題") == {"zh": "無題"}
    assert bilingual("Poster", "") == {"en": "Poster"}
    assert bilingual("", "") is None


def test_title_counts_generic_titles_and_never_returns_nothing():
    notes = Notes()
    assert title("Untitled", "無題", notes, "M+ object 7") == {"en": "Untitled", "zh": "無題"}
    assert title("", "", notes, "M+ object 8") == {"en": "[Untitled]", "zh": "[無題]"}
    assert notes.oddities == {
        "generic title (Untitled / No Title)": 1,
        "no title in either language (titled '[Untitled]')": 1,
    }


def test_invisible_and_control_characters_are_dropped_from_one_line_text():
    """A title with U+2060 or U+200B (M+ has some) would be refused by the build."""
    assert clean("Rendering\u2060 exterior view, The Hong\u200bKong Club") == (
        "Rendering exterior view, The HongKong Club"
    )
    assert clean("1959\u2060–1996\u0007") == "1959–1996"
    assert to_markdown("Line one\u2028line two\u202e") == "Line one line two"
