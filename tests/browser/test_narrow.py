"""The narrowest phones (320 px): long names, titles and addresses wrap instead of widening the
page, on every kind of page, in both languages."""

from __future__ import annotations

import pytest

from tests.support import SMALL_DIRECTORY, build, serve, write_tree

LONG_URL = "https://www.filmarchive.gov.hk/en/web/hkfa/2024/trailer/pe-event-2024-trailer.html"
LONG_NAME = "Andrew Lee King Fun & Associates Architects Limited International Holdings"
PATHS = [
    "/",
    "/{lang}/",
    "/{lang}/artists/",
    "/{lang}/artists/origin/local/",
    "/{lang}/artists/long-name/",
    "/{lang}/artists/wong-kar-wai/",
    "/{lang}/exhibitions/",
    "/{lang}/exhibitions/moods/",
    "/{lang}/films/in-the-mood-for-love/",
    "/{lang}/works/poster/",
    "/{lang}/venues/hong-kong-museum-of-art/",
    "/{lang}/collaborations/",
    "/{lang}/about/",
]


@pytest.fixture(scope="module")
def narrow_site(tmp_path_factory):
    files = {
        **SMALL_DIRECTORY,
        "artists/long-name.yaml": f"""
            name: {{en: {LONG_NAME}, zh: 李景勳、雷煥庭建築師有限公司國際控股有限公司}}
            origin: international
            links: ['{LONG_URL}']
            bio: {{en: 'See {LONG_URL}?with=a&very=long&query=string'}}
            """,
        "exhibitions/moods.yaml": f"""
            title: {{en: Moods, zh: 花樣}}
            venue: hong-kong-museum-of-art
            start: 2024-03-01
            end: 2024-05-01
            artists: [wong-kar-wai, long-name]
            links: ['{LONG_URL}', {{url: '{LONG_URL}', label: {LONG_NAME}}}]
            """,
    }
    root = tmp_path_factory.mktemp("narrow")
    site = build(write_tree(root / "content", files), root / "output").output
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "tc", "sc"])
def test_no_page_scrolls_sideways_at_320px(browser, narrow_site, lang):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    too_wide = {}
    for path in dict.fromkeys(p.format(lang=lang) for p in PATHS):
        page.goto(narrow_site + path)
        client, scroll = page.evaluate(
            "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
        )
        if scroll > client:
            too_wide[path] = scroll
    page.close()
    assert too_wide == {}
