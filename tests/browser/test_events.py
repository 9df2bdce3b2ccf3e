"""The events templates in the browser, in both languages, at 1280 and 375 px: axe-core finds no
WCAG 2.2 A/AA violation (light and dark), no page scrolls sideways, the strict
Content-Security-Policy holds, and the event filters work with and without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import violations
from tests.support import SMALL_DIRECTORY, build, serve, write_tree
from tests.test_events import EVENTS

TEMPLATES = [
    "/{lang}/",  # home: today, this week, coming up
    "/{lang}/whats-on/",
    "/{lang}/events/",
    "/{lang}/events/kind/course/",
    "/{lang}/events/month/2026-12/",
    "/{lang}/events/past/",
    "/{lang}/events/past/2025/",
    "/{lang}/events/yoah/",
    "/{lang}/events/winter-festival/",
    "/{lang}/events/vocal-course/",
    "/{lang}/events/cancelled-concert/",
    "/{lang}/venues/hong-kong-cultural-centre/",
    "/{lang}/artists/lcsd/",
    "/{lang}/artists/anna-voce/",
]
# A course with more sessions than are listed open: they fold into a <details>.
MANY_SESSIONS = {
    "events/long-course.yaml": """
        title: {en: A Long Guzheng Course for Beginners and Returning Players, zh: 古箏初班}
        kind: course
        disciplines: [music]
        venues: [hong-kong-cultural-centre]
        sessions: [2026-12-01 19:00-21:00, 2026-12-08 19:00-21:00, 2026-12-15 19:00-21:00,
                   2026-12-22 19:00-21:00, 2026-12-29 19:00-21:00, 2027-01-05 19:00-21:00,
                   2027-01-12 19:00-21:00, 2027-01-19 19:00-21:00, 2027-01-26 19:00-21:00]
        """,
}


@pytest.fixture(scope="module")
def events_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("events-browser")
    files = {**SMALL_DIRECTORY, **EVENTS, **MANY_SESSIONS}
    site = build(write_tree(root / "content", files), root / "output").output
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def axe_tab(browser):
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(5_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "tc", "sc"])
def test_no_wcag_violations_on_the_events_templates(axe_tab, events_url, lang, scheme, width):
    axe_tab.set_viewport_size({"width": width, "height": 900})
    axe_tab.emulate_media(color_scheme=scheme)
    found = {}
    for template in TEMPLATES:
        path = template.format(lang=lang)
        axe_tab.goto(events_url + path)
        problems = violations(axe_tab)
        if problems:
            found[path] = problems
    assert found == {}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "tc", "sc"])
def test_the_events_pages_fit_the_screen_and_keep_the_content_security_policy(
    browser, events_url, lang, width
):
    page = browser.new_page(viewport={"width": width, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    too_wide = {}
    for template in TEMPLATES:
        path = template.format(lang=lang)
        response = page.goto(events_url + path)
        assert response is not None and response.status == 200, path
        client, scroll = page.evaluate(
            "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
        )
        if scroll > client:
            too_wide[path] = scroll
    page.close()
    assert too_wide == {}
    assert errors == []


@pytest.mark.parametrize("javascript", [True, False])
def test_the_kind_filter_works_with_and_without_javascript(browser, events_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(events_url + "/en/events/")
    page.locator("summary", has_text="Kind").click()
    page.locator("a[data-filter='kind:course']").click()
    page.wait_for_url("**/en/events/kind/course/")
    visible = page.locator("section.group li:visible a").all_inner_texts()
    assert visible == ["Pop Vocal Technique Course", "A Long Guzheng Course for Beginners and "
                       "Returning Players"]  # fmt: skip
    context.close()


def test_many_sessions_fold_and_open(browser, events_url):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(events_url + "/tc/events/long-course/")
    summary = page.locator("details.sessions summary")
    assert summary.inner_text() == "9 節"
    assert not page.locator("ul.sessions li").first.is_visible()
    summary.click()
    assert (
        page.locator("ul.sessions li").first.inner_text()
        == "2026年12月1日星期二 下午7:00 – 下午9:00"
    )
    page.close()
