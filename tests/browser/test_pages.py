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
    # The landing page; per language: home, about, collaborations, what's on, 6 listings, past
    # events, 5 artist filters (film, ink art, local, international, 1950s), 1 decade of works,
    # search, and the entries.
    assert len(pages) == 1 + 3 * (4 + 6 + 1 + 5 + 1 + 1 + len(ENTRIES)), pages
    for path in pages:
        visit.goto(path)
    assert visit.requests, "no request was recorded"
    outside = [url for url in visit.requests if not url.startswith(visit.base_url + "/")]
    assert outside == [], "requests left the local server"
    # Whether chromium asks for /favicon.ico at all depends on timing: the icon has its own test.
    errors = [
        error for error in visit.errors if not error.startswith(f"{visit.base_url}/favicon.ico:")
    ]
    assert errors == [], "the browser console shows errors"


@pytest.mark.parametrize("path", ["/", "/en/", "/tc/artists/wong-kar-wai/"])
def test_pages_have_an_icon(visit, path):
    """Without one, every visitor's browser asks for /favicon.ico and logs a 404 error."""
    visit.goto(path)
    icons = visit.page.locator("link[rel~=icon]")
    href = icons.first.get_attribute("href") if icons.count() else "/favicon.ico"
    url = visit.page.evaluate("href => new URL(href, location.href).href", href)
    if url.startswith("data:"):  # an inline icon: nothing to fetch
        return
    assert url.startswith(visit.base_url + "/"), url
    status = visit.page.request.get(url).status
    assert status == 200, f"{path}: its icon {url} is HTTP {status}"


@pytest.mark.parametrize("lang", ["en", "tc", "sc"])
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
