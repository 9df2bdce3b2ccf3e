"""Hostile input and faults: every bad file is reported on one line, nothing from an entry leaks
raw into a page or a terminal, no file is silently lost, nothing in a file is run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, write_tree

GOOD = "name: {en: Ho Fan, zh: 何藩}\norigin: local\n"


def validate_command(content: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plugins.directory", "validate", str(content)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )


# 6. What is printed to a terminal has its control characters escaped.


def test_validate_prints_control_characters_escaped(tmp_path):
    content = write_tree(
        tmp_path / "content",
        {
            "artists/\x1b[2J.yaml": GOOD,
        },
    )
    result = validate_command(content)
    assert result.returncode == 1
    assert b"\x1b" not in result.stderr
    lines = result.stderr.decode().splitlines()
    prefix = "content/artists"
    assert lines[:-1] == [
        f"{prefix}/\\x1b[2J.yaml:1: slug: '\\x1b[2J' is not a valid slug: expected lowercase "
        "ASCII letters, digits and single hyphens, as in 'wong-kar-wai'",
    ]


def test_search_prints_names_escaped_one_result_a_line(tmp_path):
    content = write_tree(
        tmp_path / "content", {"artists/wong-kar-wai.yaml": 'name: "Wong\\tKar-wai"\n'}
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plugins.search",
            str(content),
            "wong",
            "--cache",
            str(tmp_path / "cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["artists/wong-kar-wai\tWong\\tKar-wai\tWong\\tKar-wai"]
