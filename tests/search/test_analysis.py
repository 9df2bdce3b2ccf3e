"""Folding and tokenising: the same text in any script or spelling gives the same terms."""

from __future__ import annotations

import sys
import unicodedata

import opencc
import pytest

from plugins.search.analysis import bigrams, is_cjk, name_extras, segments, stem, text_terms
from plugins.search.folding import CONVERTERS, HAN_RANGES, fold, han_map
from plugins.search.querying import Part, plan


@pytest.mark.parametrize("variant", ["王家衛", "王家衞", "王家卫", "王家衛"])
def test_traditional_hong_kong_and_simplified_fold_to_one_form(variant):
    assert fold(variant) == fold("王家衛") == "王家卫"


def test_fold_is_nfkc_lower_case_without_accents():
    assert fold("ＷＯＮＧ Kar-Wai") == "wong kar-wai"
    assert fold("Agnès Varda, Zoë") == "agnes varda, zoe"
    assert fold("藝術 電影") == fold("艺术 电影")


def test_segments_split_words_and_cjk_runs():
    found = [(s.kind, s.text) for s in segments(fold("M+博物館: Wong Kar-wai 2000"))]
    assert found == [
        ("w", "m"),
        ("c", "博物馆"),
        ("w", "wong"),
        ("w", "kar"),
        ("w", "wai"),
        ("w", "2000"),
    ]


def test_porter2_stems_running_correctly():
    assert [stem(w) for w in ("running", "runs", "generously", "museums")] == [
        "run",
        "run",
        "generous",
        "museum",
    ]


def test_bigrams_of_one_run_take_consecutive_positions_and_runs_are_apart():
    terms, _ = text_terms(fold("藝術，術館"))
    assert terms == [("艺术", 0), ("术馆", 2)]
    assert bigrams("藝術館") == ["藝術", "術館"]


def test_names_are_joined_in_every_order():
    assert name_extras(fold("Kar Wai Wong")) == sorted(
        {"karwai", "waiwong", "karwaiwong", "waiwongkar", "wongkarwai"}
    )


def test_the_plan_matches_the_last_word_as_a_prefix_only_while_it_is_typed():
    assert plan("wong kar") == (Part("word", "wong"), Part("word", "kar", "kar"))
    assert plan("wong kar ") == (Part("word", "wong"), Part("word", "kar"))
    assert plan("王 香港藝術館 王") == (Part("char", "王"), Part("phrase", "香港艺术馆"))


def test_words_are_letters_and_digits_of_every_script_as_search_js_says():
    """segments matches words with [^\\W_], which must be exactly Unicode's L and N categories
    (search.js: [\\p{L}\\p{N}]); CJK characters are runs of their own."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = "c" if is_cjk(char) else "w" if unicodedata.category(char)[0] in "LN" else ""
        assert "".join(s.kind for s in segments(char)) == expected, hex(code)


def test_the_folding_map_is_what_converting_each_character_alone_gives():
    """han_map converts every character in one text, a line each: the same as one at a time."""
    converters = [opencc.OpenCC(f"{name}.json") for name in CONVERTERS]
    expected = {}
    for first, last in HAN_RANGES:
        for code in range(first, last + 1):
            char = folded = chr(code)
            for converter in converters:
                converted = converter.convert(folded)
                if len(converted) == 1:
                    folded = converted
            if folded != char:
                expected[char] = folded
    assert han_map() == expected


def test_fold_works_its_tables_out_as_text_asks_and_folds_as_the_whole_tables_would():
    """fold() converts a character the first time a text has it: the same as tables of every
    mark and every Han character, made in advance, give."""
    marks = {c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn"}
    han = str.maketrans(han_map())

    def folded_whole(text: str) -> str:
        text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).lower())
        return unicodedata.normalize("NFC", text.translate(marks)).translate(han)

    every_han = "".join(chr(c) for first, last in HAN_RANGES for c in range(first, last + 1))
    for text in ("Café Ｍ＋ ǅ x\u0301y ο\u0308 王家衛 乾隆 幹", every_han, every_han[::-1]):
        assert fold(text) == folded_whole(text)


def test_fold_keeps_ascii_lower_cased_and_removes_marks_from_every_script():
    assert fold("Café Ｍ＋ ǅ x\u0301y ο\u0308") == "cafe m+ dz xy ο"
    assert fold("WONG kar-WAI") == "wong kar-wai"
