"""Every tool install the project runs works from a fresh clone and keeps working: npm ci in each
folder with a package.json and pip install of each requirements file install what the commit
pins. Checked from the locks with npm ci --dry-run and pip install --dry-run, installing nothing
(they need the registries, as the installs do)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.lock_checks import (
    ROOT,
    floating_problems,
    npm_ci_problems,
    npm_folders,
    pip_problems,
    requirements_files,
)


def ids(paths: list[Path]) -> list[str]:
    return [path.relative_to(ROOT).as_posix() for path in paths]


def copy_benchmarks(tmp_path: Path) -> Path:
    """benchmarks/ as committed, without node_modules, at tmp_path/benchmarks."""
    copy = tmp_path / "benchmarks"
    copy.mkdir()
    for name in ("package.json", "package-lock.json", "requirements.txt"):
        shutil.copy(ROOT / "benchmarks" / name, copy / name)
    return copy


def edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@pytest.mark.parametrize("folder", npm_folders(), ids=ids(npm_folders()))
def test_npm_ci_accepts_the_committed_lock(folder):
    assert npm_ci_problems(folder) == []


@pytest.mark.parametrize("folder", npm_folders(), ids=ids(npm_folders()))
def test_no_locked_dependency_follows_a_dist_tag(folder):
    assert floating_problems(folder) == []


@pytest.mark.parametrize("requirements", requirements_files(), ids=ids(requirements_files()))
def test_pip_installs_exactly_what_the_requirements_pin(requirements):
    assert pip_problems(requirements) == []


def test_the_makefile_pip_installs_pins_only_from_checked_requirements_files():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line.strip() for line in makefile.splitlines() if "pip install" in line]
    assert [line for line in installs if "==" in line] == []
    files = [ROOT / name for line in installs for name in re.findall(r"-r (\S+)", line)]
    assert files == requirements_files()


def test_every_folder_with_a_package_json_is_found_and_ignored_ones_are_not(tmp_path):
    for name in ("package.json", "tools/package.json", "node_modules/left/package.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    subprocess.run(["git", "init", "--quiet"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "package.json"], cwd=tmp_path, check=True)
    assert npm_folders(tmp_path) == [tmp_path, tmp_path / "tools"]


def test_a_dependency_added_without_updating_the_lock_is_reported(tmp_path):
    folder = copy_benchmarks(tmp_path)
    edit_json(
        folder / "package.json", lambda data: data["devDependencies"].update({"is-number": "7.0.0"})
    )
    assert npm_ci_problems(folder, tmp_path) == [
        "benchmarks/package-lock.json does not match benchmarks/package.json, so npm ci in "
        "benchmarks/ refuses to install: Missing: is-number@7.0.0 from lock file"
    ]


def test_a_package_json_without_a_lock_is_reported(tmp_path):
    folder = copy_benchmarks(tmp_path)
    (folder / "package-lock.json").unlink()
    assert npm_ci_problems(folder, tmp_path) == [
        "benchmarks/package.json has no package-lock.json beside it, so npm installs whatever is "
        "newest: run `npm install --package-lock-only` in benchmarks/ and commit the lock"
    ]


def test_lighthouse_without_its_overrides_follows_latest(tmp_path):
    """Issue 15: the lock went stale each time third-party-web published."""
    folder = copy_benchmarks(tmp_path)
    edit_json(folder / "package.json", lambda data: data.pop("overrides"))
    assert floating_problems(folder, tmp_path) == [
        f"benchmarks/package-lock.json: @paulirish/trace_engine asks for {name} at the dist-tag "
        f"'latest', which moves whenever {name} publishes; pin it to an exact version in the "
        "overrides of benchmarks/package.json"
        for name in ("legacy-javascript", "third-party-web")
    ]


@pytest.mark.parametrize(
    ("overrides", "floating"),
    [
        ({"third-party-web": "0.27.0", "legacy-javascript": "0.0.1"}, []),
        ({"@paulirish/trace_engine@0.0.59": {"third-party-web": "0.27.0"}}, ["legacy-javascript"]),
        (
            {"@paulirish/trace_engine": {"legacy-javascript": "0.0.1", "third-party-web": "^0.27"}},
            ["third-party-web"],
        ),
    ],
    ids=["everywhere", "under-one-version", "a-range"],
)
def test_an_override_pins_only_to_an_exact_version(tmp_path, overrides, floating):
    folder = copy_benchmarks(tmp_path)
    edit_json(folder / "package.json", lambda data: data.update(overrides=overrides))
    assert [re.search(r"asks for (\S+)", p)[1] for p in floating_problems(folder, tmp_path)] == (
        floating
    )


def test_a_requirement_pip_would_add_unpinned_is_reported(tmp_path):
    folder = copy_benchmarks(tmp_path)
    requirements = folder / "requirements.txt"
    lines = requirements.read_text(encoding="utf-8").splitlines()
    requirements.write_text(
        "\n".join(line for line in lines if not line.startswith("pagefind-bin-extended")),
        encoding="utf-8",
    )
    [problem] = pip_problems(requirements, tmp_path)
    assert re.fullmatch(
        r"benchmarks/requirements\.txt: pip would also install pagefind-bin-extended "
        r"1\.\d+\.\d+, which it does not pin",
        problem,
    )


def test_a_requirement_not_pinned_to_one_version_is_reported(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("pagefind==1.5.2\npagefind-bin-extended>=1.5.2,<1.5.3\n", "utf-8")
    assert pip_problems(requirements, tmp_path) == [
        "requirements.txt: pagefind-bin-extended>=1.5.2,<1.5.3 is not pinned to one version "
        "(name==version)"
    ]


def test_a_pin_pip_cannot_resolve_is_reported(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("pagefind==0.0.1\n", encoding="utf-8")
    [problem] = pip_problems(requirements, tmp_path)
    assert problem.startswith("pip cannot install requirements.txt: ERROR: ")
    assert problem.endswith("ERROR: No matching distribution found for pagefind==0.0.1")
