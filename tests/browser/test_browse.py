"""Browsing artists with filters: instant with JavaScript, plain links to pages without it."""

from __future__ import annotations

import pytest


def shown(page) -> list[str]:
    """The artist links a visitor can see in the listing."""
    return page.eval_on_selector_all(
        "section.group li:not([hidden]) > a",
        "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))",
    )


def test_a_filter_applies_instantly_and_the_address_is_the_filter_page(visit):
    page = visit.page
    visit.goto("/en/artists/")
    requests_before = len(visit.requests)
    page.get_by_text("Discipline", exact=True).click()
    page.get_by_role("link", name="Film 1").click()
    assert shown(page) == ["/en/artists/wong-kar-wai/"]
    assert visit.path == "/en/artists/discipline/film/"
    assert page.locator("h1").inner_text() == "Artists: Film"
    assert page.locator("[data-live-count]").inner_text() == "1 entry"
    pages_loaded = [url for url in visit.requests[requests_before:] if url.endswith("/")]
    assert pages_loaded == [], "the filter loaded a page"  # (the icon may be asked for again)
    # Sections with nothing left are hidden, with their jump links.
    assert page.locator("section.group:not([hidden]) h2").all_inner_texts() == ["W"]

    page.go_back()
    assert visit.path == "/en/artists/"
    assert shown(page) == [
        "/en/artists/christopher-doyle/",
        "/en/artists/tsang-tsou-choi/",
        "/en/artists/wong-kar-wai/",
    ]
    assert page.locator("[data-live-count]").inner_text() == "3 entries"
    assert visit.errors == []


def test_filters_in_chinese_count_and_label_in_chinese(visit):
    page = visit.page
    visit.goto("/tc/artists/")
    page.get_by_text("來源地", exact=True).click()
    page.get_by_role("link", name="本地 2").click()
    assert shown(page) == ["/tc/artists/wong-kar-wai/", "/tc/artists/tsang-tsou-choi/"]
    assert page.locator("h1").inner_text() == "藝術家: 本地"
    assert page.locator("[data-live-count]").inner_text() == "2 項"


@pytest.fixture
def no_script_page(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_without_javascript_a_filter_link_opens_its_prebuilt_page(no_script_page, base_url):
    page = no_script_page
    page.goto(base_url + "/en/artists/")
    page.get_by_text("Origin", exact=True).click()
    page.get_by_role("link", name="International 1").click()
    assert page.url == base_url + "/en/artists/origin/international/"
    assert shown(page) == ["/en/artists/christopher-doyle/"]
    assert page.locator("h1").inner_text() == "Artists: International"
