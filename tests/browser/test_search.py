"""search.js in headless Chromium, on a build of the committed content: the browser ranks
exactly as the terminal does (whoosh), stems as whoosh's Porter2 does, and the search box and
page work with the keyboard, with ?q= addresses, and without JavaScript.

Here rather than in tests/search/ so that it shares this folder's one browser per session."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from plugins.directory.pipeline import build_directory
from plugins.search.analysis import segments, stem
from plugins.search.documents import documents
from plugins.search.exporting import typo_keys
from plugins.search.folding import fold
from plugins.search.indexing import open_index, update_index
from plugins.search.querying import Searcher, is_typo
from tests.browser.conftest import _visit
from tests.support import ROOT, build, serve

# Both languages and scripts: names in every spelling, titles, places, disciplines, prefixes
# as typed, one letter off, single characters, Simplified against Traditional, mixed.
QUERIES = [
    "Wong Kar-wai",
    "wong kar wai",
    "Kar-wai Wong",
    "wongkarwai",
    "Wong Kar-wei",
    "王家衛",
    "王家衞",
    "王家卫",
    "Alan Chan",
    "alan chan design",
    "陳幼堅",
    "陈幼坚",
    "陳幼堅 design",
    "王家衛 poster",
    "As Tears Go By",
    "旺角卡門",
    "tears",
    "poster",
    "posters",
    "海報",
    "海报",
    "architecture",
    "建築",
    "建筑",
    "library",
    "public library",
    "圖書館",
    "图书馆",
    "香港中央圖書館",
    "film archive",
    "電影",
    "电影",
    "藝術",
    "艺术",
    "香港藝術館",
    "hong kong",
    "香港",
    "Kowloon",
    "kowl",
    "arch",
    "museum of art",
    "paddling home",
    "photography",
    "running",
    "design",
    "1990",
    "王",
    "陳",
    "Shanghai Grand",
    "k11",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The committed content built once for this module, served; and its whoosh index, as
    `make search` makes it."""
    root = tmp_path_factory.mktemp("search-site")
    cache = root / "index"
    build(ROOT / "content", root / "output")
    update_index(open_index(cache), documents(build_directory(ROOT / "content").directory))
    with serve(root / "output") as url:
        yield url, cache


@pytest.fixture
def visit(tab, site):
    yield from _visit(tab, site[0], {"width": 1280, "height": 800})


def browser_top10(visit, query: str) -> list[str]:
    return visit.page.evaluate(
        """async (q) => {
            const hits = (await harbourSearch.search(q)).slice(0, 10);
            const keys = [];
            for (const [id] of hits) {
                const r = await (await fetch(`/search/r/${id}.json`)).json();
                keys.push(r.type + "/" + r.slug);
            }
            return keys;
        }""",
        query,
    )


def test_the_browser_ranks_exactly_as_the_terminal(visit, site):
    visit.goto("/en/search/")
    with Searcher(open_index(site[1])) as search:
        expected = {q: [hit.key for hit in search(q)] for q in QUERIES}
    found = {q: browser_top10(visit, q) for q in QUERIES}
    assert found == expected
    assert sum(1 for keys in expected.values() if keys) >= 40, "too few queries find anything"
    assert expected["王家衛"][0] == expected["Wong Kar-wai"][0] == "artists/kar-wai-wong"
    assert expected["王家衞"] == expected["王家卫"] == expected["王家衛"]


# (query, the entry it must find first): each typo form, in the first letter and later, in the
# committed content's names of four letters or more.
TYPOS = [
    ("Wng Kar-wai", "artists/kar-wai-wong"),  # a letter missing
    ("ong Kar-wai", "artists/kar-wai-wong"),  # the first letter missing
    ("Wongg Kar-wai", "artists/kar-wai-wong"),  # a letter extra
    ("Awong Kar-wai", "artists/kar-wai-wong"),  # a letter extra before the first
    # a letter wrong ("Wing Kar-wai" is no typo since the sample's events: an event's text
    # names a Lam Cheuk Wing, a Wong Kar Bo and a Ho Ming Wai, so the words are all there)
    ("Weng Kar-wai", "artists/kar-wai-wong"),
    ("Vong Kar-wai", "artists/kar-wai-wong"),  # the first letter wrong
    ("Wnog Kar-wai", "artists/kar-wai-wong"),  # two neighbours swapped
    ("Owng Kar-wai", "artists/kar-wai-wong"),  # the first two swapped
    ("Alan Cahn", "artists/alan-chan"),
    ("Kwoloon", "artists/kowloon-rattan-ware-co"),
    ("owloon", "artists/kowloon-rattan-ware-co"),
    ("Tsnag Tsou-choi", "artists/tsang-tsou-choi-a-k-a-king-of-kowloon"),
]
# Short words: three letters find four-letter names ("ong": Wong, Dong, ...) and three-letter
# ones with their first letter kept ("wia": Wai, "xai": XII); fewer find nothing.
SHORT = ["ong", "wia", "xai", "kr"]


def test_typos_find_names_in_the_browser_as_in_the_terminal(visit, site):
    visit.goto("/en/search/")
    queries = [q for q, _ in TYPOS] + SHORT
    with Searcher(open_index(site[1])) as search:
        expected = {q: [hit.key for hit in search(q)] for q in queries}
    assert {q: expected[q][:1] for q, _ in TYPOS} == {q: [key] for q, key in TYPOS}
    assert [expected[q][:1] for q in SHORT] == [
        ["artists/dong-kingman"],
        ["artists/kar-wai-wong"],  # Wong Kar Wai: "Wai" first among its three words
        ["works/splash-xii"],
        [],
    ]
    assert {q: browser_top10(visit, q) for q in queries} == expected


def test_the_browser_tells_typos_as_the_terminal_does(visit):
    """is_typo and typo_keys in search.js, on every pair of words of 2 to 4 letters of three."""
    words = ["".join(w) for n in range(2, 5) for w in itertools.product("abc", repeat=n)]
    visit.goto("/en/search/")
    found = visit.page.evaluate(
        """async (words) => {
            await harbourSearch.search("wong");  // loads the manifest
            return words.map((a) => [
                words.filter((b) => harbourSearch.isTypo(a, b)),
                [...harbourSearch.typoKeys(a)].sort(),
            ]);
        }""",
        words,
    )
    assert found == [[[b for b in words if is_typo(a, b)], sorted(typo_keys(a))] for a in words]


def test_the_browser_stems_every_word_of_the_content_as_whoosh_does(visit):
    words = {
        s.text
        for doc in documents(build_directory(ROOT / "content").directory)
        for texts in doc.fields.values()
        for text in texts
        for s in segments(fold(text))
        if s.kind == "w"
    }
    words |= {"running", "generously", "skies", "cities", "agreed", "hopping", "'tis", "yelled"}
    visit.goto("/en/search/")
    stems = visit.page.evaluate("ws => ws.map(w => harbourSearch.stem(w))", sorted(words))
    assert dict(zip(sorted(words), stems, strict=True)) == {w: stem(w) for w in sorted(words)}


def test_results_as_you_type_in_the_header_box_and_enter_opens_the_first(visit):
    visit.goto("/tc/")
    box = visit.page.get_by_role("combobox")
    box.type("王家卫")
    option = visit.page.get_by_role("option").first
    assert "王家衛" in option.inner_text() and "Wong Kar Wai" in option.inner_text()
    assert option.locator("mark").first.inner_text() == "王家衛"
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    visit.page.wait_for_url("**/tc/artists/kar-wai-wong/")
    assert visit.errors == []


def test_the_search_page_keeps_the_query_and_filters_in_the_address(visit):
    visit.goto("/en/search/?q=tears&type=works")
    results = visit.page.locator("#search-results li[data-key]")
    results.first.wait_for()
    assert all(
        key.startswith("works/")
        for key in results.evaluate_all("items => items.map(i => i.dataset.key)")
    )
    visit.page.select_option("select[name=type]", "films")
    visit.page.wait_for_function("location.search.includes('type=films')")
    visit.page.locator("#search-results li[data-key^='films/']").first.wait_for()
    visit.page.locator("#search-q").press("ArrowDown")
    assert visit.page.evaluate("document.activeElement.closest('#search-results') !== null")


def test_chinese_queries_fetch_the_folding_map_english_ones_do_not(visit):
    visit.goto("/en/search/?q=design")
    visit.page.locator("#search-results li[data-key]").first.wait_for()
    assert not any("/fold.json" in url for url in visit.requests)
    visit.goto("/en/search/?q=设计")
    visit.page.locator("#search-status").filter(has_text="Results").wait_for()
    assert any("/fold.json" in url for url in visit.requests)


def test_without_javascript_the_search_page_says_so_and_offers_the_browse_pages(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site[0] + "/tc/search/")
    assert "需要 JavaScript" in page.inner_text("main")
    assert page.get_by_role("link", name="藝術家").count() >= 1
    context.close()


def shown_results(visit, prefix: str, query: str) -> list[tuple[str, str, str]]:
    """The search page's results for a query: (entry, link text, link address)."""
    visit.goto(f"/{prefix}/search/?q={query}")
    visit.page.locator("#search-status").filter(has_text=re.compile(r"\d")).wait_for()
    return visit.page.locator("#search-results li[data-key]").evaluate_all(
        """items => items.map((i) => {
            const a = i.querySelector("a");
            return [i.dataset.key, a.textContent, a.getAttribute("href")];
        })"""
    )


# As a visitor types them or copies them from a page: in either script, Simplified as the
# Simplified pages show it (锺 in a surname, which folding does not make 钟).
SIMPLIFIED_QUERIES = [
    "王家卫",
    "王家衛",
    "锺华楠",
    "钟华楠",
    "鍾華楠",
    "李家昇",
    "电影",
    "Wong Kar-wai",
]


@pytest.mark.parametrize("query", SIMPLIFIED_QUERIES)
def test_search_from_a_simplified_page_finds_what_the_traditional_page_finds(visit, query):
    traditional = shown_results(visit, "tc", query)
    simplified = shown_results(visit, "sc", query)
    assert traditional, f"{query} finds nothing"
    assert [key for key, _, _ in simplified] == [key for key, _, _ in traditional]
    for key, text, href in simplified:
        assert href == f"/sc/{key}/"
        # Shown as the Simplified pages show it: the result files carry the conversion.
        page = (visit.page.context.request.get(visit.base_url + href)).text()
        assert f"<h1>{text}</h1>" in page or f"<h1>《{text}》</h1>" in page, (key, text)
    assert visit.errors == []


def test_results_in_the_simplified_header_box_are_simplified_and_lead_to_simplified_pages(visit):
    visit.goto("/sc/")
    box = visit.page.get_by_role("combobox")
    box.type("王家衛")  # typed in Traditional on a Simplified page
    option = visit.page.get_by_role("option").first
    assert option.locator("a").inner_text() == "王家卫"
    assert option.locator("mark").first.inner_text() == "王家卫"
    assert "Wong Kar Wai" in option.inner_text()
    box.fill("")
    box.type("鍾華楠")
    option = visit.page.get_by_role("option").first
    assert option.locator("a").inner_text() == "锺华楠"
    assert "Chung Wah Nan" in option.inner_text()
    box.press("ArrowDown")
    box.press("Enter")
    visit.page.wait_for_url("**/sc/artists/chung-wah-nan/")
    assert visit.page.locator("h1").inner_text() == "锺华楠"
    assert visit.errors == []
