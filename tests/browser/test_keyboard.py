"""Keyboard only: Tab reaches every control on every kind of page, in order, and the controls
that open things (the filter groups) open with the keyboard."""

from __future__ import annotations

import pytest

FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"
PAGES = [
    "/en/",
    "/tc/artists/",
    "/en/artists/wong-kar-wai/",
    "/tc/exhibitions/",
    "/en/films/in-the-mood-for-love/",
    "/tc/works/poster/",
    "/en/collaborations/",
    "/en/about/",
]


def visible_controls(page) -> list[str]:
    """Every control a sighted mouse user could use, as its outerHTML."""
    return page.eval_on_selector_all(
        FOCUSABLE,
        # checkVisibility: also false inside a closed <details>.
        "els => els.filter(el => el.checkVisibility({visibilityProperty: true}))"
        ".map(el => el.outerHTML)",
    )


def tab_through(page, limit: int) -> list[str]:
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        html = page.evaluate("document.activeElement.outerHTML")
        if reached and html == reached[0]:
            break  # back at the start
        reached.append(html)
    return reached


@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_every_visible_control(visit, path):
    visit.goto(path)
    controls = visible_controls(visit.page)
    reached = tab_through(visit.page, limit=len(controls) + 10)
    missing = [c for c in controls if c not in reached]
    assert missing == []


def test_filter_groups_open_with_the_keyboard_and_their_links_are_reachable(visit):
    page = visit.page
    visit.goto("/en/artists/")
    page.locator("summary", has_text="Discipline").focus()
    page.keyboard.press("Enter")
    assert page.locator("details", has_text="Discipline").get_attribute("open") == ""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        "/en/artists/discipline/ink-art/"
    )
    with page.expect_navigation():  # a link followed: the page's URL changes once it loads
        page.keyboard.press("Enter")
    assert visit.path == "/en/artists/discipline/ink-art/"
