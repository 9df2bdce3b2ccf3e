"""Publishing meets a careless operator or an unlucky machine: a folder that is not a site of
ours is refused, concurrent publishes wait for each other, leftovers of interrupted publishes
are cleaned, a mount point is synced into, and a failed write leaves the previous output."""

from __future__ import annotations

import errno
import fcntl
import os
import queue
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from plugins.directory import publish as publishing
from plugins.directory.output import MARKER
from plugins.directory.publish import PublishError, publish
from tests.support import ROOT, SMALL_DIRECTORY, write_tree

EXPECTED = (
    "expected a folder of its own for the site: absent, empty, or published into before; "
    "nothing was changed"
)
# Enough for a site: an artist, a film and the exhibition that links them.
FEW = {k: v for k, v in SMALL_DIRECTORY.items() if not k.startswith(("works/", "artists/t"))}


def run_publish(content: Path, output: Path | str, *, env=None, limit=None):
    """`python -m plugins.directory publish` as make publish runs it; limit caps the size of
    any file it writes (RLIMIT_FSIZE: a write beyond it fails, as on a full disk)."""

    def cap():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    settings = ["--settings", str(ROOT / "publishconf.py")]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "plugins.directory",
            "publish",
            str(content),
            str(output),
            *settings,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})},
        preexec_fn=cap if limit else None,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under folder (hidden ones too): a file's bytes, None for a folder."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        found[path.relative_to(folder).as_posix()] = None if path.is_dir() else path.read_bytes()
    return found


@pytest.fixture
def content(tmp_path) -> Path:
    return write_tree(tmp_path / "content", FEW)


def busy(a: Path, b: Path) -> bool:
    """renameat2 on a mount point: the kernel refuses to move it."""
    raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))


def refusal(output: Path, reason: str) -> str:
    return f"{output}: refused: {reason}; {EXPECTED}\n"


def test_the_content_folder_is_refused_as_output(tmp_path, content):
    before = snapshot(content)
    result = run_publish(content, content)
    assert (result.returncode, result.stderr) == (2, refusal(content, "it is the content folder"))
    assert snapshot(content) == before


def test_a_folder_inside_the_content_folder_is_refused(tmp_path, content):
    before = snapshot(content)
    result = run_publish(content, content / "site")
    assert (result.returncode, result.stderr) == (
        2,
        refusal(content / "site", f"it is inside the content folder {content}"),
    )
    assert snapshot(content) == before


def test_a_folder_holding_the_content_folder_is_refused(tmp_path, content):
    before = snapshot(tmp_path)
    result = run_publish(content, tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        refusal(tmp_path, f"it holds the content folder {content}"),
    )
    assert snapshot(tmp_path) == before


def test_a_git_checkout_is_refused(tmp_path, content):
    checkout = write_tree(tmp_path / "checkout", {"README.md": "mine\n"})
    subprocess.run(["git", "init", "-q"], cwd=checkout, check=True)
    before = snapshot(checkout)
    result = run_publish(content, checkout)
    assert (result.returncode, result.stderr) == (
        2,
        refusal(checkout, "it is a git checkout (it holds .git)"),
    )
    assert snapshot(checkout) == before


def test_a_previous_output_that_now_holds_a_git_checkout_is_refused(tmp_path, content):
    site = write_tree(tmp_path / "site", {MARKER: "", "index.html": "<p>old</p>"})
    (site / "notes" / ".git").mkdir(parents=True)
    before = snapshot(site)
    result = run_publish(content, site)
    assert (result.returncode, result.stderr) == (
        2,
        refusal(site, "it holds a git checkout: notes/.git"),
    )
    assert snapshot(site) == before


def test_a_folder_that_is_not_a_previous_output_is_refused(tmp_path, content):
    documents = write_tree(tmp_path / "documents", {"letter.txt": "Dear ...\n"})
    result = run_publish(content, documents)
    assert (result.returncode, result.stderr) == (
        2,
        refusal(
            documents,
            f"it is not empty and holds no {MARKER}, so it is not an earlier output of "
            "make publish",
        ),
    )
    assert snapshot(documents) == {"letter.txt": b"Dear ...\n"}


def test_a_file_is_refused_as_output(tmp_path, content):
    notes = write_tree(tmp_path, {"notes.txt": "keep me\n"}) / "notes.txt"
    result = run_publish(content, notes)
    assert (result.returncode, result.stderr) == (
        2,
        refusal(notes, "it is a file, not a folder"),
    )
    assert notes.read_text() == "keep me\n"


def test_the_home_folder_and_what_holds_it_are_refused(tmp_path, content):
    home = write_tree(tmp_path / "users" / "me", {"diary.txt": "private\n"})
    for output, reason in (
        (home, "it is your home folder"),
        (home.parent, f"it holds your home folder {home}"),
    ):
        result = run_publish(content, output, env={"HOME": str(home)})
        assert (result.returncode, result.stderr) == (2, refusal(output, reason))
    assert snapshot(home) == {"diary.txt": b"private\n"}


def test_the_project_and_the_filesystem_root_are_refused(tmp_path):
    # A broken entry: were the refusal missing, validation would stop the publish before it
    # could touch anything (this test must never be able to delete the checkout it runs in).
    broken = write_tree(tmp_path / "content", {"artists/broken.yaml": "name: B\norigin: x\n"})
    for output, reason in (
        (ROOT, "it is the project's own folder"),
        (ROOT.parent, f"it holds the project's folder {ROOT}"),
        (Path("/"), "it is the filesystem root"),
    ):
        result = run_publish(broken, output, env={"HOME": str(tmp_path / "home")})
        assert (result.returncode, result.stderr) == (2, refusal(output, reason))
    assert (ROOT / ".git").exists() and (ROOT / "content").is_dir()


def test_make_publish_into_the_checkout_is_refused(tmp_path):
    broken = write_tree(tmp_path / "content", {"artists/broken.yaml": "name: B\norigin: x\n"})
    result = subprocess.run(
        ["make", "--no-print-directory", "publish", f"INPUTDIR={broken}", "OUTPUTDIR=."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path / "home")},
        timeout=300,
    )
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == refusal(ROOT, "it is the project's own folder").strip()
    assert (ROOT / ".git").exists()


def test_publish_marks_its_output_and_publishes_again_into_it(tmp_path, content):
    site = tmp_path / "site"
    site.mkdir()  # an empty folder is fine
    first = run_publish(content, site)
    assert first.returncode == 0, first.stderr
    assert (site / MARKER).is_file() and (site / "en" / "films" / "index.html").is_file()
    (content / "films" / "in-the-mood-for-love.yaml").unlink()
    second = run_publish(content, site)
    assert second.returncode == 0, second.stderr
    assert (site / MARKER).is_file() and not (
        site / "en" / "films" / "in-the-mood-for-love"
    ).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_second_publish_waits_for_the_first(tmp_path, content):
    parent = tmp_path / "www"
    parent.mkdir()
    site = parent / "site"
    lock = os.open(parent, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)  # as a publish into www/ holds it
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "plugins.directory", "publish", str(content), str(site)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in process.stderr], daemon=True).start()
        first = lines.get(timeout=60)
        assert first == f"{site}: another publish into it is running: waiting for it to finish\n"
        assert not site.exists()
    finally:
        os.close(lock)
    assert process.wait(timeout=300) == 0
    assert (site / "index.html").is_file()


def test_two_publishes_at_once_both_succeed(tmp_path, content):
    site = tmp_path / "site"
    command = [sys.executable, "-m", "plugins.directory", "publish", str(content), str(site)]
    processes = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=300), p.stderr.read().decode()) for p in processes]
    assert [code for code, _ in results] == [0, 0], results
    assert (site / "en" / "artists" / "wong-kar-wai" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_leftovers_of_interrupted_publishes_are_cleaned_and_only_ours(tmp_path, content):
    site = tmp_path / "site"
    assert run_publish(content, site).returncode == 0
    write_tree(tmp_path / ".site.new-k2j4h1", {MARKER: "", "en/index.html": "half"})
    write_tree(tmp_path / ".site.old-4242", {MARKER: "", "en/index.html": "old"})
    (tmp_path / ".site.new-empty").mkdir()  # interrupted before anything was written
    write_tree(tmp_path / ".site.new-notes", {"notes.txt": "not ours\n"})
    write_tree(tmp_path / ".other.new-1234", {MARKER: ""})
    result = run_publish(content, site)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other.new-1234",
        ".site.new-notes",
        "content",
        "site",
    ]
    assert result.stderr == (
        f"{tmp_path / '.site.new-notes'}: left alone: named like a leftover of an interrupted "
        f"publish, but it holds no {MARKER}\n"
    )


def test_a_mount_point_is_synced_into_file_by_file(tmp_path, content, monkeypatch):
    """A mount point cannot be renamed (EBUSY): its files are replaced one by one instead."""
    site = tmp_path / "site"
    publish(content, site, ROOT / "publishconf.py")
    (site / "en" / "stray.html").write_text("from elsewhere")
    folder = site.stat().st_ino
    (content / "films" / "in-the-mood-for-love.yaml").unlink()
    write_tree(
        content, {"artists/tsang-tsou-choi.yaml": SMALL_DIRECTORY["artists/tsang-tsou-choi.yaml"]}
    )

    monkeypatch.setattr(publishing, "_exchange", busy)
    publish(content, site, ROOT / "publishconf.py")
    assert site.stat().st_ino == folder  # the same folder, its files replaced
    fresh = tmp_path / "fresh"
    publish(content, fresh, ROOT / "publishconf.py")
    assert snapshot(site) == snapshot(fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "fresh", "site"]


def test_a_disk_full_during_a_sync_leaves_the_previous_output(tmp_path, content, monkeypatch):
    site = tmp_path / "site"
    publish(content, site, ROOT / "publishconf.py")
    before = snapshot(site)
    (content / "films" / "in-the-mood-for-love.yaml").unlink()
    copy = shutil.copyfile

    def full(src, dst, **kwargs):
        if Path(dst).is_relative_to(site) and "tc" in Path(dst).parts:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return copy(src, dst, **kwargs)

    monkeypatch.setattr(publishing, "_exchange", busy)
    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(PublishError) as raised:
        publish(content, site, ROOT / "publishconf.py")
    assert re.fullmatch(
        rf"{re.escape(str(site))}: the new site could not be written: No space left on device: "
        r"tc/\S+; nothing was published",
        str(raised.value),
    )
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_write_that_fails_midway_is_one_line_and_keeps_the_previous_output(tmp_path, content):
    site = tmp_path / "site"
    assert run_publish(content, site).returncode == 0
    before = snapshot(site)
    result = run_publish(content, site, limit=2048)  # a write beyond 2 KB fails: EFBIG
    assert result.returncode == 1
    assert re.fullmatch(
        rf"{re.escape(str(site))}: the new site could not be written: File too large: \S+; "
        rf"nothing was published; {re.escape(str(site))} is unchanged\n",
        result.stderr,
    ), result.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_read_only_folder_is_one_line_and_keeps_the_previous_output(
    tmp_path, content, monkeypatch
):
    site = tmp_path / "site"
    publish(content, site, ROOT / "publishconf.py")
    before = snapshot(site)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path / ".site.new-x"))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    with pytest.raises(PublishError) as raised:
        publish(content, site, ROOT / "publishconf.py")
    assert str(raised.value) == (
        f"{tmp_path}: cannot write the new site beside {site.name}: Read-only file system; "
        "nothing was published"
    )
    assert snapshot(site) == before
