"""axe-core (npm, injected into the page) finds no WCAG 2.2 A/AA violation on any page template,
in either language, in the light and the dark colour scheme."""

from __future__ import annotations

import json

import pytest

from tests.support import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
TEMPLATES = [
    "{lang}/",
    "{lang}/about/",
    "{lang}/collaborations/",
    "{lang}/artists/",
    "{lang}/artists/origin/local/",
    "{lang}/artists/wong-kar-wai/",
    "{lang}/artists/christopher-doyle/",
    "{lang}/exhibitions/",
    "{lang}/exhibitions/moods/",
    "{lang}/films/",
    "{lang}/films/in-the-mood-for-love/",
    "{lang}/works/",
    "{lang}/works/2000s/",
    "{lang}/works/poster/",
    "{lang}/venues/",
    "{lang}/venues/hong-kong-museum-of-art/",
    "{lang}/404.html",
]


@pytest.fixture(scope="module")
def tab(browser):
    """This module's tab lets axe in past the site's Content-Security-Policy (the other browser
    tests keep the policy, so the site itself is checked against it)."""
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(5_000)
    yield context.new_page()
    context.close()


def violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + json.dumps([node["target"] for node in v["nodes"]][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "tc"])
def test_no_wcag_violations_on_any_template(visit, lang, scheme):
    visit.page.emulate_media(color_scheme=scheme)
    found = {}
    for template in TEMPLATES:
        path = "/" + template.format(lang=lang)
        visit.page.goto(visit.base_url + path)
        problems = violations(visit.page)
        if problems:
            found[path] = problems
    assert found == {}


def test_no_wcag_violations_on_the_landing_and_root_404_pages(visit):
    found = {}
    for path in ("/", "/404.html"):
        visit.page.goto(visit.base_url + path)
        problems = violations(visit.page)
        if problems:
            found[path] = problems
    assert found == {}
