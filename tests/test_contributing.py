"""CONTRIBUTING.md stays true: the messages it quotes are the ones the checks print, and its two
languages explain the same messages."""

from __future__ import annotations

import re

from plugins.directory.pipeline import build_directory
from tests.support import ROOT, write_tree

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
# Entries that make every problem the guide's first table explains.
BROKEN = {
    "artists/ho-fan.yaml": """
        nmae: {en: Ho Fan, zh: 何藩}
        origin: locale
        born: 1931-02-30
        identifiers:
          wikidata: "wikidata Q5686"
        """,
    "artists/lee.yaml": "name: {en: '', zh: ''}\ndied: 19xx\n",
    "artists/kwan.yaml": "kind: person\nidentifiers: {isni: '0000 0001 2146 4381'}\n",
    "films/a.yaml": "title: A\ndirectors: [ho-fann]\n",
    "films/b.yaml": "title: {en: B, zh: 乙\n",
}


def quoted_messages(section: str) -> list[str]:
    """The messages of a section's first table: the first cell of each row, in backticks."""
    table = section.split("| The check says |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", table, re.M)


def test_every_message_the_guide_quotes_is_one_the_checks_print(tmp_path):
    content = write_tree(tmp_path / "content", BROKEN)
    printed = [
        f"{p.field}: {p.message}" if p.field else p.message
        for p in build_directory(content, tmp_path).problems
    ]
    english = GUIDE.split('<a id="繁體中文"></a>', 1)[0]
    quoted = quoted_messages(english)
    assert len(quoted) == 10
    for message in quoted:
        start = message.split(" ...", 1)[0]
        assert any(p == message or (" ..." in message and p.startswith(start)) for p in printed), (
            message
        )


def test_the_chinese_guide_explains_the_same_messages():
    english, chinese = GUIDE.split('<a id="繁體中文"></a>', 1)
    in_chinese = re.findall(r"^\| `([^`]+)`", chinese, re.M)
    assert re.findall(r"^\| `([^`]+)`", english, re.M) == in_chinese
    assert len(in_chinese) == 14
