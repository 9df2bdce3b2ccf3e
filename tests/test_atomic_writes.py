"""Every output file is written whole or not at all: a write that fails midway (a full disk;
here a file size limit, RLIMIT_FSIZE, which fails a write the same way) leaves the file that
was there, never one cut short."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from plugins.directory.compress import compress_tree
from plugins.directory.incremental import MemoryStore
from plugins.directory.model import load_model
from tests.support import ROOT, SMALL_DIRECTORY, write_tree

LIMIT = 8192  # what a buffered write managed before the disk filled
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}  # the build day: no warning about it


def limited(
    command: list[str], limit: int = LIMIT, environ: dict | None = None
) -> subprocess.CompletedProcess:
    """Run command with every file it writes capped at limit bytes."""

    def cap():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=cap,
        timeout=300,
        env=environ or ENV,
    )


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_failed_make_html_leaves_every_page_whole(tmp_path):
    long_bio = "A painter of the harbour. " * 600  # a page well over 8 KB
    content = write_tree(
        tmp_path / "content",
        {**SMALL_DIRECTORY, "artists/long.yaml": f"name: Long\norigin: local\nbio: {long_bio}\n"},
    )
    make = ["make", "--no-print-directory", "html", f"INPUTDIR={content}"]
    make.append(f"OUTPUTDIR={tmp_path / 'output'}")
    subprocess.run(make, cwd=ROOT, capture_output=True, check=True, timeout=300, env=ENV)
    before = files_under(tmp_path / "output")
    assert len(before["en/artists/long/index.html"]) > LIMIT
    # A build that remembers nothing of the first: it writes every page again.
    shutil.rmtree(MemoryStore.for_build(content, tmp_path / "output", load_model()).folder)
    result = limited(make)
    assert result.returncode != 0
    page = tmp_path / "output" / "en" / "artists" / "long" / "index.html"
    assert result.stderr.splitlines()[0] == (
        f"{page}: cannot write it: File too large; the file there before is kept"
    )
    assert files_under(tmp_path / "output") == before


def test_a_failed_rebuild_is_one_line_and_leaves_every_page_whole(tmp_path):
    """A rebuild renders its changed pages in a process of its own (build._forked): a page it
    cannot write is the same one line, never a traceback, and the output is left whole. (The
    artists' template grows: their pages are made again, and only they grow past the limit.)"""
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    make = ["make", "--no-print-directory", "html", f"INPUTDIR={content}"]
    make += [f"OUTPUTDIR={tmp_path / 'output'}", f"PELICANOPTS=-t {theme}"]
    subprocess.run(make, cwd=ROOT, capture_output=True, check=True, timeout=300, env=ENV)
    before = files_under(tmp_path / "output")
    template = theme / "templates" / "artist.html"
    grown = template.read_text("utf-8").replace("<dl", "<p>" + "grown " * LIMIT + "</p><dl", 1)
    template.write_text(grown, "utf-8")
    result = limited(make)
    assert result.returncode != 0
    first = result.stderr.splitlines()[0]
    assert re.fullmatch(
        rf"{tmp_path}/output/(en|tc|sc)/artists/[a-z-]+/index\.html: cannot write it: "
        r"File too large; the file there before is kept",
        first,
    ), result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path / "output") == before


def test_compressed_copies_are_replaced_whole_or_not_at_all(tmp_path):
    text = tmp_path / "site" / "data.txt"
    text.parent.mkdir()
    text.write_text(os.urandom(20000).hex())
    compress_tree(text.parent)
    before = files_under(text.parent)
    text.write_text(os.urandom(20000).hex())
    code = "import sys, pathlib, plugins.directory.compress as c, plugins.directory.errors as e; "
    code += "e.report(lambda: c.compress_tree(pathlib.Path(sys.argv[1])))"
    result = limited([sys.executable, "-c", code, str(text.parent)])
    assert (
        result.stderr
        == f"{text}.gz: cannot write it: File too large; the file there before is kept\n"
    )
    assert files_under(text.parent) == {**before, "data.txt": text.read_bytes()}


def test_a_failed_first_build_into_an_empty_folder_leaves_it_empty(tmp_path):
    """Into a folder that held nothing, pages are written straight into place: a build that
    fails midway removes what it wrote, so that no half-built site is left to be served."""
    long_bio = "A painter of the harbour. " * 600  # a page well over 8 KB
    content = write_tree(
        tmp_path / "content",
        {**SMALL_DIRECTORY, "artists/long.yaml": f"name: Long\norigin: local\nbio: {long_bio}\n"},
    )
    output = tmp_path / "output"
    output.mkdir()
    make = ["make", "--no-print-directory", "html", f"INPUTDIR={content}", f"OUTPUTDIR={output}"]
    result = limited(make)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0].endswith(
        ": cannot write it: File too large; the file there before is kept"
    )
    assert sorted(p.name for p in output.iterdir()) == [".harbour-crossings-output"]
