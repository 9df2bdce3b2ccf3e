"""Content trees written to attack the tools that read them: a file name that would inject
GitHub workflow commands, a content tree that is a git repository configured to run programs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from plugins.directory.diagnostics import Diagnostic
from plugins.directory.history import entry_dates
from tests.support import ROOT, build, write_tree

GOOD = "name: {en: A, zh: 甲}\norigin: local\n"
INJECTION = "a\n::error file=evil.yaml,line=1::pwned\n"


def test_github_annotations_escape_properties_and_message():
    problem = Diagnostic("content/artists/a,b:c%\r\n::x.yaml", 3, "name", "50%\r\n::warning::x")
    assert problem.github_annotation() == (
        "::error file=content/artists/a%2Cb%3Ac%25%0D%0A%3A%3Ax.yaml,line=3::"
        "name: 50%25%0D%0A::warning::x"
    )


def test_a_file_name_cannot_inject_workflow_commands(tmp_path):
    write_tree(tmp_path / "content", {f"artists/{INJECTION}.yaml": GOOD, "artists/ok.yaml": GOOD})
    result = subprocess.run(
        [sys.executable, "-m", "plugins.directory", "validate", "content", "--format", "github"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    (annotation,) = result.stdout.splitlines()
    assert annotation.startswith(
        "::error file=content/artists/a%0A%3A%3Aerror file=evil.yaml%2Cline=1%3A%3Apwned%0A.yaml,"
        "line=1::"
    )


def git(cwd: Path, *args: str) -> str:
    identity = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org"}
    identity |= {"GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **identity},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def booby_trapped_repository(top: Path, marker: Path) -> None:
    """Make top a git repository whose one commit carries a signature and whose own
    configuration names a program, writing marker, for git to run: to check the signature (with
    log.showSignature), as pager, as file system monitor and as external diff."""
    git(top, "init", "-q")
    git(top, "add", ".")
    git(top, "commit", "-qm", "unsigned")
    commit = (
        f"tree {git(top, 'rev-parse', 'HEAD^{tree}')}\n"
        "author A <a@example.org> 1700000000 +0000\n"
        "committer A <a@example.org> 1700000000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n"
        "\nsigned\n"
    )
    (top.parent / "commit").write_text(commit)
    signed = git(top, "hash-object", "-t", "commit", "-w", str(top.parent / "commit"))
    git(top, "update-ref", "HEAD", signed)
    program = top.parent / "program"
    program.write_text(f"#!/bin/sh\necho ran >> {marker}\n")
    program.chmod(0o755)
    for name, value in (
        ("gpg.program", program),
        ("log.showSignature", "true"),
        ("core.pager", program),
        ("core.fsmonitor", program),
        ("diff.external", program),
    ):
        git(top, "config", name, str(value))


def test_a_content_tree_with_its_own_repository_runs_nothing(tmp_path, caplog):
    content = write_tree(tmp_path / "content", {"artists/a.yaml": GOOD})
    marker = tmp_path / "ran"
    booby_trapped_repository(content, marker)
    with caplog.at_level(logging.WARNING, logger="plugins.directory.history"):
        build(content, tmp_path / "output")
    assert not marker.exists()
    assert entry_dates(content) == {}  # as with no history at all
    assert [r.getMessage() for r in caplog.records] == [
        f"{content}: the content folder is a git repository of its own: its history is not "
        "read (its configuration could run programs), so entry dates fall back to "
        "SOURCE_DATE_EPOCH"
    ]


def test_the_repository_around_the_content_folder_is_read_without_running_its_programs(
    tmp_path,
):
    content = write_tree(tmp_path / "repo" / "content", {"artists/a.yaml": GOOD})
    marker = tmp_path / "ran"
    booby_trapped_repository(tmp_path / "repo", marker)
    build(content, tmp_path / "output")
    dates = entry_dates(content)
    assert not marker.exists()
    assert [(path, added.timestamp()) for path, (added, _) in dates.items()] == [
        ("artists/a.yaml", 1700000000)
    ]
