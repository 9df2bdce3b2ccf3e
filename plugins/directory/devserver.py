"""`make devserver`: serve the output folder, rebuild on every change, reload the open pages.

One process does it all, so that nothing fails unseen: it watches the content folder, the theme,
the schema files and the settings file (their files' modification times and sizes, polled),
rebuilds in-process through the build's own ``build_site`` (ON_ERROR 'skip', built for today),
and serves the output with http.server. A rebuild that fails is reported in the terminal and on
every page until the next one succeeds; the server itself never stops for it.

- An entry with problems is left out of the site; its pages (/en/artists/x/ in every language)
  answer with its problems, and the landing page lists every problem, as the build makes it.
- A page that is not there gets the site's own 404 page, with status 404.
- Every HTML page the server sends (never the files written) gets one tag more:
  ``<script src="/__devserver/reload.js">``, which listens to ``/__devserver/events``
  (Server-Sent Events) and reloads the page when a newer build is done. No inline script, so
  the site's strict Content-Security-Policy, sent with every response here, holds.
"""

from __future__ import annotations

import datetime
import html
import logging
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .build import FORKED_FRAMES, BuildJob, build_site, remember
from .diagnostics import Diagnostic
from .errors import DirectoryError
from .incremental import BuildMemory
from .project import Project, read_project

log = logging.getLogger(__name__)
PREFIX = "/__devserver/"
RELOAD_SCRIPT = PREFIX + "reload.js"
EVENTS = PREFIX + "events"
RELOAD_JS = b"""// Harbour Crossings dev server: reload the page once a newer build is done.
(function () {
  var build = document.currentScript.dataset.build;
  var events = new EventSource("/__devserver/events");
  events.addEventListener("build", function (event) {
    if (event.data !== build) {
      events.close();
      location.reload();
    }
  });
})();
"""
# The policy the site is built for (tests/browser/conftest.py): no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
POLL_SECONDS = 0.25
SETTLE_SECONDS = 0.1  # editors save in steps (a temporary file, then a rename)
KEEPALIVE_SECONDS = 15
HONG_KONG = datetime.timezone(datetime.timedelta(hours=8))
PLUGINS = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildState:
    """What the last build left: its number (the pages' reload scripts compare it), the problems
    of each entry page left out, every problem, and the failure of a build that failed whole."""

    number: int = 0
    pages: dict[str, list[str]] = field(default_factory=dict)  # "/en/artists/x/" -> problems
    problems: list[str] = field(default_factory=list)
    failure: str | None = None


class Builds:
    """The latest BuildState, and a way to wait for the next one (for the event streams)."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.state = BuildState()
        self.stopping = False

    def publish(self, state: BuildState) -> None:
        with self.changed:
            self.state = state
            self.changed.notify_all()

    def wait_after(self, number: int | None, timeout: float) -> int:
        """The number of the latest build once it is not number, or after timeout."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.stopping or self.state.number != number, timeout=timeout
            )
            return self.state.number

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


class Rebuilder:
    """Builds the site again and again, in this process, through build_site."""

    def __init__(self, content: Path, output: Path, settings: Path, builds: Builds):
        self.content, self.output, self.settings = content, output, settings
        self.builds = builds
        self.project: Project | None = None
        self.job: BuildJob | None = None
        self.catalogs: dict[str, Any] = {}
        # what the last build read and wrote: the next reads only changed files, makes only
        # the files whose inputs changed (the first build reads it from the user's cache)
        self.memory: BuildMemory | None = None

    def watched(self) -> list[Path]:
        """What a change to rebuilds for: the content, the theme, the schemas, the settings."""
        found = [self.content.resolve(), self.settings.resolve()]
        if self.project is not None:
            found += [self.project.theme_dir.resolve(), self.project.model.schema_dir.resolve()]
        return found

    def setup_paths(self) -> list[Path]:
        """A change to these needs the build set up again: the settings and the schemas."""
        found = [self.settings.resolve()]
        if self.project is not None:
            found.append(self.project.model.schema_dir.resolve())
        return found

    def rebuild(self, *, setup: bool) -> BuildState:
        """One build; setup: read the settings and the schema files again first."""
        start = time.perf_counter()
        number = self.builds.state.number + 1
        try:
            if setup or self.job is None:
                self.job = self._setup()
            report = build_site(self.job, progress=lambda line: None, memory=self.memory)
            self.memory = report.memory
        except DirectoryError as error:  # a setting, a schema file, a write: one line
            state = BuildState(number, failure=str(error))
        except Exception as error:  # a bug or a broken template: where it went wrong
            traceback.print_exc()
            state = BuildState(number, failure=self._located(error))
        else:
            pages = self._pages(report.problems)
            state = BuildState(number, pages, [str(p) for p in report.problems])
            stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in report.stages.items())
            print(f"{report.summary()} ({stages})", flush=True)
        if state.failure:
            print(f"build failed: {state.failure}", file=sys.stderr, flush=True)
        print(
            f"build {number} done in {time.perf_counter() - start:.2f} s; open pages reload",
            flush=True,
        )
        self.builds.publish(state)
        return state

    def remember(self) -> None:
        """Save the last build's memory for the next build (make html, or the dev server again):
        kept in this process between builds, it is saved once, when the server stops."""
        if self.job is not None and self.memory is not None:
            remember(self.job, self.memory)

    def _setup(self) -> BuildJob:
        today = datetime.datetime.now(HONG_KONG).date().isoformat()
        self.project = project = read_project(
            self.settings, self.content, OUTPUT_PATH=str(self.output)
        )
        settings = dict(project.pelican)
        settings["DIRECTORY"] = {**settings["DIRECTORY"], "ON_ERROR": "skip", "BUILD_DAY": today}
        self.catalogs = project.catalogs()
        return settings["PELICAN_CLASS"](settings, report_errors=False).job

    def _pages(self, problems: list[Diagnostic]) -> dict[str, list[str]]:
        """The URLs of the entry pages each problem keeps out of the site."""
        assert self.job is not None
        pages: dict[str, list[str]] = {}
        content = self.job.content_dir.resolve()
        root = self.job.display_root or content.parent
        for problem in problems:
            path = (root / problem.path).resolve()
            if not path.is_relative_to(content) or len(path.relative_to(content).parts) != 2:
                continue
            entry_type, name = path.relative_to(content).parts
            slug = name.split(".", 1)[0]
            if entry_type in self.job.model:
                for prefix in self.job.settings.languages:
                    pages.setdefault(f"/{prefix}/{entry_type}/{slug}/", []).append(str(problem))
        return pages

    def _located(self, error: Exception) -> str:
        """The error on one line, with the file and line where it happened: a template's, a
        schema's, an entry's or the settings' if the traceback passes through one, else the
        last place in the plugins' code."""
        where = ""
        filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
        if filename and line:
            where = f"{_relative(filename)}:{line}: "  # a template's syntax
        else:
            # a forked process's frames (where it was raised there) follow this one's
            frames = [
                *traceback.extract_tb(error.__traceback__),
                *getattr(error, FORKED_FRAMES, []),
            ]
            editable = [*self.watched()]
            found = [f for f in frames if _under(f.filename, editable)]
            found = found or [f for f in frames if _under(f.filename, [PLUGINS])]
            if found:
                where = f"{_relative(found[-1].filename)}:{found[-1].lineno}: "
        return f"{where}{type(error).__name__}: {error}"


def _under(filename: str, roots: list[Path]) -> bool:
    path = Path(filename).resolve()
    return any(path == root or path.is_relative_to(root) for root in roots)


def _relative(path: str) -> str:
    """A path relative to the working folder when it is inside it, else whole."""
    found = Path(path).resolve()
    return found.relative_to(Path.cwd()).as_posix() if found.is_relative_to(Path.cwd()) else path


# Watching --------------------------------------------------------------------------------------


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file under paths; names starting with '.' (editors'
    temporary files) are left out."""
    found = {}
    for root in paths:
        for path in _files(root):
            try:
                stat = path.stat()
            except OSError:
                continue  # removed meanwhile: the next snapshot tells
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(folder) / name


def watch(rebuilder: Rebuilder, builds: Builds) -> None:
    """Rebuild after every change, until builds stop."""
    seen = snapshot(rebuilder.watched())
    while not builds.stopping:
        time.sleep(POLL_SECONDS)
        now = snapshot(rebuilder.watched())
        if now == seen:
            continue
        while True:  # until the files stop changing
            time.sleep(SETTLE_SECONDS)
            later = snapshot(rebuilder.watched())
            if later == now:
                break
            now = later
        changed = sorted(p for p in now.keys() | seen.keys() if now.get(p) != seen.get(p))
        for path in changed[:5]:
            print(f"changed: {_relative(path)}", flush=True)
        setup = rebuilder.setup_paths()
        rebuilder.rebuild(setup=any(Path(p).is_relative_to(s) for p in changed for s in setup))
        seen = snapshot(rebuilder.watched())


# Serving ---------------------------------------------------------------------------------------


class DevHandler(SimpleHTTPRequestHandler):
    """The output folder, with the reload script in every page and the build's problems where
    its pages would be."""

    builds: Builds
    rebuilder: Rebuilder

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for builds and their problems

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        state = self.builds.state
        if path == RELOAD_SCRIPT:
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS)
        if path == EVENTS:
            return self._events()
        page = path if path.endswith("/") else path.removesuffix("index.html")
        is_page = path.endswith(("/", ".html"))
        if is_page and state.failure:
            return self._page(HTTPStatus.INTERNAL_SERVER_ERROR, self._failure(state))
        if is_page and page in state.pages:
            return self._page(HTTPStatus.OK, self._problems(state.pages[page]))
        local = Path(self.translate_path(self.path))
        if local.is_dir() and not path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            return self._not_found(path)
        if local.suffix == ".html":
            return self._page(HTTPStatus.OK, local.read_bytes())
        return self._file(local)

    def _file(self, local: Path) -> None:
        self._send(HTTPStatus.OK, self.guess_type(str(local)), local.read_bytes())

    def _not_found(self, path: str) -> None:
        """The site's own 404 page: the language's when the path is in one, else the root's."""
        output = Path(self.directory)
        first = path.strip("/").split("/", 1)[0]
        job = self.rebuilder.job
        languages = job.settings.languages if job else {}
        candidates = [output / first / "404.html"] if first in languages else []
        found = next((c for c in [*candidates, output / "404.html"] if c.is_file()), None)
        body = found.read_bytes() if found else b"<!DOCTYPE html><title>404</title><h1>404</h1>"
        self._page(HTTPStatus.NOT_FOUND, body)

    def _page(self, status: HTTPStatus, body: bytes) -> None:
        self._send(status, "text/html; charset=utf-8", with_reload(body, self.builds.state))

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events: the number of the latest build now and after every build."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        last = None
        try:
            while not self.builds.stopping:
                number = self.builds.wait_after(last, KEEPALIVE_SECONDS)
                if number == last:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(f"event: build\ndata: {number}\n\n".encode())
                    last = number
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _problems(self, problems: list[str]) -> bytes:
        texts = [
            (
                lang,
                gettext("This entry has problems and is left out of the site"),
                gettext("Fix them in its file and save it: this page then reloads by itself."),
            )
            for lang, gettext in self._languages()
        ]
        return self._report(texts, problems)

    def _failure(self, state: BuildState) -> bytes:
        texts = [
            (
                lang,
                gettext("The site could not be built"),
                gettext("Fix it and save: this page then reloads by itself."),
            )
            for lang, gettext in self._languages()
        ]
        return self._report(texts, [state.failure or ""])

    def _languages(self) -> list[tuple[str, Any]]:
        """(lang attribute, gettext) of each language of the site; English alone before the
        first build was set up."""
        job, catalogs = self.rebuilder.job, self.rebuilder.catalogs
        if job is None:
            return [("en", str)]
        specs = job.settings.languages.values()
        return [(spec.lang, catalogs[spec.key].gettext) for spec in specs if spec.key in catalogs]

    def _report(self, texts: list[tuple[str, str, str]], problems: list[str]) -> bytes:
        """A page of its own (the theme may be what is broken), styled by the theme's CSS, its
        words in every language."""
        job = self.rebuilder.job
        static = f"/{job.theme_static_dir}" if job else ""
        first, heading, _ = texts[0]
        others = "".join(
            f'<p lang="{lang}"><strong>{html.escape(text)}</strong></p>'
            for lang, text, _ in texts[1:]
        )
        notes = "".join(f'<p lang="{lang}">{html.escape(note)}</p>' for lang, _, note in texts)
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
        page = (
            f'<!DOCTYPE html>\n<html lang="{first}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(heading)}</title>\n"
            f'<link rel="stylesheet" href="{static}/css/site.css">\n'
            f'<link rel="icon" href="{static}/images/icon.svg" type="image/svg+xml">\n'
            '</head>\n<body>\n<main id="main">\n'
            f"<h1>{html.escape(heading)}</h1>{others}\n"
            f'<section class="build-problems"><ul>{items}</ul></section>\n{notes}\n'
            '<p><a href="/">Harbour Crossings</a></p>\n</main>\n</body>\n</html>\n'
        )
        return page.encode("utf-8")


def with_reload(page: bytes, state: BuildState) -> bytes:
    """The page with the reload script before </body> (at the end if it has none)."""
    tag = f'<script src="{RELOAD_SCRIPT}" data-build="{state.number}" defer></script>\n'.encode()
    end = page.rfind(b"</body>")
    return page + tag if end == -1 else page[:end] + tag + page[end:]


class DevServer(ThreadingHTTPServer):
    daemon_threads = True  # event streams never keep the process alive

    def handle_error(self, request, client_address) -> None:
        # A browser drops the connections it no longer needs when it navigates away.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(content: Path, output: Path, settings: Path, bind: str, port: int) -> int:
    """Build, serve on bind:port (0: any free port) and rebuild on change, until interrupted."""
    logging.basicConfig(format="%(message)s", level=logging.WARNING)
    builds = Builds()
    rebuilder = Rebuilder(Path(content), Path(output), Path(settings), builds)
    rebuilder.rebuild(setup=True)
    Path(output).mkdir(parents=True, exist_ok=True)
    handler = partial(
        type("Handler", (DevHandler,), {"builds": builds, "rebuilder": rebuilder}),
        directory=str(output),
    )
    server = DevServer((bind, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, actual = server.server_address[:2]
    address = f"http://{host!s}:{actual}/"
    print(f"Serving {output} on {address} (Ctrl-C to stop)", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        watch(rebuilder, builds)
    except KeyboardInterrupt:
        pass
    finally:
        builds.stop()
        server.shutdown()
        server.server_close()
        rebuilder.remember()
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
