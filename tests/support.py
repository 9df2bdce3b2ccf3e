"""Shared test helpers: write a small content tree, build a real site from it as `make html`
does (Pelican with the project's pelicanconf.py), read its pages."""

from __future__ import annotations

import functools
import io
import re
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pelican.settings import read_settings
from PIL import Image

from plugins.directory.build import BuildReport

ROOT = Path(__file__).resolve().parent.parent
# The day the test sites are built for: what is current, upcoming and past depends on it.
BUILD_DAY = "2026-11-29"


def image_bytes(width: int, height: int, kind: str = "JPEG") -> bytes:
    """A real image of that size (a gradient, so that it compresses like a photo)."""
    picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format=kind)
    return buffer.getvalue()


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} under root; text is dedented."""
    for relpath, body in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return root


@dataclass
class Site:
    output: Path
    report: BuildReport | None = None  # what the build said it did

    def page(self, url_path: str) -> str:
        """The HTML of a page by its URL path, e.g. '/en/artists/wong-kar-wai/'."""
        return (self.output / url_path.strip("/") / "index.html").read_text(encoding="utf-8")


def build(content: Path, output: Path, *, conf: Path | None = None, **overrides) -> Site:
    """Build content into output with the project's pelicanconf.py (or conf), as `make html`
    does, for BUILD_DAY unless DIRECTORY says otherwise; errors are raised, not reported."""
    directory = overrides.pop("DIRECTORY", {})
    settings = read_settings(
        str(conf or ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), **overrides},
    )
    if isinstance(directory, dict):
        settings["DIRECTORY"] = {"BUILD_DAY": BUILD_DAY, **settings["DIRECTORY"], **directory}
    else:
        settings["DIRECTORY"] = directory  # a wrong value, for the tests of settings
    report = settings["PELICAN_CLASS"](settings, report_errors=False).build()
    return Site(output, report)


@pytest.fixture
def build_site(tmp_path):
    """build_site({path: text}) -> Site built from that content tree into tmp_path/output."""

    def _build(files: dict[str, str | bytes], **overrides) -> Site:
        content = write_tree(tmp_path / "content", files)
        return build(content, tmp_path / "output", **overrides)

    return _build


# A small directory used by several tests: a local director, an international
# cinematographer, and the film, exhibition and venue that connect them.
SMALL_DIRECTORY = {
    "artists/wong-kar-wai.yaml": """
        name: {en: Wong Kar-wai, zh: 王家衛}
        kind: person
        origin: local
        disciplines: [film]
        born: 1958-07-17
        bio:
          en: Director of *In the Mood for Love*.
          zh: 香港電影導演。
        """,
    "artists/christopher-doyle.md": """
        ---
        name: {en: Christopher Doyle, zh: 杜可風}
        origin: international
        nationality: {en: Australian, zh: 澳洲籍}
        born: 1952
        ---
        Cinematographer who shot most of Wong Kar-wai's films.
        """,
    "artists/christopher-doyle.zh.md": "攝影師。\n",
    "artists/tsang-tsou-choi.yaml": """
        name: {en: Tsang Tsou-choi, zh: 曾灶財}
        origin: local
        disciplines: [ink-art]
        """,
    "venues/hong-kong-museum-of-art.yaml": """
        name: {en: Hong Kong Museum of Art, zh: 香港藝術館}
        district: {en: Tsim Sha Tsui}
        """,
    "exhibitions/moods.yaml": """
        title: {en: Moods, zh: 花樣}
        venue: hong-kong-museum-of-art
        start: 2024-03-01
        end: 2024-05-01
        artists:
          - wong-kar-wai
          - {artist: christopher-doyle, role: {en: Cinematographer, zh: 攝影指導}}
        """,
    "films/in-the-mood-for-love.yaml": """
        title: {en: In the Mood for Love, zh: 花樣年華}
        year: 2000
        directors: [wong-kar-wai]
        credits:
          - {artist: christopher-doyle, role: {en: Cinematographer, zh: 攝影指導}}
        synopsis: {en: "Hong Kong, 1962: two neighbours."}
        """,
    "works/poster.yaml": """
        title: {en: Poster for 'In the Mood for Love', zh: 《花樣年華》海報}
        year: 2000
        film: in-the-mood-for-love
        credits:
          - {artist: wong-kar-wai, role: {en: Director, zh: 導演}}
        """,
}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str, **attrs) -> list[dict]:
    """The attributes of every <name> tag in html whose attributes include attrs."""
    parser = _Tags()
    parser.feed(html)
    return [a for t, a in parser.tags if t == name and all(a.get(k) == v for k, v in attrs.items())]


def text_of(html: str) -> str:
    """The visible text of a page, whitespace collapsed."""
    body = re.sub(r"(?s)<head>.*?</head>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


# Events around the build day, added to SMALL_DIRECTORY: a festival and its programme, a course
# running through the build day, a masterclass on it, a cancelled concert, a past talk and a
# screening months ahead.
EVENTS = {
    "venues/hong-kong-cultural-centre.yaml": """
        name: {en: Hong Kong Cultural Centre, zh: 香港文化中心}
        district: {en: Tsim Sha Tsui, zh: 尖沙咀}
        address: {en: "10 Salisbury Road, Tsim Sha Tsui", zh: 尖沙咀梳士巴利道10號}
        """,
    "artists/lcsd.yaml": """
        name: {en: Leisure and Cultural Services Department, zh: 康樂及文化事務署}
        kind: organisation
        origin: local
        """,
    "artists/cirquework.yaml": """
        name: {en: Cirquework, zh: 間藝工場}
        kind: group
        origin: international
        nationality: {en: Japan, zh: 日本}
        disciplines: [performance]
        """,
    "artists/anna-voce.yaml": """
        name: Anna Voce
        kind: person
        origin: international
        disciplines: [music]
        """,
    "events/winter-festival.yaml": """
        title: {en: Winter Arts Festival, zh: 冬日藝術節}
        kind: festival
        disciplines: [music, circus]
        start: 2026-12-01
        end: 2026-12-20
        venues: [hong-kong-cultural-centre]
        participants:
          - {artist: lcsd, role: presenter}
        """,
    "events/yoah.yaml": """
        title: {en: YOAH, zh: 曙光之月}
        kind: performance
        disciplines: [circus]
        part_of: [winter-festival]
        venues: [hong-kong-cultural-centre]
        sessions:
          - 2026-12-01 19:30-21:00
          - 2026-12-02 14:30
          - {date: 2026-12-02, start: "19:30", end: "21:00"}
        participants:
          - {artist: cirquework, role: performer}
          - {artist: lcsd, role: presenter}
        languages: [non-verbal]
        min_age: 6
        admission:
          amounts: [380, 280]
          price: {en: "$380, $280", zh: "$380、$280"}
          booking: https://www.urbtix.hk/
        description:
          en: Japanese contemporary circus.
          zh: 日本當代馬戲。
        """,
    "events/vocal-course.yaml": """
        title: {en: Pop Vocal Technique Course, zh: 流行曲歌唱技巧課程}
        kind: course
        disciplines: [music]
        venues: [hong-kong-cultural-centre]
        sessions: [2026-11-22 10:00-12:00, 2026-11-29 10:00-12:00, 2026-12-06 10:00-12:00,
                   2026-12-13 10:00-12:00]
        participants:
          - {artist: anna-voce, role: instructor}
          - {artist: lcsd, role: organiser}
        languages: [english]
        admission: {free: true}
        """,
    "events/masterclass.yaml": """
        title: {en: Stage Presence Masterclass, zh: 台風大師班}
        kind: masterclass
        disciplines: [music]
        venues: [hong-kong-museum-of-art]
        sessions: [2026-11-29 15:00-17:00]
        participants:
          - {artist: anna-voce, role: instructor}
          - {artist: wong-kar-wai, role: guest, role_text: {en: Guest speaker, zh: 客席講者}}
        """,
    "events/cancelled-concert.yaml": """
        title: {en: Harbour Lights Concert, zh: 海港燈火音樂會}
        kind: performance
        disciplines: [music]
        status: cancelled
        part_of: [winter-festival]
        venues: [hong-kong-cultural-centre]
        sessions: [2026-12-05 20:00]
        """,
    "events/old-talk.yaml": """
        title: {en: A Talk on Cantonese Opera, zh: 粵劇講座}
        kind: talk
        disciplines: [xiqu]
        venues: [hong-kong-cultural-centre]
        sessions: [2025-03-01 14:00-15:30]
        participants: [{artist: tsang-tsou-choi, role: speaker}]
        """,
    "events/spring-screening.yaml": """
        title: {en: Spring Screening, zh: 春日放映}
        kind: screening
        disciplines: [film]
        venues: [hong-kong-museum-of-art]
        sessions: [2027-02-14 16:00]
        """,
}


# The strict policy the site is built for: no inline script or style anywhere. A page that broke
# it would log a console error, which the page tests catch.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        super().end_headers()

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser drops connections it no longer needs when it navigates away.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve directory over HTTP on a free loopback port; yields the base URL, no trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with _Server(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            thread.join()
