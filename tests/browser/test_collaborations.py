"""The collaborations table keeps its words whole: with much made together, the last column is
long and the table shares out its width, but no header and no name is broken inside a word, on
a desktop, at the narrowest width that still shows a table, and on a phone."""

from __future__ import annotations

import pytest

from tests.support import SMALL_DIRECTORY, build, serve, write_tree

# Long titles made by the local and the international artist together: the "Together" cell is
# wider than any page, as on the real site.
POSTERS = {
    f"works/poster-{n}.yaml": f"""
        title: {{en: "Poster for 'In the Mood for Love', printing number {n}, Hong Kong release",
                 zh: 《花樣年華》海報第{n}版}}
        year: 2000
        credits:
          - {{artist: wong-kar-wai, role: {{en: Director, zh: 導演}}}}
          - {{artist: christopher-doyle, role: {{en: Photographer, zh: 攝影師}}}}
        """
    for n in range(1, 13)
}
# Words drawn on more than one line: for each word of the matched elements' text, a Range over
# it has a client rect per line it is on. Lines may break between words and after a hyphen
# ("Kar-" "wai"), so a word is what lies between spaces and hyphens, with its hyphen.
BROKEN_WORDS = """(selector) => {
  const words = [], broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s-]+-*/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        if (!rects.length) continue;
        words.push(match[0]);
        if (rects.some((r) => r.top >= rects[0].bottom)) broken.push(match[0]);
      }
    }
  }
  return [words, broken];
}"""
HEADERS = {
    "en": ["Hong", "Kong", "International", "Together"],
    "tc": ["香港", "國際", "共同創作"],
    "sc": ["香港", "国际", "共同创作"],
}
NAMES = {
    "en": ["Wong", "Kar-", "wai", "Christopher", "Doyle"],
    "tc": ["王家衛", "杜可風"],
    "sc": ["王家卫", "杜可风"],
}


@pytest.fixture(scope="module")
def table_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("collaborations")
    content = write_tree(root / "content", {**SMALL_DIRECTORY, **POSTERS})
    with serve(build(content, root / "output").output) as url:
        yield url


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("width", [1280, 641])
@pytest.mark.parametrize("lang", ["en", "tc", "sc"])
def test_no_header_or_name_is_broken_inside_a_word(page, table_site, lang, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{table_site}/{lang}/collaborations/")
    headers, broken_headers = page.evaluate(BROKEN_WORDS, ".crossings th")
    names, broken_names = page.evaluate(BROKEN_WORDS, ".crossings td:not(:last-child)")
    lines = page.locator(".crossings td:last-child").evaluate(
        "td => td.clientHeight / parseFloat(getComputedStyle(td).lineHeight)"
    )
    assert lines > 3, "the last column fits on a few lines: the table had nothing to share out"
    assert (headers, broken_headers) == (HEADERS[lang], [])
    assert (names, broken_names) == (NAMES[lang], [])


@pytest.mark.parametrize("lang", ["en", "tc", "sc"])
def test_on_a_phone_each_row_is_a_block_and_no_name_is_broken(page, table_site, lang):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{table_site}/{lang}/collaborations/")
    assert page.locator(".crossings thead").is_hidden()
    names, broken = page.evaluate(BROKEN_WORDS, ".crossings td:not(:last-child)")
    assert (names, broken) == (NAMES[lang], [])
