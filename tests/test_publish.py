"""Publishing as hosting meets it: served by nginx under a sub-path, crawled, parsed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from plugins.directory.publish import PublishError, publish
from tests.support import ROOT, SMALL_DIRECTORY, build, tags, write_tree

SUBPATH = "/hk-arts"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BUILD_DAY = "2023-11-14"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(cwd: Path, *args: str, date: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "e@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "e@example.org",
    }
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def published(tmp: Path, siteurl: str, files=SMALL_DIRECTORY, output="site") -> Path:
    """Publish files (a git repository with dated commits) into tmp/output with publishconf."""
    repo = tmp / "repo"
    if not repo.exists():
        content = write_tree(repo / "content", files)
        git(repo, "init", "-q")
        later = {k: v for k, v in files.items() if k.startswith("films/")}
        for name in later:
            (content / name).rename(repo / Path(name).name)
        git(repo, "add", ".")
        git(repo, "commit", "-qm", "First entries", date="2024-01-02T03:04:05Z")
        for name in later:
            (repo / Path(name).name).rename(content / name)
        git(repo, "add", ".")
        git(repo, "commit", "-qm", "A film", date="2024-06-07T08:09:10Z")
    overrides = {"SITEURL": siteurl, "DIRECTORY": {"BUILD_DAY": BUILD_DAY}}
    publish(repo / "content", tmp / output, ROOT / "publishconf.py", overrides)
    return tmp / output


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    """nginx (Debian's) serving a published site under /hk-arts/ on a free loopback port."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is not installed: .ci/run installs it (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUBPATH}"
    site = published(tmp, base)
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(f"""
        {user}
        worker_processes 1;
        pid {tmp}/nginx.pid;
        error_log {tmp}/error.log;
        events {{ worker_connections 64; }}
        http {{
          include /etc/nginx/mime.types;
          access_log off;
          client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
          fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
          gzip_static on;
          server {{
            listen 127.0.0.1:{port};
            location {SUBPATH}/ {{
              alias {site}/;
              error_page 404 {SUBPATH}/404.html;
            }}
            location {SUBPATH}/tc/ {{
              alias {site}/tc/;
              error_page 404 {SUBPATH}/tc/404.html;
            }}
            location {SUBPATH}/sc/ {{
              alias {site}/sc/;
              error_page 404 {SUBPATH}/sc/404.html;
            }}
          }}
        }}
        """)
    server = subprocess.Popen(
        [binary, "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"], stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        server.kill()
        pytest.fail(f"nginx did not start: {server.stderr.read().decode()}")
    yield base, site
    server.terminate()
    server.wait(timeout=10)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def test_crawl_under_a_sub_path_finds_no_broken_internal_link(nginx):
    base, _ = nginx
    origin = base.removesuffix(SUBPATH)
    queue, seen, broken, pages = deque([base + "/"]), {base + "/"}, [], 0
    while queue:
        url = queue.popleft()
        status, kind, body = fetch(url)
        if status != 200:
            broken.append((url, status))
            continue
        if kind != "text/html":
            continue
        pages += 1
        html = body.decode("utf-8")
        links = (
            [a.get("href") for a in tags(html, "a")]
            + [link.get("href") for link in tags(html, "link")]
            + [s.get("src") for s in tags(html, "script")]
            + [i.get("src") for i in tags(html, "img")]
        )
        for link in filter(None, links):
            target = urljoin(url, link).split("#")[0]
            if target.startswith(origin) and target not in seen:
                assert target.startswith(base + "/"), f"{url} links outside {SUBPATH}: {link}"
                seen.add(target)
                queue.append(target)
    assert broken == []
    entries = len(SMALL_DIRECTORY) - 1  # one file is a Chinese body
    # The landing page; per language: the entries, 6 listings, home, about, collaborations,
    # what's on, 5 artist filters and 1 decade of works (no past events: nothing links there).
    assert pages == 1 + 3 * (entries + 6 + 4 + 5 + 1)


def test_pages_are_served_compressed_and_missing_pages_get_the_language_404(nginx):
    base, _ = nginx
    request = urllib.request.Request(base + "/en/artists/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    status, _, body = fetch(base + "/tc/no-such-page/")
    assert status == 404 and "找不到網頁" in body.decode()
    status, _, body = fetch(base + "/sc/no-such-page/")
    assert status == 404 and "找不到网页" in body.decode() and "找不到網頁" not in body.decode()
    status, _, body = fetch(base + "/en/no-such-page/")
    text = body.decode()
    assert status == 404 and all(t in text for t in ("Page not found", "找不到網頁", "找不到网页"))


def test_sitemap_lists_every_page_with_reciprocal_alternates_and_git_dates(nginx):
    base, site = nginx
    status, _, body = fetch(base + "/sitemap.xml")
    assert status == 200
    urls = ET.fromstring(body).findall("s:url", NS)
    locs = [u.find("s:loc", NS).text for u in urls]
    assert len(locs) == len(set(locs)), "a page is listed twice"
    alternates = {
        u.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in u.findall("x:link", NS)
        }
        for u in urls
    }
    folders = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert set(alternates) == {base + "/" + ("" if f == "." else f + "/") for f in folders}
    for loc, links in alternates.items():
        assert loc in links.values(), f"{loc} is not among its own alternates"
        for other in links.values():
            assert alternates[other] == links, f"{loc} and {other} disagree on alternates"
    lastmod = {u.find("s:loc", NS).text: u.find("s:lastmod", NS).text for u in urls}
    assert lastmod[base + "/en/artists/wong-kar-wai/"] == "2024-01-02"
    assert lastmod[base + "/tc/films/in-the-mood-for-love/"] == "2024-06-07"
    assert alternates[base + "/sc/films/"] == {
        "en": base + "/en/films/",
        "zh-Hant-HK": base + "/tc/films/",
        "zh-Hans": base + "/sc/films/",
        "x-default": base + "/en/films/",
    }
    assert lastmod[base + "/en/films/"] == "2024-06-07"
    robots = fetch(base + "/robots.txt")[2].decode()
    assert f"Sitemap: {base}/sitemap.xml" in robots


def test_feeds_parse_and_list_the_newest_exhibitions_and_films_first(nginx):
    base, _ = nginx
    for prefix, language, first in (
        ("en", "en", "In the Mood for Love"),
        ("tc", "zh-Hant-HK", "花樣年華"),
        ("sc", "zh-Hans", "花样年华"),
    ):
        feed = feedparser.parse(fetch(f"{base}/{prefix}/feeds/new.atom.xml")[2])
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == language
        assert feed.entries[0].title == first
        assert feed.entries[0].link == f"{base}/{prefix}/films/in-the-mood-for-love/"
        assert feed.entries[0].published.startswith("2024-06-07")
        assert len(feed.entries) == 2  # the film and the exhibition; no artists or works
        page = fetch(f"{base}/{prefix}/")[2].decode()
        assert [lnk["href"] for lnk in tags(page, "link", type="application/atom+xml")] == [
            f"{base}/{prefix}/feeds/new.atom.xml"
        ]


def test_two_publishes_of_the_same_commit_are_byte_identical(tmp_path):
    first = published(tmp_path, "https://example.org/hk-arts", output="one")
    second = published(tmp_path, "https://example.org/hk-arts", output="two")
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    assert any(n.endswith(".html.br") for n in names) and any(n.endswith(".xml.gz") for n in names)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_failed_publish_leaves_the_previous_output_untouched(tmp_path):
    site = published(tmp_path, "https://example.org/hk-arts")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    content = tmp_path / "repo" / "content"
    write_tree(content, {"artists/broken.yaml": "name: Broken\norigin: locale\n"})
    with pytest.raises(PublishError, match=r"^1 problem\(s\): nothing was built or published$"):
        published(tmp_path, "https://example.org/hk-arts")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]  # no staging left


def test_a_build_that_crashes_midway_leaves_the_previous_output_and_no_staging(tmp_path):
    site = published(tmp_path, "https://example.org/hk-arts")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (tmp_path / "bad.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(tmp_path / 'theme')!r}\n",
        encoding="utf-8",
    )
    (tmp_path / "theme" / "templates").mkdir(parents=True)  # a theme with no templates
    with pytest.raises(Exception, match=r"'_macros\.html' not found"):  # the first it needs
        publish(tmp_path / "repo" / "content", site, tmp_path / "bad.py")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.py", "repo", "site", "theme"]


def test_make_publish_exits_non_zero_on_a_broken_entry(tmp_path):
    content = write_tree(tmp_path / "content", {"artists/broken.yaml": "name: B\norigin: x\n"})
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "publish",
            f"INPUTDIR={content}",
            f"OUTPUTDIR={tmp_path / 'site'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "content/artists/broken.yaml:2: origin: 'x' is not a valid choice" in result.stderr
    assert f"{tmp_path / 'site'} is unchanged" in result.stderr
    assert not (tmp_path / "site").exists()


def test_publishconf_takes_siteurl_from_the_environment():
    code = "import publishconf; print(publishconf.SITEURL, publishconf.DIRECTORY['FEEDS'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SITEURL": "https://example.org/x/"},
    )
    assert result.stdout == "https://example.org/x True\n"


def test_an_entry_is_new_from_its_first_commit_and_changed_at_its_last(tmp_path):
    """The feed dates an entry by the commit that added it; the sitemap by its latest change."""
    repo = tmp_path / "repo"
    content = write_tree(repo / "content", SMALL_DIRECTORY)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Entries", date="2024-01-02T03:04:05Z")
    film = content / "films" / "in-the-mood-for-love.yaml"
    film.write_text(film.read_text(encoding="utf-8") + "# checked against the print\n", "utf-8")
    git(repo, "commit", "-qam", "Fix the film", date="2024-06-07T08:09:10Z")
    site = build(
        content,
        tmp_path / "site",
        SITEURL="https://example.org",
        DIRECTORY={"FEEDS": True, "BUILD_DAY": "2024-07-01"},
    )
    feed = feedparser.parse((site.output / "en/feeds/new.atom.xml").read_bytes())
    added = {e.link.rsplit("/", 2)[-2]: e.published[:10] for e in feed.entries}
    assert added == {"in-the-mood-for-love": "2024-01-02", "moods": "2024-01-02"}
    sitemap = ET.fromstring((site.output / "sitemap.xml").read_bytes())
    lastmod = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in sitemap.findall("s:url", NS)
    }
    assert lastmod["https://example.org/en/films/in-the-mood-for-love/"] == "2024-06-07"
    assert lastmod["https://example.org/en/exhibitions/moods/"] == "2024-01-02"
