"""Content trees written to attack the tools that read them: a file name that would inject
GitHub workflow commands."""

from __future__ import annotations

import os
import subprocess
import sys

from plugins.directory.diagnostics import Diagnostic
from tests.conftest import ROOT, write_tree

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
