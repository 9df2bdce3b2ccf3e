"""Search benchmark: our search against Pagefind on the full import, in headless Chromium.

    make benchmark-search            (imports the full data into /tmp, about 15,000 entries)
    python benchmarks/search_benchmark.py [--data DIR | --content DIR] [--work DIR]

Builds the site, times the search index from scratch and after one entry changed, indexes the
same output with Pagefind, serves it with gzip (as a host would), and runs the same queries in
Chromium against both: recall of the expected entry in the top 10, bytes transferred for a
first query (cold cache) and a later one, and time to results."""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import shutil
import statistics
import subprocess
import sys
import threading
import time
import types
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from plugins.directory.incremental import Memo  # noqa: E402
from plugins.directory.pipeline import build_directory  # noqa: E402
from plugins.directory.settings import DirectorySettings, read_settings  # noqa: E402
from plugins.search.extension import SearchExtension  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support import build  # noqa: E402

# (query, expected entry, page language for Pagefind, which only searches the page's language)
QUERIES = [
    ("王家衛", "artists/kar-wai-wong", "tc"),
    ("王家衞", "artists/kar-wai-wong", "tc"),
    ("王家卫", "artists/kar-wai-wong", "tc"),
    ("Wong Kar-wai", "artists/kar-wai-wong", "en"),
    ("wong kar wai", "artists/kar-wai-wong", "en"),
    ("Kar-wai Wong", "artists/kar-wai-wong", "en"),
    ("wongkarwai", "artists/kar-wai-wong", "en"),
    ("Wong Kar-wei", "artists/kar-wai-wong", "en"),
    ("旺角卡門", "films/as-tears-go-by", "tc"),
    ("旺角卡门", "films/as-tears-go-by", "tc"),
    ("As Tears Go By", "films/as-tears-go-by", "en"),
    ("陳幼堅", "artists/alan-chan", "tc"),
    ("陈幼坚", "artists/alan-chan", "tc"),
    ("Alan Chan", "artists/alan-chan", "en"),
    ("香港藝術館", "artists/hong-kong-museum-of-art", "tc"),
    ("香港艺术馆", "artists/hong-kong-museum-of-art", "tc"),
    ("Hong Kong Museum of Art", "artists/hong-kong-museum-of-art", "en"),
    ("香港中央圖書館", "venues/hong-kong-central-library", "tc"),
    ("香港中央图书馆", "venues/hong-kong-central-library", "tc"),
    ("Hong Kong Central Library", "venues/hong-kong-central-library", "en"),
    ("香港電影資料館", "venues/hong-kong-film-archive-cinema", "tc"),
    ("香港电影资料馆", "venues/hong-kong-film-archive-cinema", "tc"),
    ("Film Archive cinema", "venues/hong-kong-film-archive-cinema", "en"),
]


class _Gzip(SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the browser accepts it, as hosts do."""

    TYPES = ("text/", "application/json", "application/javascript", "application/wasm")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or not ctype.startswith(self.TYPES):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


OURS = """async (q) => {
  const t = performance.now();
  const hits = (await harbourSearch.search(q)).slice(0, 10);
  const keys = await Promise.all(hits.map(async ([id]) => {
    const r = await (await fetch(`/search/r/${id}.json`)).json();
    return r.type + "/" + r.slug;
  }));
  return [keys, performance.now() - t];
}"""
PAGEFIND = """async (q) => {
  const t = performance.now();
  window.pf = window.pf || await import("/pagefind/pagefind.js");
  await window.pf.init();
  const found = await window.pf.search(q);
  const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
  const keys = data.map((d) => d.url.replace(/^\\/(en|tc)\\//, "").replace(/\\/$/, ""));
  return [keys, performance.now() - t];
}"""


def measure(browser, base, engine, query, later, lang):
    """(top-10 keys, bytes of a first query, bytes of a later one, ms to results)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[tuple[str, int]] = []

    def finished(request):
        s = request.sizes()
        sizes.append((request.url, s["responseBodySize"] + s["responseHeadersSize"]))

    page.goto(f"{base}/{lang}/search/")
    page.wait_for_load_state("networkidle")
    # Our script comes with every page: counted in the first query, as pagefind.js is.
    ours_script = sum(size for url, size in _page_sizes(page) if url.endswith("/search.js"))
    page.on("requestfinished", finished)
    script = OURS if engine == "ours" else PAGEFIND
    keys, ms = page.evaluate(script, query)
    first = sum(size for _, size in sizes) + (ours_script if engine == "ours" else 0)
    sizes.clear()
    page.evaluate(script, later)
    second = sum(size for _, size in sizes)
    context.close()
    return keys, first, second, ms


def _page_sizes(page):
    return [
        (e["name"], e["transferSize"])
        for e in page.evaluate("performance.getEntriesByType('resource').map(e => e.toJSON())")
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, help="entries (default: import the full data)")
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="the open data to import (default: ../shared/data, as make import)",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-benchmark"))
    args = parser.parse_args(argv)
    work = args.work
    content = args.content or work / "content"
    if not args.content:
        shutil.rmtree(content, ignore_errors=True)
        command = [sys.executable, "-m", "importer", "--full", "--data", str(args.data)]
        imported = subprocess.run(
            [*command, "--output", str(content)], cwd=ROOT, capture_output=True, text=True
        )
        if imported.returncode:
            sys.exit(f"importing {args.data} failed:\n{imported.stdout}{imported.stderr}")
    directory = build_directory(content).directory
    print(f"{len(directory.entries)} entries")

    # The build's search stage (analysis and export, no whoosh), as the build runs it.
    job = types.SimpleNamespace(settings=read_settings({}, "DIRECTORY", DirectorySettings))
    memo = Memo()
    start = time.perf_counter()
    files = SearchExtension({}).contribute(directory, job, memo).files
    print(
        f"search index from scratch: {time.perf_counter() - start:.1f} s "
        f"(analysis and export; {len(files)} files)"
    )
    one = next(iter(sorted(content.glob("artists/*.yaml"))))
    one.write_text(one.read_text(encoding="utf-8") + "aliases: [Benchmark Alias]\n", "utf-8")
    directory = build_directory(content).directory
    again = Memo(memo.kept())
    start = time.perf_counter()
    after = SearchExtension({}).contribute(directory, job, again).files
    changed = sum(1 for name, o in after.items() if files[name].fingerprint != o.fingerprint)
    print(
        f"after one entry changed: {time.perf_counter() - start:.2f} s "
        f"(analysis of that entry and export; {changed} files changed)"
    )

    output = work / "output"
    shutil.rmtree(output, ignore_errors=True)
    start = time.perf_counter()
    build(content, output)
    print(f"site build: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(output)], check=True, capture_output=True
    )
    print(f"pagefind index: {time.perf_counter() - start:.1f} s")

    server, base = serve(output)
    rows = {"ours": [], "pagefind": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for i, (query, expected, lang) in enumerate(QUERIES):
            later = QUERIES[(i + 1) % len(QUERIES)][0]
            for engine in rows:
                keys, first, second, ms = measure(browser, base, engine, query, later, lang)
                rows[engine].append((query, expected in keys, first, second, ms))
        browser.close()
    server.shutdown()

    print(f"\n{'query':28} {'engine':9} found  first B  later B    ms")
    for i in range(len(QUERIES)):
        for engine in rows:
            query, found, first, second, ms = rows[engine][i]
            print(
                f"{query:28} {engine:9} {'yes' if found else 'NO ':5} {first:8} {second:8} "
                f"{ms:5.0f}"
            )
    print()
    for engine, found in rows.items():
        print(
            f"{engine:9} recall {sum(r[1] for r in found)}/{len(found)}, median first query "
            f"{statistics.median(r[2] for r in found):.0f} B, later "
            f"{statistics.median(r[3] for r in found):.0f} B, time to results "
            f"{statistics.median(r[4] for r in found):.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
