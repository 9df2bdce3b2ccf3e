"""Build benchmark: how long the site takes to build at real scale, as `make html` builds it.

    make bench [N=10000] [CORPUS=full|synthetic] [JSON=file] [DEVSERVER=1]
    python benchmarks/build_benchmark.py [--data DIR] [--entries N] [--corpus NAME]
        [--workdir DIR] [--build-day YYYY-MM-DD] [--json FILE] [--devserver]

Two corpora: the full import of the open data (`python -m importer --full`), and a synthetic
corpus of N entries made from it (benchmarks/synthetic.py: real entries, every link inside the
set). Both are kept in the work folder, by a digest of what makes them (the importer, the
plugin, the data; for the synthetic one also its size and generator), and made again only when
that changes. Each corpus is built three times, each a fresh `pelican` process run as `make
html` runs it (`make bench`, like `make html`, first compiles the plugins' bytecode when a module
changed), with DIRECTORY's BUILD_DAY fixed:

- cold: a fresh output folder and a fresh cache folder (XDG_CACHE_HOME);
- no change: the same again;
- one change: after a sentence is added to the English long text of the party with the most
  collaborators (the edit that reaches the most other pages).

With --devserver, also the dev server's own rebuild after one more such change, in its process
(devserver.Rebuilder, after its first build): the median of three, each after its own edit.
For each build: wall and CPU time (the process's and every process it waited for: os.wait4's
rusage), pages per second (the pages the build reports over the wall time), peak memory (the
RSS of the process and its descendants summed, sampled every 50 ms from /proc; and the largest
single process's ru_maxrss, started from a small process, benchmarks/spawn.py, so that it is
its own), the output's size and files, and the time of each stage and of the search export as
the build's log gives them.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import (  # noqa: E402
    Corpus,
    edit_description,
    most_collaborators,
    read_corpus,
    synthesise,
)
from plugins.directory.build import STAGES  # noqa: E402
from plugins.directory.model import load_model  # noqa: E402

CONF = ROOT / "pelicanconf.py"
# In the LCSD feed's months (December 2025 to mid 2026): what's on and the calendars hold as
# much as they do in use.
BUILD_DAY = "2025-12-15"
SAMPLE_SECONDS = 0.05
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
# What makes the full import: the importer, the plugin it asks (the model), the data.
IMPORT_INPUTS = (ROOT / "importer", ROOT / "plugins" / "directory")
GENERATOR = ROOT / "benchmarks" / "synthetic.py"

STAGE_RE = re.compile(rf"^\s*({'|'.join(STAGES)})\s+(\d+\.\d+) s$", re.M)
SUMMARY_RE = re.compile(
    r"Built ([\d,]+) entries into ([\d,]+) pages \([^)]*\)(.*?); (\d+) problem\(s\); "
    r"([\d.]+) s"
)
EXTRA_FILES_RE = re.compile(r"([\d,]+) (\S+) files")
SEARCH_EXPORT_RE = re.compile(r"search: exported ([\d,]+) files \(([\d,]+) changed\) in ([\d.]+) s")


class BenchmarkError(Exception):
    pass


@dataclass
class Measurement:
    """One build."""

    build: str  # cold, no change, one change, dev server
    wall: float  # seconds
    user: float  # CPU seconds
    system: float
    peak_rss: int  # bytes: the process tree's RSS summed, the highest sample
    max_rss: int  # bytes: the largest single process's ru_maxrss
    output_bytes: int
    output_files: int
    entries: int | None = None
    pages: int | None = None
    files: dict[str, int] = field(default_factory=dict)  # an extension's files: {"search": n}
    problems: int | None = None
    stages: dict[str, float] = field(default_factory=dict)  # as the build's log gives them
    search_export: float | None = None  # seconds, from the search plugin's log line
    search_changed: int | None = None  # files the export wrote
    rebuilds: list[float] = field(default_factory=list)  # dev server: each rebuild's wall

    @property
    def cpu(self) -> float:
        return self.user + self.system

    @property
    def pages_per_second(self) -> float | None:
        return self.pages / self.wall if self.pages is not None and self.wall else None


@dataclass
class CorpusRun:
    name: str
    content_bytes: int
    entries: dict[str, int]  # type -> entries
    edited: str  # the entry file the one change edits
    builds: list[Measurement] = field(default_factory=list)
    references: int | None = None  # synthetic: the references it has,
    repointed: int | None = None  # and those given a stand-in (their target is not in it)


class TreeMemory(threading.Thread):
    """The peak of the summed RSS of a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, sum(map(_rss, _tree(self.pid))))
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


def _tree(pid: int) -> list[int]:
    """pid and its descendants, from each thread's children list (/proc/PID/task/TID/children,
    Linux 3.5+)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending += map(int, children.read().split())
            except OSError:
                pass
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


@dataclass
class Ended:
    wall: float
    user: float
    system: float
    max_rss: int  # bytes: the largest single process's ru_maxrss
    peak_rss: int  # bytes: the highest sum of the RSS of the process and its descendants


class Spawner:
    """Runs commands through benchmarks/spawn.py, a small process of its own, so that each
    one's ru_maxrss is its own and not this process's peak (see spawn.py)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "spawn.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, command: list[str], env: dict[str, str], log: Path) -> Ended:
        """Run command from the repository, its output into log."""
        assert self.process.stdin and self.process.stdout
        request = {"command": command, "cwd": str(ROOT), "env": env, "log": str(log)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        memory = TreeMemory(json.loads(self.process.stdout.readline())["pid"])
        memory.start()
        ended = json.loads(self.process.stdout.readline())
        peak = memory.stop()
        if ended["status"]:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
            raise BenchmarkError(f"{' '.join(command[:2])} failed ({ended['status']}):\n{tail}")
        return Ended(ended["wall"], ended["user"], ended["system"], ended["max_rss"], peak)

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait()


def _output_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of the regular files under folder."""
    size = files = 0
    for path, _, names in os.walk(folder):
        for name in names:
            found = os.lstat(os.path.join(path, name))
            if not os.path.islink(os.path.join(path, name)):
                size += found.st_size
                files += 1
    return size, files


def _from_log(text: str, measured: Measurement) -> Measurement:
    """What the build's log says: the stages, the summary line, the search export."""
    stages = STAGE_RE.findall(text)
    measured.stages = {name: float(seconds) for name, seconds in stages[-len(STAGES) :]}
    summaries = SUMMARY_RE.findall(text)
    if summaries:
        entries, pages, extras, problems, _ = summaries[-1]
        measured.entries, measured.pages = _number(entries), _number(pages)
        measured.files = {kind: _number(n) for n, kind in EXTRA_FILES_RE.findall(extras)}
        measured.problems = int(problems)
    exports = SEARCH_EXPORT_RE.findall(text)
    if exports:
        measured.search_changed = _number(exports[-1][1])
        measured.search_export = float(exports[-1][2])
    return measured


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def measure_build(
    spawner: Spawner, label: str, content: Path, output: Path, cache: Path, log: Path, day: str
) -> Measurement:
    """One `pelican` build, as `make html` runs it, for build_day."""
    pelican = Path(sys.executable).with_name("pelican")
    directory = {**_conf_directory(), "BUILD_DAY": day}
    command = [
        str(pelican),
        str(content),
        "-o",
        str(output),
        "-s",
        str(CONF),
        "--log-handler",
        "plain",
        "-e",
        f"DIRECTORY={json.dumps(directory)}",
    ]
    ended = spawner.run(command, {**os.environ, "XDG_CACHE_HOME": str(cache)}, log)
    size, files = _output_size(output)
    measured = Measurement(
        label, ended.wall, ended.user, ended.system, ended.peak_rss, ended.max_rss, size, files
    )
    return _from_log(log.read_text(errors="replace"), measured)


def measure_devserver(
    spawner: Spawner,
    content: Path,
    output: Path,
    cache: Path,
    log: Path,
    edited: Path,
    language: str,
) -> Measurement:
    """The dev server's rebuild after one change, in its own process after its first build."""
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "devserver_rebuild.py"),
        str(content),
        str(output),
        str(CONF),
        str(edited),
        language,
    ]
    ended = spawner.run(command, {**os.environ, "XDG_CACHE_HOME": str(cache)}, log)
    text = log.read_text(errors="replace")
    found = json.loads(text.strip().splitlines()[-1])
    size, files = _output_size(output)
    measured = Measurement(
        "dev server",
        found["wall"],
        found["user"],
        found["system"],
        ended.peak_rss,
        ended.max_rss,
        size,
        files,
    )
    _from_log(text, measured)
    measured.rebuilds = found["walls"]
    # Each build's summary line gives its stages in parentheses: "(load 0.10, validate 0.20,
    # ...)"; the first is the dev server's first build, then one per rebuild.
    last = [line for line in text.splitlines() if line.startswith("Built ")][1 + found["rebuild"]]
    measured.stages = {
        name: float(seconds)
        for name, seconds in re.findall(rf"\b({'|'.join(STAGES)}) (\d+\.\d+)", last)
    }
    return measured


def _conf_directory() -> dict:
    """pelicanconf.py's DIRECTORY settings, as the build reads them."""
    from pelican.settings import read_settings

    return dict(read_settings(str(CONF))["DIRECTORY"])


# The corpora ------------------------------------------------------------------------------


def _digest(*parts: Path | str) -> str:
    """Of strings and of files' paths and bytes (every file under a folder, __pycache__ aside)."""
    hashed = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            hashed.update(part.encode() + b"\0")
            continue
        files = [part] if part.is_file() else sorted(part.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                hashed.update(path.relative_to(part.parent).as_posix().encode() + b"\0")
                hashed.update(path.read_bytes())
    return hashed.hexdigest()[:16]


def _kept(work: Path, prefix: str, digest: str, make) -> Path:
    """work/<prefix>-<digest>, made by make(folder) unless it is there; other folders of
    prefix with another digest are removed."""
    folder = work / f"{prefix}-{digest}"
    if folder.is_dir():
        return folder
    for stale in work.glob(f"{prefix}-*"):
        if stale.name.rsplit("-", 1)[0] == prefix:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    partial = work / f".{folder.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    make(partial)
    partial.rename(folder)
    return folder


def _describe(content: Path, info: Path, extra: dict | None = None) -> dict:
    """The corpus's entries per type and the entry to edit, kept beside it in info (a JSON
    file) once read; the corpus must build without problems."""
    if info.is_file():
        return json.loads(info.read_text())
    result, _ = read_corpus(content)
    if result.problems:
        raise BenchmarkError(f"{content}: {len(result.problems)} problem(s): {result.problems[0]}")
    counts = dict(Counter(entry_type for entry_type, _ in result.directory.entries))
    key = most_collaborators(result.directory)
    if key is None:
        raise BenchmarkError(f"{content}: no party with a long text to edit")
    described = {
        "entries": counts,
        "edited": f"{key[0]}/{Path(result.directory.entries[key].relpath).name}",
        **(extra or {}),
    }
    info.write_text(json.dumps(described, indent=1))
    return described


def full_import(work: Path, data: Path) -> tuple[Path, dict, str]:
    """The full import of data, kept in work: (its folder, its description, its digest)."""
    digest = _digest(*IMPORT_INPUTS, data)

    def make(folder: Path) -> None:
        print(f"importing {data} (every record) into {folder.parent}...", flush=True)
        command = [sys.executable, "-m", "importer", "--full", "--data", str(data)]
        done = subprocess.run(
            [*command, "--output", str(folder)], cwd=ROOT, capture_output=True, text=True
        )
        if done.returncode:
            raise BenchmarkError(f"importing {data} failed:\n{done.stdout}{done.stderr}")

    folder = _kept(work, "import", digest, make)
    return folder, _describe(folder, folder.with_suffix(".json")), digest


def synthetic(work: Path, source: Path, source_digest: str, size: int) -> tuple[Path, dict]:
    """A synthetic corpus of size entries made from source, kept in work."""
    digest = _digest(source_digest, str(size), GENERATOR)
    made: list[Corpus] = []

    def make(folder: Path) -> None:
        print(f"making a synthetic corpus of {size:,} entries from {source}...", flush=True)
        made.append(synthesise(source, folder, size))

    folder = _kept(work, f"synthetic{size}", digest, make)
    extra = {}
    if made:
        extra = {"references": made[0].references, "repointed": made[0].repointed}
    return folder, _describe(folder, folder.with_suffix(".json"), extra)


def run_corpus(
    spawner: Spawner,
    name: str,
    pristine: Path,
    described: dict,
    work: Path,
    args: argparse.Namespace,
) -> CorpusRun:
    """Cold, no change, one change (and the dev server's rebuild) on a copy of pristine."""
    runs = work / "runs" / name
    content, output, cache = runs / "content", runs / "output", runs / "cache"
    for folder in (content, output, cache):
        shutil.rmtree(folder, ignore_errors=True)
    runs.mkdir(parents=True, exist_ok=True)
    shutil.copytree(pristine, content, symlinks=True)
    content_bytes, _ = _output_size(content)
    run = CorpusRun(
        name,
        content_bytes,
        described["entries"],
        described["edited"],
        references=described.get("references"),
        repointed=described.get("repointed"),
    )
    model = load_model()
    edited = content / described["edited"]
    entry_type = model[Path(described["edited"]).parts[0]]
    language = model.languages[0]
    steps = ["cold", "no change", "one change"]
    for label in steps:
        if label == "one change":
            edit_description(edited, entry_type, language)
        print(f"  {name}: {label} build...", flush=True)
        log = runs / f"{label.replace(' ', '-')}.log"
        run.builds.append(
            measure_build(spawner, label, content, output, cache, log, args.build_day)
        )
    if args.devserver:
        print(f"  {name}: dev server rebuild...", flush=True)
        log = runs / "dev-server.log"
        run.builds.append(measure_devserver(spawner, content, output, cache, log, edited, language))
    return run


# Reporting --------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    model = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        ram = int(meminfo.readline().split()[1]) * 1024  # MemTotal, kB
    return {
        "cpu_count": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "ram_bytes": ram,
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "platform": platform.platform(),
        "commit": git("rev-parse", "HEAD"),
        "commit_date": git("log", "-1", "--format=%cI"),
        "uncommitted_changes": bool(git("status", "--porcelain")),
        "load_average": os.getloadavg(),
        "run_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def _seconds(n: float | None) -> str:
    return "n/a" if n is None else f"{n:.2f}"


def report(corpus: CorpusRun) -> str:
    types = ", ".join(f"{t} {n:,}" for t, n in corpus.entries.items())
    lines = [
        "",
        f"{corpus.name}: {sum(corpus.entries.values()):,} entries ({types}); "
        f"{corpus.content_bytes / 1e6:,.1f} MB of entry files",
    ]
    if corpus.references is not None and corpus.repointed is not None:
        lines.append(
            f"  made from the full import: {corpus.repointed:,} of its {corpus.references:,} "
            "links re-pointed to a stand-in of the same type (their target is not in it)"
        )
    lines.append(f"  one change: {corpus.edited}, a sentence added to its English long text")
    header = (
        f"  {'build':11} {'wall s':>8} {'CPU s':>8} {'pages':>8} {'pages/s':>8} "
        f"{'peak tree':>10} {'max 1 proc':>10} {'output':>10} {'files':>8}"
    )
    lines += ["", header]
    for m in corpus.builds:
        rate = m.pages_per_second
        lines.append(
            f"  {m.build:11} {m.wall:8.2f} {m.cpu:8.2f} "
            f"{'n/a' if m.pages is None else f'{m.pages:,}':>8} "
            f"{'n/a' if rate is None else f'{rate:,.0f}':>8} "
            f"{_mb(m.peak_rss):>10} {_mb(m.max_rss):>10} {_mb(m.output_bytes):>10} "
            f"{m.output_files:>8,}"
        )
    lines += ["", "  stage (s)    " + "".join(f"{m.build:>12}" for m in corpus.builds)]
    for stage in STAGES:
        lines.append(
            f"  {stage:12} "
            + "".join(f"{_seconds(m.stages.get(stage)):>12}" for m in corpus.builds)
        )
    lines.append(
        f"  {'search export':12} "
        + "".join(f"{_seconds(m.search_export):>12}" for m in corpus.builds)
    )
    lines.append("  (index runs within render, in the build's process while workers render pages)")
    for m in corpus.builds:
        if m.rebuilds:
            walls = ", ".join(f"{wall:.2f}" for wall in m.rebuilds)
            lines.append(f"  {m.build}: the median of {len(m.rebuilds)} rebuilds ({walls} s)")
    return "\n".join(lines)


def header(info: dict[str, Any], args: argparse.Namespace) -> str:
    dirty = " (with uncommitted changes)" if info["uncommitted_changes"] else ""
    load = ", ".join(f"{n:.2f}" for n in info["load_average"])
    return "\n".join(
        [
            f"Build benchmark, {info['run_at']}: commit {info['commit'][:12]}{dirty} of "
            f"{info['commit_date']}",
            f"Machine: {info['cpu_count']} cores (os.cpu_count), {info['affinity']} usable "
            f"(affinity); {info['cpu_model']}; {info['ram_bytes'] / 2**30:.1f} GiB RAM; "
            f"load average {load} at the start",
            f"Python {info['python']}, Pelican {info['pelican']}, {info['platform']}",
            textwrap.fill(
                f"Each build: a fresh `pelican` process as `make html` runs it, BUILD_DAY "
                f"{args.build_day}; CPU = user + system of it and every process it waited for "
                "(os.wait4); peak tree = the highest sum of the RSS of the process and its "
                f"descendants, sampled every {SAMPLE_SECONDS * 1000:.0f} ms from /proc; max 1 "
                "proc = the largest single process's ru_maxrss; pages/s = the pages the build "
                "reports over its wall time; MB = 10^6 bytes.",
                width=100,
            ),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="the open data to import (default: ../shared/data, as make import)",
    )
    parser.add_argument(
        "--entries", "-n", type=int, default=10_000, help="the synthetic corpus's size"
    )
    parser.add_argument(
        "--corpus",
        choices=("both", "full", "synthetic"),
        default="both",
        help="which corpus to build (the synthetic one is made from the full import)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path("/tmp/build-benchmark"),
        help="where the corpora, outputs, caches and logs are kept (default: %(default)s)",
    )
    parser.add_argument("--build-day", default=BUILD_DAY, help="DIRECTORY's BUILD_DAY")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--devserver",
        action="store_true",
        help="also time the dev server's in-process rebuild after one change (two builds more "
        "per corpus)",
    )
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("--entries: expected at least 1")
    start = time.perf_counter()
    info = machine()
    print(header(info, args), flush=True)
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpora: list[CorpusRun] = []
    spawner = Spawner()
    try:
        full, described, digest = full_import(work, args.data.resolve())
        chosen = []
        if args.corpus in ("both", "full"):
            chosen.append(("full import", full, described))
        if args.corpus in ("both", "synthetic"):
            folder, about = synthetic(work, full, digest, args.entries)
            chosen.append((f"synthetic {args.entries:,}", folder, about))
        for name, folder, about in chosen:
            corpora.append(run_corpus(spawner, name, folder, about, work, args))
            print(report(corpora[-1]), flush=True)
    except BenchmarkError as error:
        print(f"build benchmark: {error}", file=sys.stderr)
        return 1
    finally:
        spawner.close()
    elapsed = time.perf_counter() - start
    print(f"\nmake bench took {elapsed / 60:.1f} min ({elapsed:.0f} s) in all.")
    if args.json:
        everything = {
            "machine": info,
            "build_day": args.build_day,
            "seconds": elapsed,
            "corpora": [
                {
                    **{k: v for k, v in asdict(c).items() if k != "builds"},
                    "builds": [
                        {**asdict(m), "cpu": m.cpu, "pages_per_second": m.pages_per_second}
                        for m in c.builds
                    ],
                }
                for c in corpora
            ],
        }
        args.json.write_text(json.dumps(everything, indent=1) + "\n")
        print(f"Every figure: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
