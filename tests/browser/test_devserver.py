"""The dev server as an editor meets it: an open page updates by itself after each save, shows
the entry's problems when an edit breaks it, and comes back when the next edit fixes it."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support import ROOT, SMALL_DIRECTORY, write_tree

REBUILT = 60_000  # ms: a rebuild of the small directory takes a few seconds on a busy machine


@dataclass
class Running:
    url: str
    output: list[str] = field(default_factory=list)  # what it printed, for failures


@pytest.fixture
def dev_server(tmp_path) -> Iterator[tuple[Running, Path]]:
    """`python -m plugins.directory serve` on a free port, as `make devserver` runs it."""
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "plugins.directory",
            "serve",
            str(content),
            "--output",
            str(tmp_path / "output"),
            "--port",
            "0",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        found = re.search(r" on (http://[\d.]+:\d+)/ ", line)
        if found:
            break
    else:
        pytest.fail("the dev server stopped before serving:\n" + "".join(lines))
    running = Running(found[1], lines)
    reader = threading.Thread(target=lambda: running.output.extend(process.stdout), daemon=True)
    reader.start()
    try:
        yield running, content
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def test_the_open_page_follows_each_edit_by_itself(dev_server, page):
    running, content = dev_server
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(f"{m.location.get('url')}: {m.text}") if m.type == "error" else None
        ),
    )
    entry = content / "artists" / "wong-kar-wai.yaml"
    good = entry.read_text(encoding="utf-8")
    page.goto(running.url + "/en/artists/wong-kar-wai/")
    expect(page.locator("h1")).to_have_text("Wong Kar-wai")
    page.evaluate("window.notReloaded = true")

    # 1. An edit: the page shows it without being reloaded by hand.
    entry.write_text(good.replace("en: Wong Kar-wai", "en: Wong Kar Wai"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text("Wong Kar Wai", timeout=REBUILT)
    assert page.evaluate("window.notReloaded") is None  # a new page: it reloaded by itself
    page.evaluate("window.notReloaded = true")

    # 2. An edit that breaks the entry: its page shows the problem instead.
    entry.write_text(good.replace("origin: local", "origin: locale"), encoding="utf-8")
    problem = page.locator(".build-problems code")
    expect(problem).to_have_text(
        "content/artists/wong-kar-wai.yaml:3: origin: 'locale' is not a valid choice: did you "
        "mean 'local'?",
        timeout=REBUILT,
    )
    expect(page.locator("h1")).to_have_text("This entry has problems and is left out of the site")
    assert page.evaluate("window.notReloaded") is None
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # 3. The fix: the entry is back.
    entry.write_text(good, encoding="utf-8")
    expect(page.locator("h1")).to_have_text("Wong Kar-wai", timeout=REBUILT)
    assert errors == [], "".join(running.output)
