"""The dev server: rebuilds in-process, serves the output with the reload script in every page it
sends (never in the files), the site's 404 page for a missing one, an entry's problems where its
page would be, and a failed build's error, located, on every page until it is fixed."""

from __future__ import annotations

import re
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import pytest

from plugins.directory.devserver import (
    CONTENT_SECURITY_POLICY,
    EVENTS,
    Builds,
    DevHandler,
    DevServer,
    Rebuilder,
    snapshot,
)
from tests.support import ROOT, SMALL_DIRECTORY, write_tree

RELOAD_TAG = '<script src="/__devserver/reload.js" data-build="{}" defer></script>'


@contextmanager
def dev_server(rebuilder: Rebuilder, builds: Builds) -> Iterator[str]:
    handler = type("Handler", (DevHandler,), {"builds": builds, "rebuilder": rebuilder})
    server = DevServer(("127.0.0.1", 0), partial(handler, directory=str(rebuilder.output)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        builds.stop()
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


@pytest.fixture
def project(tmp_path):
    """A content folder, a theme of its own and a settings file naming it."""
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    settings = tmp_path / "devconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(tmp_path / 'theme')!r}\n",
        encoding="utf-8",
    )
    builds = Builds()
    rebuilder = Rebuilder(content, tmp_path / "output", settings, builds)
    return rebuilder, builds


def test_pages_get_the_reload_script_and_the_files_do_not(project):
    rebuilder, builds = project
    assert rebuilder.rebuild(setup=True).failure is None
    with dev_server(rebuilder, builds) as url:
        status, headers, page = get(url + "/en/artists/wong-kar-wai/")
    assert status == 200
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["Cache-Control"] == "no-store"
    assert page.endswith(RELOAD_TAG.format(1) + "\n</body>\n</html>")
    written = (rebuilder.output / "en" / "artists" / "wong-kar-wai" / "index.html").read_text()
    assert "__devserver" not in written and page == written.replace(
        "</body>", RELOAD_TAG.format(1) + "\n</body>"
    )


def test_a_missing_page_gets_the_sites_404_page(project):
    rebuilder, builds = project
    rebuilder.rebuild(setup=True)
    with dev_server(rebuilder, builds) as url:
        english = get(url + "/en/artists/nobody/")
        chinese = get(url + "/tc/nowhere")
        root = get(url + "/nowhere/")
    assert english[0] == chinese[0] == root[0] == 404
    assert "<h1>Page not found</h1>" in english[2] and RELOAD_TAG.format(1) in english[2]
    assert '<html lang="zh-Hant-HK">' in chinese[2]
    assert root[2].startswith((rebuilder.output / "404.html").read_text(encoding="utf-8")[:200])


def test_a_broken_entry_answers_with_its_problems_where_its_pages_would_be(project):
    rebuilder, builds = project
    rebuilder.rebuild(setup=True)
    path = rebuilder.content / "artists" / "tsang-tsou-choi.yaml"
    path.write_text("name: {en: Tsang Tsou-choi}\norigin: locale\n", encoding="utf-8")
    state = rebuilder.rebuild(setup=False)
    problem = (
        "content/artists/tsang-tsou-choi.yaml:2: origin: 'locale' is not a valid choice: "
        "did you mean 'local'?"
    )
    assert state.problems == [problem]
    with dev_server(rebuilder, builds) as url:
        english = get(url + "/en/artists/tsang-tsou-choi/")
        chinese = get(url + "/tc/artists/tsang-tsou-choi/index.html")
        landing = get(url + "/")
        other = get(url + "/en/artists/wong-kar-wai/")
    for status, _, page in (english, chinese):
        assert status == 200
        assert f"<li><code>{problem.replace(chr(39), '&#x27;')}</code></li>" in page
        assert "This entry has problems and is left out of the site" in page
        assert "此條目有問題，未收入網站" in page
        assert RELOAD_TAG.format(2) in page
    assert "Entries left out of this preview build" in landing[2]
    assert "tsang-tsou-choi.yaml:2: origin:" in landing[2]
    assert other[0] == 200 and "Wong Kar-wai" in other[2]  # the rest of the site works


def test_a_failed_build_shows_its_located_error_on_every_page_until_fixed(project, tmp_path):
    rebuilder, builds = project
    rebuilder.rebuild(setup=True)
    template = tmp_path / "theme" / "templates" / "venue.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% endblock %}", "{% endblok %}", 1), encoding="utf-8")
    failed = rebuilder.rebuild(setup=False)
    assert failed.failure is not None
    assert failed.failure.startswith(f"{template}:")
    assert "TemplateSyntaxError: " in failed.failure
    with dev_server(rebuilder, builds) as url:
        status, _, page = get(url + "/en/artists/wong-kar-wai/")
        assert status == 500
        assert "The site could not be built" in page and "TemplateSyntaxError" in page
        assert get(url + "/theme/css/site.css")[0] == 200  # its style still there
        template.write_text(good, encoding="utf-8")
        assert rebuilder.rebuild(setup=False).failure is None
        assert get(url + "/en/artists/wong-kar-wai/")[0] == 200


def test_a_bug_in_the_build_names_where_it_happened(project, tmp_path):
    rebuilder, _ = project
    rebuilder.rebuild(setup=True)
    template = tmp_path / "theme" / "templates" / "venue.html"
    broken = "{{ entry.fields.name.no_such_thing() }}"
    text = template.read_text("utf-8").replace("</dl>", broken + "\n</dl>", 1)
    template.write_text(text, "utf-8")
    line = text.splitlines().index(broken) + 1
    assert rebuilder.rebuild(setup=False).failure == (
        f"{template}:{line}: UndefinedError: 'plugins.directory.fields.Bi object' has no "
        "attribute 'no_such_thing'"
    )


def test_the_events_stream_tells_each_new_build(project):
    rebuilder, builds = project
    rebuilder.rebuild(setup=True)
    with dev_server(rebuilder, builds) as url:
        with urllib.request.urlopen(url + EVENTS, timeout=30) as stream:
            assert stream.headers["Content-Type"] == "text/event-stream"
            assert [stream.readline() for _ in range(3)] == [b"event: build\n", b"data: 1\n", b"\n"]
            rebuilder.rebuild(setup=False)
            assert [stream.readline() for _ in range(3)] == [b"event: build\n", b"data: 2\n", b"\n"]
        status, headers, script = get(url + "/__devserver/reload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert 'new EventSource("/__devserver/events")' in script


def test_a_snapshot_sees_a_saved_file_and_leaves_editors_temporary_files_out(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    before = snapshot([content])
    (content / "artists" / ".wong-kar-wai.yaml.swp").write_text("x", encoding="utf-8")
    assert snapshot([content]) == before
    (content / "artists" / "wong-kar-wai.yaml").write_text("name: Wong\n", encoding="utf-8")
    assert snapshot([content]) != before


def test_a_rebuild_after_an_edit_makes_only_the_files_that_show_it(project, capsys):
    rebuilder, builds = project
    assert rebuilder.rebuild(setup=True).failure is None
    first = re.search(r"; ([\d,]+) file\(s\) made", capsys.readouterr().out)
    entry = rebuilder.content / "works/poster.yaml"
    entry.write_text(entry.read_text("utf-8").replace("zh: 導演", "zh: 電影導演"), "utf-8")
    assert rebuilder.rebuild(setup=False).failure is None
    again = re.search(r"; ([\d,]+) file\(s\) made", capsys.readouterr().out)
    assert first is not None and again is not None
    assert 0 < int(again[1]) < int(first[1]) / 4
    with dev_server(rebuilder, builds) as url:
        assert "電影導演" in get(url + "/tc/works/poster/")[2]


def test_the_memory_kept_between_builds_is_saved_when_the_server_stops(project, capsys):
    rebuilder, _ = project
    rebuilder.rebuild(setup=True)
    entry = rebuilder.content / "works/poster.yaml"
    entry.write_text(entry.read_text("utf-8").replace("zh: 導演", "zh: 電影導演"), "utf-8")
    rebuilder.rebuild(setup=False)
    all_files = int(re.findall(r"; ([\d,]+) file\(s\) made", capsys.readouterr().out)[0])

    def made_by_a_new_server(save: bool) -> int:
        server = Rebuilder(rebuilder.content, rebuilder.output, rebuilder.settings, Builds())
        server.rebuild(setup=True)
        if save:
            server.remember()
        return int(re.findall(r"; ([\d,]+) file\(s\) made", capsys.readouterr().out)[0])

    # stopped without saving (killed): the output's record is not trusted, all is made again
    assert made_by_a_new_server(save=True) == all_files
    assert made_by_a_new_server(save=False) == 0


def test_a_template_or_catalog_edited_under_the_server_shows_in_the_next_build(project):
    """The dev server keeps each language's compiled templates between builds: an edited
    template, or an edited message compiled into them, is compiled again."""
    rebuilder, builds = project
    assert rebuilder.rebuild(setup=True).failure is None
    theme = rebuilder.settings.parent / "theme"
    base = theme / "templates" / "base.html"
    base.write_text(
        base.read_text("utf-8").replace("</footer>", "<p>Edited.</p></footer>"), "utf-8"
    )
    catalog = theme / "translations" / "zh_Hant_HK" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text("utf-8")
    catalog.write_text(text.replace('msgstr "搜尋名錄"', 'msgstr "搜尋全名錄"'), "utf-8")
    assert rebuilder.rebuild(setup=False).failure is None
    with dev_server(rebuilder, builds) as url:
        assert "<p>Edited.</p></footer>" in get(url + "/en/works/poster/")[2]
        assert "搜尋全名錄" in get(url + "/tc/works/poster/")[2]


def test_files_added_renamed_or_swapped_for_a_link_are_seen_by_the_next_rebuild(project):
    """The dev server keeps each type folder's entry files while its listing stays the same:
    a file added or renamed, or swapped for a link leading out of the content folder, changes
    the listing and is seen."""
    rebuilder, _ = project
    assert rebuilder.rebuild(setup=True).failure is None
    content, output = rebuilder.content, rebuilder.output
    study = "title: {en: A Study, zh: 習作}\nyear: 1999\n"
    (content / "works" / "study.yaml").write_text(study, "utf-8")
    assert rebuilder.rebuild(setup=False).problems == []
    assert (output / "en/works/study/index.html").is_file()
    (content / "works" / "study.yaml").rename(content / "works" / "a-study.yaml")
    assert rebuilder.rebuild(setup=False).problems == []
    assert (output / "en/works/a-study/index.html").is_file()
    assert not (output / "en/works/study").exists()
    outside = content.parent / "outside.yaml"
    outside.write_text(study, "utf-8")
    (content / "works" / "a-study.yaml").unlink()
    (content / "works" / "a-study.yaml").symlink_to(outside)
    assert rebuilder.rebuild(setup=False).problems == [
        f"{content.name}/works/a-study.yaml:1: refused: the file leads outside the content "
        "folder (a symlink or '..')"
    ]
    assert not (output / "en/works/a-study").exists()
