"""make clean removes an output and nothing else: it refuses what make publish refuses, and
removes only a folder that holds the output marker or nothing at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from plugins.directory.output import MARKER
from tests.support import ROOT, SMALL_DIRECTORY, build, write_tree

EXPECTED = (
    "expected a folder of its own for the site: absent, empty, or published into before; "
    "nothing was changed"
)


def run_clean(output: Path | str, content: Path, *, cwd: Path = ROOT, home: Path | None = None):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "plugins.directory",
            "clean",
            str(output),
            "--content",
            str(content),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **({"HOME": str(home)} if home else {})},
        timeout=120,
    )


def refused(output: Path, reason: str) -> str:
    return f"{output}: refused: {reason}; {EXPECTED}\n"


def checkout_copy(tmp_path: Path) -> Path:
    """A copy of the project's Makefile in a folder that stands for a checkout: make clean run
    there can lose nothing but the copy, even where it would delete its folder."""
    project = tmp_path / "checkout"
    (project / ".git").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    os.utime(project / "pyproject.toml", (0, 0))  # older than .venv/.installed: no install
    (project / "notes.txt").write_text("mine\n")
    return project


def test_make_clean_outputdir_dot_keeps_the_checkout(tmp_path):
    project = checkout_copy(tmp_path)
    for outputdir in (".", str(project)):
        result = subprocess.run(
            [
                "make",
                "--no-print-directory",
                "clean",
                f"OUTPUTDIR={outputdir}",
                f"VENV={ROOT}/.venv",
            ],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )
        assert result.returncode != 0
        assert (
            result.stderr.splitlines()[0]
            # INPUTDIR is the checkout's content/: the checkout holds it (and .git)
            == refused(project, f"it holds the content folder {project / 'content'}").strip()
        )
    assert (project / "notes.txt").read_text() == "mine\n" and (project / ".git").is_dir()


def test_clean_refuses_what_publish_refuses(tmp_path):
    content = write_tree(tmp_path / "work" / "content", {"artists/a.yaml": "name: A\n"})
    stranger = write_tree(tmp_path / "photos", {"a.jpg": b"\xff\xd8"})
    home = tmp_path / "home"
    home.mkdir()
    for output, reason in (
        (ROOT, "it is the project's own folder"),
        (ROOT.parent, f"it holds the project's folder {ROOT}"),
        (Path("/"), "it is the filesystem root"),
        (home, "it is your home folder"),
        (content, "it is the content folder"),
        (content / "artists", f"it is inside the content folder {content}"),
        (tmp_path / "work", f"it holds the content folder {content}"),
        (
            stranger,
            f"it is not empty and holds no {MARKER}, so it is not an earlier output of make "
            "publish",
        ),
        (stranger / "a.jpg", "it is a file, not a folder"),
    ):
        result = run_clean(output, content, home=home)
        assert (result.returncode, result.stderr) == (2, refused(output, reason))
    assert (ROOT / ".git").exists() and (content / "artists" / "a.yaml").is_file()
    assert (stranger / "a.jpg").is_file()


def test_clean_removes_an_output_an_empty_folder_and_leftovers(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    output = build(content, tmp_path / "site").output
    leftover = tmp_path / ".site.new-abc"
    leftover.mkdir()
    (leftover / MARKER).write_text("")
    assert (output / MARKER).is_file() and (output / "en").is_dir()
    result = run_clean(output, content)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"removed {output}\n", "")
    assert not output.exists() and not leftover.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_clean(empty, content).returncode == 0 and not empty.exists()
    result = run_clean(tmp_path / "absent", content)
    assert (result.returncode, result.stdout) == (0, f"{tmp_path / 'absent'}: nothing to remove\n")


def test_an_output_holding_a_git_checkout_is_not_cleaned(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    output = build(content, tmp_path / "site").output
    (output / "deploy" / ".git").mkdir(parents=True)
    result = run_clean(output, content)
    assert (result.returncode, result.stderr) == (
        2,
        refused(output, "it holds a git checkout: deploy/.git"),
    )
    assert (output / MARKER).is_file()
