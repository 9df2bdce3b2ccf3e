"""Simplified Chinese pages (/sc/), made at build time from the Traditional texts and catalog with
OpenCC's hk2s and the committed dictionary (plugins/directory/conversions/hk2s.txt): the
conversion's known pitfalls pinned, the dictionary and an entry's own override, the derived
interface, listing order, search, and the settings that declare a derived language."""

from __future__ import annotations

import json
import re

import opencc
import pytest

from plugins.directory.conversion import (
    CONVERSIONS_DIR,
    Converter,
    overrides_for,
    read_overrides,
)
from plugins.directory.errors import ConfigurationError
from plugins.directory.i18n import terms_path
from plugins.directory.pipeline import build_directory
from plugins.directory.settings import DEFAULT_LANGUAGES
from plugins.search.documents import documents
from plugins.search.indexing import open_index, update_index
from plugins.search.querying import Searcher
from tests.support import EVENTS, ROOT, SMALL_DIRECTORY, build, tags, text_of, write_tree

HK2S = opencc.OpenCC("hk2s.json")
# Names and texts of the full M+ and LCSD import where OpenCC's hk2s alone goes wrong, and
# their neighbours it gets right: (Hong Kong Traditional, Simplified).
PITFALLS = [
    ("乾久美子", "乾久美子"),  # 乾 in a name (Inui Kumiko): hk2s gives 干久美子
    ("乾久美子建築設計事務所", "乾久美子建筑设计事务所"),
    ("乾三郎", "乾三郎"),
    ("乾式轉印成套字母", "干式转印成套字母"),  # 'dry' is 干
    ("木、苯乙烯板、乾燥花", "木、苯乙烯板、干燥花"),
    ("乾坤藝術托盤", "乾坤艺术托盘"),  # a word OpenCC knows
    ("鍾華楠", "锺华楠"),  # the surname 鍾: hk2s gives 钟, the character of 鐘 'clock'
    ("馮鍾睿", "冯锺睿"),  # in a given name
    ("鍾楚紅（演員）照片，刊於《電影雙周刊》", "锺楚红（演员）照片，刊于《电影双周刊》"),
    ("費鍾建築設計事務所", "费锺建筑设计事务所"),
    ("一見鍾情", "一见钟情"),  # 鍾 'gather': 钟
    ("鍾愛", "钟爱"),
    ("機械鐘", "机械钟"),  # 鐘 'clock': 钟
    ("裹著一塊條紋布", "裹着一块条纹布"),  # Hong Kong's 著 for zhe: hk2s keeps 著
    ("著色玻璃纖維", "着色玻璃纤维"),
    ("三星意味著重生", "三星意味着重生"),
    ("達明一派《我等著你回來》唱片封套", "达明一派《我等着你回来》唱片封套"),
    ("無題（對蝴蝶著迷的人們）", "无题（对蝴蝶着迷的人们）"),
    ("關於中國國畫基本技巧的著作手稿", "关于中国国画基本技巧的著作手稿"),  # zhù stays 著
    ("宣傳片（專著）", "宣传片（专著）"),
    ("著名", "著名"),
    ("顯著", "显著"),
    ("李家昇", "李家昇"),  # a name's 昇: hk2s gives 升
    ("為甚麼？因為，醫生", "为什么？因为，医生"),  # Hong Kong's 甚麼
    ("王家衛", "王家卫"),
    ("王家衞", "王家卫"),  # the Hong Kong variant
    ("Wong Kar-wai", "Wong Kar-wai"),
]


@pytest.fixture(scope="module")
def convert():
    return Converter.named("hk2s")


@pytest.mark.parametrize(("traditional", "simplified"), PITFALLS)
def test_the_known_pitfalls_of_conversion_are_converted_right(convert, traditional, simplified):
    assert convert(traditional) == simplified


def test_every_override_changes_what_the_conversion_would_give_without_it():
    """No entry of the dictionaries is dead weight: each one, removed, changes its own text."""
    words = overrides_for("hk2s")
    terms = read_overrides(terms_path(ROOT / "theme" / "translations", "zh_Hans"))
    for dictionary, base in ((words, {}), (terms, words)):
        for source, target in dictionary.items():
            rest = {**base, **{k: v for k, v in dictionary.items() if k != source}}
            assert Converter("hk2s", rest)(source) != target, source


def test_the_dictionary_is_read_where_the_conversion_is_named():
    assert (CONVERSIONS_DIR / "hk2s.txt").is_file()
    assert overrides_for("t2s") == {}  # a conversion without a dictionary is OpenCC's alone
    assert Converter.named("t2s")("鍾華楠") == "钟华楠"


def test_each_distinct_text_is_converted_once():
    convert = Converter.named("hk2s")
    calls = []

    class Counting:
        def convert(self, text):
            calls.append(text)
            return HK2S.convert(text)

    convert.opencc = Counting()
    for _ in range(3):
        assert convert("香港藝術館") == "香港艺术馆"
        assert convert("ASCII only") == "ASCII only"
    assert calls == ["香港藝術館"]


def test_html_is_converted_between_its_tags_only(convert):
    html = '<p><a href="https://zh.wikipedia.org/wiki/王家衛" title="王家衛">王家衛</a>的電影</p>'
    assert convert.html(html) == (
        '<p><a href="https://zh.wikipedia.org/wiki/王家衛" title="王家衛">王家卫</a>的电影</p>'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("鍾 锺\n", "{path}:1: '鍾 锺': expected '<source text> = <converted text>'"),
        ("# why\n\n鍾 = \n", "{path}:3: '鍾 =': expected '<source text> = <converted text>'"),
        ("a = b = c\n", "{path}:1: 'a = b = c': expected '<source text> = <converted text>'"),
        (
            "鍾 = 锺  # a name\n鍾 = 钟\n",
            "{path}:2: '鍾' is on line 1 already: expected each text once",
        ),
    ],
)
def test_a_broken_dictionary_is_refused_with_its_line(tmp_path, text, message):
    path = tmp_path / "hk2s.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError) as error:
        read_overrides(path)
    assert str(error.value) == message.format(path=path)


def test_simplified_is_a_derived_language_so_nothing_is_missing_for_it():
    """What editors and translators write (make status counts it) is the written languages'."""
    written = [prefix for prefix, spec in DEFAULT_LANGUAGES.items() if not spec.derived]
    assert written == ["en", "tc"]
    sc = DEFAULT_LANGUAGES["sc"]
    assert (sc.key, sc.source, sc.convert, sc.locale, sc.lang) == (
        "zh_hans",
        "zh",
        "hk2s",
        "zh_Hans",
        "zh-Hans",
    )


# The built site ---------------------------------------------------------------------------------

NAMES = {
    # In the dictionary: 鍾 in a name is 锺.
    "artists/chung-wah-nan.yaml": """
        name: {en: Chung Wah-nan, zh: 鍾華楠}
        origin: local
        disciplines: [architecture]
        bio:
          en: Architect.
          zh: 建築師，曾與[王家衛](https://zh.wikipedia.org/wiki/王家衛)合作，設計著名的**鐘樓**。
        """,
    # Not in the dictionary: the entry gives its Simplified name itself.
    "artists/inui-ichiro.yaml": """
        name: {en: Ichiro Inui, zh: 乾一郎, zh_hans: 乾一郎}
        origin: international
        """,
    "works/coloured-glass.yaml": """
        title: {en: Coloured glass, zh: 著色玻璃}
        year: 1999
        credits: [{artist: inui-ichiro, role: {en: Artist, zh: 藝術家}}]
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("simplified")
    return build(write_tree(root / "content", {**SMALL_DIRECTORY, **NAMES}), root / "output")


def h1(html: str) -> str:
    return text_of(html.split("<h1>", 1)[1].split("</h1>", 1)[0])


def test_an_entry_page_in_simplified(site):
    html = site.page("/sc/artists/chung-wah-nan/")
    assert '<html lang="zh-Hans">' in html
    assert "<title>锺华楠 · 港艺交汇</title>" in html
    assert h1(html) == "锺华楠"
    assert '<span class="other-name" lang="en">Chung Wah-nan</span>' in html
    text = text_of(html)
    assert "范畴 建筑" in text  # a choice's label, converted
    # The long text: converted between its tags, its link's address as written.
    assert (
        '<p>建筑师，曾与<a href="https://zh.wikipedia.org/wiki/王家衛" rel="noopener noreferrer">'
        "王家卫</a>合作，设计著名的<strong>钟楼</strong>。</p>"
    ) in html


def test_dates_and_numbers_in_simplified(site):
    assert "出生 1958年7月17日" in text_of(site.page("/sc/artists/wong-kar-wai/"))
    assert "展览 《花样》 2024年3月1日" in text_of(site.page("/sc/artists/wong-kar-wai/"))
    assert '<p class="count-line" data-live-count' in site.page("/sc/artists/")
    assert "5 项" in text_of(site.page("/sc/artists/"))


def test_an_entrys_own_simplified_text_is_used_and_the_others_are_left_alone(site):
    # 乾一郎 converted would be 干一郎: the entry gives its Simplified name itself.
    assert h1(site.page("/sc/artists/inui-ichiro/")) == "乾一郎"
    assert h1(site.page("/tc/artists/inui-ichiro/")) == "乾一郎"
    assert h1(site.page("/en/artists/inui-ichiro/")) == "Ichiro Inui"
    # Wherever the name appears: a link to it, the picture of its network.
    work = site.page("/sc/works/coloured-glass/")
    assert h1(work) == "《着色玻璃》"
    assert '<a href="/sc/artists/inui-ichiro/">乾一郎</a>' in work
    data = json.loads((site.output / "data" / "directory.json").read_text(encoding="utf-8"))
    (inui,) = [e for e in data["entries"] if e["slug"] == "inui-ichiro"]
    assert inui["fields"]["name"] == {"en": "Ichiro Inui", "zh": "乾一郎", "zh_hans": "乾一郎"}


def test_the_interface_is_the_hong_kong_catalog_converted_with_its_terms(site):
    html = site.page("/sc/search/")
    assert "<h1>搜索</h1>" in html  # 搜尋, a term of the interface
    assert 'placeholder="搜索名称、标题、内文"' in html
    assert "可用中文或英文名称，繁体或简体，连字号可有可无。" in text_of(html)
    not_found = (site.output / "sc" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in not_found and "<h1>找不到网页</h1>" in not_found
    calendar = (site.output / "sc" / "exhibitions.ics").read_text(encoding="utf-8")
    assert "X-WR-CALNAME:港艺交汇：现正及即将举行的展览" in calendar


def _traditional_left(html: str) -> set[str]:
    """The characters of a page's visible text, title and description that a Hong Kong to
    Simplified conversion would still change (the link to the Traditional pages aside)."""
    html = re.sub(r'<a [^>]*lang="zh-Hant-HK"[^>]*>[^<]*</a>', "", html)
    head = html.split("</head>", 1)[0]
    texts = [text_of(html), *re.findall(r"<title>(.*?)</title>", head)]
    texts += [t["content"] for t in tags(head, "meta") if t.get("name") == "description"]
    return {c for text in texts for c, s in zip(text, HK2S.convert(text), strict=True) if c != s}


def test_no_traditional_text_is_left_on_any_simplified_page(tmp_path):
    content = write_tree(tmp_path / "content", {**SMALL_DIRECTORY, **EVENTS})
    site = build(content, tmp_path / "output")
    pages = sorted((site.output / "sc").rglob("*.html"))
    english = sorted((site.output / "en").rglob("*.html"))
    assert [p.relative_to(site.output / "sc") for p in pages] == [
        p.relative_to(site.output / "en") for p in english
    ]
    left = {p.name: _traditional_left(p.read_text(encoding="utf-8")) for p in pages}
    assert {name: chars for name, chars in left.items() if chars} == {}


def test_artists_are_listed_in_pinyin_order_under_a_to_z(site):
    html = site.page("/sc/artists/")
    sections = re.findall(r'<h2 id="g-\d+">(.*?)</h2>(.*?)</section>', html, re.S)
    assert [(heading, [a["href"] for a in tags(links, "a")]) for heading, links in sections] == [
        ("C", ["/sc/artists/tsang-tsou-choi/"]),  # 曾灶财: ICU reads 曾 céng
        ("D", ["/sc/artists/christopher-doyle/"]),
        ("Q", ["/sc/artists/inui-ichiro/"]),
        ("W", ["/sc/artists/wong-kar-wai/"]),
        ("Z", ["/sc/artists/chung-wah-nan/"]),
    ]


def test_search_finds_a_name_as_either_script_shows_it(tmp_path):
    """A visitor copies a name from a Simplified page (锺华楠, 什么) or types it: found."""
    files = {
        **NAMES,
        "films/why.yaml": "title: {en: Why?, zh: 為甚麼？}\nyear: 2001\n",
    }
    content = write_tree(tmp_path / "content", files)
    ix = open_index(tmp_path / "index")
    update_index(ix, documents(build_directory(content).directory))
    with Searcher(ix) as search:
        for query in ("锺华楠", "钟华楠", "鍾華楠", "chung wah-nan"):
            assert [hit.key for hit in search(query)] == ["artists/chung-wah-nan"], query
        for query in ("为什么", "為甚麼", "为甚么"):
            assert [hit.key for hit in search(query)] == ["films/why"], query
        hit = search("乾一郎")[0]
        assert (hit.key, hit.result["zh"], hit.result["zh_hans"]) == (
            "artists/inui-ichiro",
            "乾一郎",
            "乾一郎",
        )


def test_search_results_carry_the_simplified_names_and_excerpt(site):
    folder = site.output / "search"
    results = [json.loads(p.read_text(encoding="utf-8")) for p in (folder / "r").glob("*.json")]
    chung = next(r for r in results if r["slug"] == "chung-wah-nan")
    assert (chung["en"], chung["zh"], chung["zh_hans"]) == ("Chung Wah-nan", "鍾華楠", "锺华楠")
    assert chung["x"]["zh"] == "建築師，曾與 王家衛 合作，設計著名的 鐘樓 。"
    assert chung["x"]["zh_hans"] == "建筑师，曾与 王家卫 合作，设计著名的 钟楼 。"
    box = tags(site.page("/sc/"), "form", **{"data-search": "box"})[0]
    assert (box["data-key"], box["data-fallbacks"], box["action"]) == (
        "zh_hans",
        '[["en", "en"]]',
        "/sc/search/",
    )


# Validation and settings ------------------------------------------------------------------------


def test_a_simplified_text_needs_the_traditional_text_it_overrides(tmp_path):
    files = {
        "artists/a.yaml": "name: {en: A, zh_hans: 乾一郎}\n",
        "artists/b.yaml": "name: {zh: 乾一郎, zh_hans: 乾一郎}\n",
    }
    result = build_directory(write_tree(tmp_path / "content", files), tmp_path)
    assert [str(p) for p in result.problems] == [
        "content/artists/a.yaml:1: name.zh_hans: overrides the conversion of the Chinese text, "
        "which is missing: expected zh beside it"
    ]


def test_a_site_without_the_derived_language_has_no_simplified_pages(tmp_path):
    languages = {
        prefix: {"locale": s.locale, "lang": s.lang, "key": s.key, "name": s.name}
        for prefix, s in DEFAULT_LANGUAGES.items()
        if not s.derived
    }
    content = write_tree(tmp_path / "content", {**SMALL_DIRECTORY, **NAMES})
    site = build(content, tmp_path / "output", DIRECTORY={"LANGUAGES": languages})
    assert not (site.output / "sc").exists()
    html = site.page("/tc/artists/inui-ichiro/")
    assert [a["lang"] for a in tags(html, "a", rel="alternate")] == ["en"]
    assert "zh-Hans" not in html


SC = {"locale": "zh_Hans", "lang": "zh-Hans", "key": "zh_hans", "name": "简体中文"}
EN = {"locale": "en_HK", "lang": "en", "key": "en", "name": "English"}
TC = {"locale": "zh_Hant_HK", "lang": "zh-Hant-HK", "key": "zh", "name": "繁體中文"}


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        (
            {"en": EN, "sc": {**SC, "convert": "hk2s"}},
            "DIRECTORY['LANGUAGES']: expected {prefix: {locale, lang, key, name}}, with "
            "{source, convert} for a language derived from another",
        ),
        (
            {"en": EN, "sc": {**SC, "source": "zh", "convert": "hk2s"}},
            "DIRECTORY['LANGUAGES']['sc']: source 'zh' is not the key of a written language: "
            "expected one of en",
        ),
        (
            {"sc": {**SC, "source": "zh", "convert": "hk2s"}, "tc": TC},
            "DIRECTORY['LANGUAGES']: the first language is derived: expected a written one",
        ),
        (
            {"en": EN, "tc": TC, "tc2": TC},
            "DIRECTORY['LANGUAGES']['tc']: key 'zh' is another language's too: expected a key "
            "of its own",
        ),
        (
            {"en": EN, "tc": TC, "sc": {**SC, "key": "zh_cn", "source": "zh", "convert": "hk2s"}},
            "DIRECTORY['LANGUAGES']['sc']: key 'zh_cn' is not a derived text of the entries' "
            "'zh': expected one the schema's bilingual definition declares with x-derived-from: "
            "zh_hans (from zh)",
        ),
        (
            {"en": EN, "tc": TC, "sc": {**SC, "source": "zh", "convert": "hk2simplified"}},
            "DIRECTORY['LANGUAGES']['sc']['convert']: 'hk2simplified' is not an OpenCC "
            "conversion: expected one such as hk2s or t2s",
        ),
    ],
)
def test_a_wrong_derived_language_is_refused_with_one_line(tmp_path, languages, message):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    with pytest.raises(ConfigurationError) as error:
        build(content, tmp_path / "output", DIRECTORY={"LANGUAGES": languages})
    assert str(error.value) == message
