"""Whether the tools the project installs from npm and pip come out the same from the same commit,
checked without installing them: npm ci accepts each package-lock.json, no dependency in a lock
follows a dist-tag (such as "latest") that no override pins, and pip resolves each requirements
file to exactly the packages and versions it pins. Each function returns its problems, one
message each, naming the file relative to the folder given as root."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
NPM_FLAGS = ("--no-audit", "--no-fund", "--ignore-scripts")
GIT_LS_FILES = ("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--")
PIP_DRY_RUN = ("-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet")
DEPENDENCY_KINDS = ("dependencies", "optionalDependencies", "peerDependencies")
# A registry spec that npm reads as a dist-tag: not a semver range ("1.2", "^1", "x", "v2", "*"),
# nor a URL, path, git or alias spec.
DIST_TAG = re.compile(r"(?![vV=]?\d)(?![xX](?:\.[\dxX*]+)*$)[A-Za-z][\w.-]*")
EXACT_VERSION = re.compile(r"\d+\.\d+\.\d+(?:-[\w.-]+)?")
# The lines in which npm ci says what differs, e.g. "Missing: foo@1.0.0 from lock file".
NPM_MISMATCH = re.compile(r"npm error ((?:Missing|Invalid): .*)")


def project_files(root: Path, pattern: str) -> list[Path]:
    """Files under root matching the glob, committed or not, minus what .gitignore leaves out
    (node_modules, .venv): those that a fresh clone has, or will once committed."""
    listed = subprocess.run(
        [*GIT_LS_FILES, f":(glob)**/{pattern}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(root / name for name in set(listed.split("\0")) if name)


def npm_folders(root: Path = ROOT) -> list[Path]:
    """Every folder with a package.json: each is installed with npm ci."""
    return [path.parent for path in project_files(root, "package.json")]


def requirements_files(root: Path = ROOT) -> list[Path]:
    """Every pip requirements file (requirements*.txt)."""
    return project_files(root, "requirements*.txt")


def _name(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _folder(folder: Path, root: Path) -> str:
    return "the repository root" if folder == root else _name(folder, root) + "/"


def npm_ci_problems(folder: Path, root: Path = ROOT) -> list[str]:
    """What would make npm ci refuse to install folder, found with npm ci --dry-run."""
    lock, manifest = folder / "package-lock.json", folder / "package.json"
    if not lock.is_file():
        return [
            f"{_name(manifest, root)} has no package-lock.json beside it, so npm installs "
            f"whatever is newest: run `npm install --package-lock-only` in "
            f"{_folder(folder, root)} and commit the lock"
        ]
    done = subprocess.run(
        ["npm", "ci", "--dry-run", *NPM_FLAGS], cwd=folder, capture_output=True, text=True
    )
    if done.returncode == 0:
        return []
    differences = NPM_MISMATCH.findall(done.stderr)
    if differences:
        return [
            f"{_name(lock, root)} does not match {_name(manifest, root)}, so npm ci in "
            f"{_folder(folder, root)} refuses to install: " + "; ".join(differences)
        ]
    return [
        f"npm ci --dry-run failed in {_folder(folder, root)} "
        f"(status {done.returncode}):\n{done.stderr.strip()}"
    ]


def floating_problems(folder: Path, root: Path = ROOT) -> list[str]:
    """Dependencies in folder's lock asked for by dist-tag with no exact override: npm ci
    refuses the lock as soon as the tag moves, that is whenever the package publishes."""
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    overrides = manifest.get("overrides", {})
    found = []
    for path, package in lock.get("packages", {}).items():
        parent = path.rpartition("node_modules/")[2] or manifest.get("name", "the root")
        for kind in DEPENDENCY_KINDS:
            for name, spec in package.get(kind, {}).items():
                if DIST_TAG.fullmatch(spec) and not _pinned(overrides, parent, name):
                    found.append(
                        f"{_name(folder / 'package-lock.json', root)}: {parent} asks for {name} "
                        f"at the dist-tag '{spec}', which moves whenever {name} publishes; pin it "
                        f"to an exact version in the overrides of "
                        f"{_name(folder / 'package.json', root)}"
                    )
    return found


def _pinned(overrides: dict, parent: str, name: str) -> bool:
    """Whether overrides set name to an exact version everywhere or under parent."""
    scoped = [v for k, v in overrides.items() if k == parent or k.startswith(f"{parent}@")]
    candidates = [overrides.get(name)] + [v.get(name) for v in scoped if isinstance(v, dict)]
    return any(isinstance(v, str) and EXACT_VERSION.fullmatch(v) for v in candidates)


def pip_problems(requirements: Path, root: Path = ROOT) -> list[str]:
    """What keeps pip from installing requirements exactly as pinned: a line that is not
    name==version, a pin pip cannot resolve, or a package pip would add that is not pinned."""
    where = _name(requirements, root)
    pins, found = {}, []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        exact = len(specifiers) == 1 and specifiers[0].operator == "=="
        exact = exact and "*" not in specifiers[0].version
        if not exact:
            found.append(f"{where}: {line} is not pinned to one version (name==version)")
        pins[canonicalize_name(requirement.name)] = specifiers[0].version if exact else None
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run(
            [sys.executable, *PIP_DRY_RUN, "--report", str(report), "-r", str(requirements)],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
            return [*found, f"pip cannot install {where}: " + "; ".join(errors or [done.stderr])]
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    for item in installs:
        name = canonicalize_name(item["metadata"]["name"])
        version = item["metadata"]["version"]
        if name not in pins:
            found.append(f"{where}: pip would also install {name} {version}, which it does not pin")
        elif pins[name] and Version(version) != Version(pins[name]):
            found.append(f"{where}: pins {name} {pins[name]} but pip would install {version}")
    return found
