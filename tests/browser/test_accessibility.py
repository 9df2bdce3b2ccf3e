"""axe-core (npm, injected into the page) finds no WCAG 2.2 A/AA violation on any page template,
in every language, in the light and the dark colour scheme, on a desktop and a 375 px phone."""

from __future__ import annotations

import json

import pytest

from tests.support import ROOT, SMALL_DIRECTORY, build, write_tree

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
    "{lang}/search/",
    "{lang}/search/?q=kar",
    "{lang}/404.html",
]
# Long letter groups of names alone on their line, as the real listings have. Groups off screen
# are laid out at a placeholder height (content-visibility): their links must not be taken for
# targets overlapping the next group's (WCAG 2.5.8, target size).
LONG_LISTING = {
    f"artists/{letter}-{n:02d}.yaml": f"name: {{en: {letter.upper()}rtist {n:02d}}}\n"
    for letter in "bcdfghjk"
    for n in range(1, 15)
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """The small directory with long listings, built once for this module."""
    root = tmp_path_factory.mktemp("accessibility-site")
    content = write_tree(root / "content", {**SMALL_DIRECTORY, **LONG_LISTING})
    return build(content, root / "output").output


@pytest.fixture(scope="module")
def tab(browser):
    """This module's tab lets axe in past the site's Content-Security-Policy (the other browser
    tests keep the policy, so the site itself is checked against it)."""
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(5_000)
    yield context.new_page()
    context.close()


@pytest.fixture(params=["visit", "phone_visit"], ids=["desktop", "phone"])
def screen(request):
    """The tab at desktop width, then at 375 px: target sizes and reflow differ on a phone."""
    return request.getfixturevalue(request.param)


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
@pytest.mark.parametrize("lang", ["en", "tc", "sc"])
def test_no_wcag_violations_on_any_template(screen, lang, scheme):
    screen.page.emulate_media(color_scheme=scheme)
    found = {}
    for template in TEMPLATES:
        path = "/" + template.format(lang=lang)
        screen.page.goto(screen.base_url + path)
        if "?q=" in path:  # the results come from search.js
            screen.page.locator("#search-results li").first.wait_for()
        problems = violations(screen.page)
        if problems:
            found[path] = problems
    assert found == {}


def test_no_wcag_violations_on_the_landing_and_root_404_pages(screen):
    found = {}
    for path in ("/", "/404.html"):
        screen.page.goto(screen.base_url + path)
        problems = violations(screen.page)
        if problems:
            found[path] = problems
    assert found == {}
