"""Lighthouse benchmark of the main templates, published like production and served by nginx.

    .venv/bin/python benchmarks/lighthouse.py [--form-factor mobile|desktop|both]

Not a test: it publishes HEAD's content/ from a clean git worktree with publishconf.py, serves
it with Debian's nginx (gzip_static), runs Lighthouse (pinned in benchmarks/package-lock.json,
installed into benchmarks/node_modules here with npm ci) in Debian's chromium, and prints the
four scores of each page with its compressed weight. Scores under 95 and entry pages over 50 kB
compressed before images are flagged, with the audits that failed; the exit status is 0
regardless. The JSON reports are kept in the temporary folder named at the end. About five
minutes on 2 cores for both form factors.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"
PYTHON = ROOT / ".venv" / "bin" / "python"
NGINX = "/usr/sbin/nginx"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CATEGORIES = {"performance": "perf", "accessibility": "a11y", "best-practices": "BP", "seo": "SEO"}
MIN_SCORE = 95
MAX_ENTRY_WEIGHT = 50_000  # bytes, compressed, before images
LISTINGS = ("", "artists/", "exhibitions/", "collaborations/")  # home first


@dataclass(frozen=True)
class Page:
    path: str
    entry: bool = False


@dataclass
class Result:
    page: Page
    form: str
    scores: dict[str, int | None]
    html: int
    weight: int
    failing: list[tuple[str, str, str]]  # (category, title, value) of weighted audits under 1

    @property
    def flags(self) -> list[str]:
        flags = [
            f"{CATEGORIES[c]} {s}" for c, s in self.scores.items() if s is None or s < MIN_SCORE
        ]
        if self.page.entry and self.weight > MAX_ENTRY_WEIGHT:
            flags.append(f"entry over {MAX_ENTRY_WEIGHT / 1000:g} kB")
        return flags


def entries(content: Path) -> list[str]:
    """An entry of each type of the content model, as content/ has them now: the one with the
    most collaborators, else the one with the most links in and out (the longest page), the
    first by slug among equals; so a re-import that renames entries keeps every page there."""
    sys.path.insert(0, str(ROOT))
    from plugins.directory.pipeline import build_directory

    directory = build_directory(content).directory
    found = []
    for entry_type in directory.model:
        keys = [key for key in directory.entries if key[0] == entry_type.name]
        if keys:
            type_name, slug = min(keys, key=lambda key: (*_weight(directory, key), key[1]))
            found.append(f"{type_name}/{slug}/")
    return found


def _weight(directory, key) -> tuple[int, int]:
    """Most collaborators, then most links, first (negated, for min)."""
    links = len(directory.refs_to.get(key, [])) + len(directory.refs_from.get(key, []))
    return -len(directory.collaborators.get(key, [])), -links


def pages(entry_paths: list[str]) -> list[Page]:
    """The landing page, then each language's home and listings, then its entries."""
    found = [Page("/")]
    for lang in ("en", "tc"):
        found += [Page(f"/{lang}/{path}") for path in LISTINGS]
        found += [Page(f"/{lang}/{path}", entry=True) for path in entry_paths]
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.05)
    sys.exit(f"{what} did not start on port {port}")


def install_lighthouse() -> None:
    """npm ci into benchmarks/node_modules, unless it is newer than package.json and the lock."""
    installed = HERE / "node_modules" / ".package-lock.json"
    pinned = [HERE / "package.json", HERE / "package-lock.json"]
    if installed.exists() and all(installed.stat().st_mtime >= p.stat().st_mtime for p in pinned):
        return
    print("npm ci (lighthouse) ...", flush=True)
    command = ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]
    if subprocess.run(command, cwd=HERE).returncode:
        sys.exit("npm ci failed in benchmarks/ (tests/test_tool_locks.py checks the lock)")


def publish(tmp: Path, origin: str) -> Path:
    """Publish HEAD's content/ with publishconf.py, from a clean worktree, into tmp/site."""
    checkout, site = tmp / "checkout", tmp / "site"
    git = ["git", "-C", str(ROOT), "worktree"]
    subprocess.run([*git, "add", "--detach", "--quiet", str(checkout), "HEAD"], check=True)
    command = [PYTHON, "-m", "plugins.directory", "publish", "content", site]
    try:
        done = subprocess.run(
            [*command, "--settings", "publishconf.py"],
            cwd=checkout,
            env={**os.environ, "SITEURL": origin},
            capture_output=True,
            text=True,
        )
    finally:
        subprocess.run([*git, "remove", "--force", str(checkout)], check=True)
    if done.returncode:
        sys.exit(f"publishing failed:\n{done.stdout}{done.stderr}")
    return site


def serve(site: Path, tmp: Path, port: int, stack: ExitStack) -> None:
    """Debian's nginx in the foreground: precompressed files, a day's cache for theme assets."""
    conf = tmp / "nginx"
    conf.mkdir()
    user = "user root;" if os.geteuid() == 0 else ""
    (conf / "nginx.conf").write_text(f"""
        {user}
        worker_processes 1;
        pid {conf}/nginx.pid;
        error_log {conf}/error.log;
        events {{ worker_connections 64; }}
        http {{
          include /etc/nginx/mime.types;
          access_log off;
          client_body_temp_path {conf}/body; proxy_temp_path {conf}/proxy;
          fastcgi_temp_path {conf}/fastcgi; uwsgi_temp_path {conf}/uwsgi;
          scgi_temp_path {conf}/scgi;
          gzip_static on;
          server {{
            listen 127.0.0.1:{port};
            root {site};
            error_page 404 /404.html;
            location /tc/ {{ error_page 404 /tc/404.html; }}
            # Not fingerprinted: cached for a day, then revalidated with the ETag.
            location /theme/ {{ add_header Cache-Control "public, max-age=86400"; }}
          }}
        }}
        """)
    server = subprocess.Popen(
        [NGINX, "-c", conf / "nginx.conf", "-g", "daemon off;"], stderr=subprocess.DEVNULL
    )
    stack.callback(stop, server)
    wait_for_port(port, server, "nginx")


def start_chrome(tmp: Path, stack: ExitStack) -> int:
    """Debian's chromium, headless, for Lighthouse to connect to; returns its debugging port."""
    profile = tmp / "chrome"
    debugging = ["--remote-debugging-port=0", f"--user-data-dir={profile}"]
    chrome = subprocess.Popen(
        [CHROMIUM, *CHROME_FLAGS, *debugging, "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.callback(stop, chrome, group=True)
    active = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 20
    while not active.exists() or not active.read_text().strip():
        if time.monotonic() > deadline or chrome.poll() is not None:
            sys.exit("chromium did not start")
        time.sleep(0.1)
    port = int(active.read_text().split()[0])
    wait_for_port(port, chrome, "chromium")
    return port


def stop(process: subprocess.Popen, group: bool = False) -> None:
    """Terminate a process we started (with its process group for chromium's helpers)."""
    if process.poll() is None:
        if group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def read_report(path: Path, page: Page, form: str) -> Result:
    """The scores, compressed weights and failing audits of one Lighthouse JSON report."""
    report = json.loads(path.read_text())
    scores, failing = {}, []
    for category in CATEGORIES:
        data = report["categories"][category]
        score = None if data["score"] is None else round(data["score"] * 100)
        scores[category] = score
        if score is not None and score >= MIN_SCORE:
            continue
        for ref in data["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.append((category, audit["title"], audit.get("displayValue", "")))
    requests = report["audits"]["network-requests"].get("details", {}).get("items", [])
    loaded = [r for r in requests if not r.get("mimeType", "").startswith(("image/", "video/"))]
    html = sum(r["transferSize"] for r in loaded if r["url"] == report["finalDisplayedUrl"])
    weight = sum(r["transferSize"] for r in loaded)
    return Result(page, form, scores, html, weight, failing)


def row(cells: list) -> str:
    page, form, *rest = cells
    return f"{page:<72} {form:<8}" + "".join(f"{cell:>8}" for cell in rest)


def print_result(result: Result) -> None:
    scores = ["err" if s is None else s for s in result.scores.values()]
    weights = [f"{result.html / 1000:.1f}", f"{result.weight / 1000:.1f}"]
    flags = "  << " + ", ".join(result.flags) if result.flags else ""
    print(row([result.page.path, result.form, *scores, *weights]) + flags, flush=True)


def run_lighthouse(
    origin: str, port: int, forms: list[str], reports: Path, chosen: list[Page]
) -> list[Result]:
    """Run the pinned Lighthouse on every page and form factor, printing rows as they come."""
    jobs, wanted = [], {}
    for form in forms:
        for number, page in enumerate(chosen):
            name = page.path.strip("/").replace("/", "--") or "landing"
            report = reports / f"{form}-{number:02d}-{name}.json"
            jobs.append({"url": origin + page.path, "formFactor": form, "report": str(report)})
            wanted[str(report)] = (page, form)
    (reports / "jobs.json").write_text(json.dumps(jobs, indent=1))
    print(row(["page", "form", *CATEGORIES.values(), "HTML kB", "page kB"]), flush=True)
    runner = subprocess.Popen(
        ["node", HERE / "run-lighthouse.mjs", str(port), reports / "jobs.json"],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        stdout=subprocess.PIPE,
        text=True,
    )
    results = []
    for line in runner.stdout:
        result = read_report(Path(line.strip()), *wanted[line.strip()])
        print_result(result)
        results.append(result)
    if runner.wait():
        print(f"Lighthouse stopped with status {runner.returncode}", file=sys.stderr)
    return results


def summarise(results: list[Result], expected: int) -> None:
    """The failing audits, grouped, then one summary line."""
    where = defaultdict(list)
    for result in results:
        for category, title, value in result.failing:
            where[(category, title)].append(f"{result.page.path} ({result.form}) {value}".rstrip())
    if where:
        print("\nAudits failing where a category scored under", MIN_SCORE)
        for (category, title), places in sorted(where.items()):
            print(f"  {category}: {title}")
            for place in places:
                print(f"      {place}")
    low = [r for r in results if any(s is None or s < MIN_SCORE for s in r.scores.values())]
    entries = [r.weight for r in results if r.page.entry]
    heavy = sum(w > MAX_ENTRY_WEIGHT for w in entries)
    print(
        f"\nSUMMARY: {len(results)}/{expected} runs; {len(low)} with a score under {MIN_SCORE}; "
        f"{heavy} entry page(s) over {MAX_ENTRY_WEIGHT / 1000:g} kB compressed "
        f"(heaviest {max(entries, default=0) / 1000:.1f} kB) -> "
        + ("OK" if results and len(results) == expected and not low and not heavy else "FLAGGED")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--form-factor", choices=["mobile", "desktop", "both"], default="both")
    args = parser.parse_args()
    forms = ["mobile", "desktop"] if args.form_factor == "both" else [args.form_factor]

    install_lighthouse()
    tmp = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports = tmp / "reports"
    reports.mkdir()
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    print(f"publishing HEAD's content/ for {origin} ...", flush=True)
    site = publish(tmp, origin)
    chosen = pages(entries(ROOT / "content"))
    try:
        with ExitStack() as stack:
            serve(site, tmp, port, stack)
            results = run_lighthouse(origin, start_chrome(tmp, stack), forms, reports, chosen)
    finally:
        for done in ("site", "nginx", "chrome"):
            shutil.rmtree(tmp / done, ignore_errors=True)
    print("\nkB: transferred bytes / 1000 (gzip_static bodies plus HTTP headers), cold cache;")
    print("page kB: every request but images and the icon (HTML, CSS, JS, data).")
    summarise(results, len(forms) * len(chosen))
    print(f"JSON reports: {reports}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
