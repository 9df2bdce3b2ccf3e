"""Every page works offline on a phone: no third-party requests, no console errors, no sideways
scrolling."""

from __future__ import annotations

import pytest

ENTRIES = [
    "artists/wong-kar-wai",
    "artists/christopher-doyle",
    "artists/tsang-tsou-choi",
    "exhibitions/moods",
    "films/in-the-mood-for-love",
    "works/poster",
    "venues/hong-kong-museum-of-art",
]


def all_pages(small_site) -> list[str]:
    """The URL path of every page of the built site, e.g. '/tc/films/in-the-mood-for-love/'."""
    return sorted(
        "/" + "".join(f"{part}/" for part in index.parent.relative_to(small_site).parts)
        for index in small_site.rglob("index.html")
    )


def test_every_page_is_self_contained_and_error_free(visit, small_site):
    pages = all_pages(small_site)
    assert len(pages) == 1 + 2 * (1 + 1 + 5 + len(ENTRIES)), pages  # landing; home, about, ...
    for path in pages:
        visit.goto(path)
    assert visit.requests, "no request was recorded"
    outside = [url for url in visit.requests if not url.startswith(visit.base_url + "/")]
    assert outside == [], "requests left the local server"
    assert visit.errors == [], "the browser console shows errors"


@pytest.mark.parametrize("lang", ["en", "tc"])
def test_no_entry_page_scrolls_sideways_at_375px(phone_visit, lang):
    too_wide = {}
    for entry in ENTRIES:
        phone_visit.goto(f"/{lang}/{entry}/")
        client, scroll = phone_visit.page.evaluate(
            "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
        )
        assert client == 375
        if scroll > client:
            too_wide[entry] = scroll
    assert too_wide == {}, "entry pages wider than the 375 px screen"
