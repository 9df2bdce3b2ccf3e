"""Browser fixtures: Debian's chromium driven by Playwright, and a built site served over HTTP.

One browser per session and one site build per module keep the browser suite to a few seconds.
Chromium is a required dependency (.ci/run installs it): without it these tests fail, never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support import SMALL_DIRECTORY, build, serve, write_tree

CHROMIUM = Path("/usr/bin/chromium")
# Known to work as root on a closed network: without the background-networking flags chromium
# tries to reach Google's services and its connections get refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium (never a downloaded browser), headless, shared by the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium package. "
            "Install it with `apt-get install chromium` (or run `bash .ci/run`).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """The output folder of SMALL_DIRECTORY, built once per module."""
    root = tmp_path_factory.mktemp("small-site")
    content = write_tree(root / "content", SMALL_DIRECTORY)
    return build(content, root / "output").output


@pytest.fixture(scope="module")
def base_url(small_site) -> Iterator[str]:
    """The base URL (http://127.0.0.1:PORT) of the small site, served for the whole module."""
    with serve(small_site) as url:
        yield url


@dataclass
class Visit:
    """A fresh browser page that records every request it makes and every console error."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, f"{path}: {response}"

    @property
    def path(self) -> str:
        """The current URL without the base URL, e.g. '/tc/artists/wong-kar-wai/'."""
        url = self.page.url
        assert url.startswith(self.base_url + "/"), url
        return url[len(self.base_url) :]


@pytest.fixture(scope="module")
def tab(browser) -> Iterator[Page]:
    """One browser tab per module: opening a tab costs more than loading a page of the site."""
    context = browser.new_context()
    context.set_default_timeout(5_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def visit(tab, base_url) -> Iterator[Visit]:
    """The module's tab on the small site, at desktop width, recording this test's requests."""
    yield from _visit(tab, base_url, {"width": 1280, "height": 800})


@pytest.fixture
def phone_visit(tab, base_url) -> Iterator[Visit]:
    """Like visit, on a 375 px wide phone screen."""
    yield from _visit(tab, base_url, {"width": 375, "height": 812})


def _visit(page: Page, base_url: str, viewport: dict) -> Iterator[Visit]:
    page.goto("about:blank")
    page.set_viewport_size(viewport)
    visit = Visit(page, base_url)

    def on_console(message):
        if message.type == "error":
            visit.errors.append(f"{message.location.get('url')}: {message.text}")

    listeners = {
        "request": lambda request: visit.requests.append(request.url),
        "console": on_console,
        "pageerror": lambda error: visit.errors.append(str(error)),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        yield visit
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
