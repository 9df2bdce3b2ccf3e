"""The search cache is never trusted from where a content tree or a pull request can write: it
lives in the user's cache folder, and an index is opened only when its signature (HMAC-SHA256
with a per-user key) matches; whoosh's table of contents is a pickle, so a planted index would
otherwise run code when opened."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from whoosh import fields, index

from plugins.directory.incremental import BuildMemory, Memo, MemoryStore
from plugins.directory.model import load_model
from plugins.directory.pipeline import build_directory
from plugins.search.documents import documents
from plugins.search.indexing import (
    SIGNATURE,
    index_version,
    open_index,
    signing_key,
    update_index,
)
from plugins.search.querying import Searcher
from plugins.search.settings import cache_root, default_cache
from tests.support import ROOT, SMALL_DIRECTORY, build, write_tree


class _Opens:
    """Unpickled, it creates the file it names: what a planted pickle could do."""

    def __init__(self, path: Path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def plant(folder: Path, marker: Path, signature: bytes | None = None) -> None:
    """A whoosh index whose pickled schema creates marker when loaded, claiming this very code
    made it, with a signature made without the user's key (or the one given, copied)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    schema = fields.Schema(key=fields.ID(stored=True))
    schema["key"].payload = _Opens(marker)
    index.create_in(folder, schema)
    (folder / "VERSION").write_text(index_version())
    forged = hmac.new(b"not the user's key", b"", hashlib.sha256).hexdigest()
    (folder / SIGNATURE).write_bytes(signature or forged.encode())


def test_the_planted_pickle_really_runs_when_whoosh_opens_it(tmp_path):
    """The threat is real: whoosh unpickles its table of contents on opening."""
    plant(tmp_path / "index", tmp_path / "pwned")
    index.open_dir(tmp_path / "index")
    assert (tmp_path / "pwned").exists()


def test_the_default_cache_is_in_the_users_cache_folder(tmp_path):
    content = tmp_path / "content"
    digest = hashlib.sha256(os.fsencode(content)).hexdigest()[:16]
    xdg = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    assert cache_root(xdg) == tmp_path / "xdg" / "harbour-crossings"
    assert default_cache(content, xdg) == cache_root(xdg) / "search" / digest
    home = {"HOME": str(tmp_path / "home")}
    assert cache_root(home) == tmp_path / "home" / ".cache" / "harbour-crossings"
    relative = {"XDG_CACHE_HOME": "cache", "HOME": str(tmp_path / "home")}  # not absolute: unused
    assert cache_root(relative) == cache_root(home)


def test_the_key_is_made_once_and_readable_by_its_user_only(tmp_path):
    key = signing_key(tmp_path / "root")
    path = tmp_path / "root" / "key"
    assert len(key) == 32 and path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing_key(tmp_path / "root") == key


def test_planted_indexes_beside_the_content_and_in_the_cache_are_never_opened(tmp_path):
    """`make search` opens the whoosh index (the site's build needs none)."""
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    marker = tmp_path / "pwned"
    plant(tmp_path / ".cache" / "search" / "content", marker)  # where the cache used to be
    plant(default_cache(content, environ), marker)
    result = subprocess.run(
        [sys.executable, "-m", "plugins.search", str(content), "王家卫"],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert result.stdout.startswith("artists/wong-kar-wai\t")
    assert (
        f"search index in {default_cache(content, environ)} does not match its signature: "
        "rebuilding it from scratch"
    ) in result.stderr.splitlines()


def test_a_chosen_cache_folder_is_checked_too_and_a_copied_signature_does_not_help(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    cache = tmp_path / "index"
    command = [
        sys.executable,
        "-m",
        "plugins.search",
        str(content),
        "王家卫",
        "--cache",
        str(cache),
    ]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    genuine = (cache / SIGNATURE).read_bytes()
    marker = tmp_path / "pwned"
    plant(cache, marker, signature=genuine)
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    assert not marker.exists()
    with Searcher(open_index(cache)) as search:
        assert next(hit.key for hit in search("王家卫")) == "artists/wong-kar-wai"


def test_a_signed_index_is_kept_and_updated_in_place(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    docs = documents(build_directory(content).directory)
    key = signing_key(tmp_path / "mine")
    first = update_index(open_index(tmp_path / "index", key), docs, key)
    again = update_index(open_index(tmp_path / "index", key), docs, key)
    assert (first.added, again.added, again.unchanged) == (len(docs), 0, len(docs))
    # Another user's key does not verify it: rebuilt, every entry indexed afresh.
    other = signing_key(tmp_path / "other")
    assert update_index(open_index(tmp_path / "index", other), docs, other).added == len(docs)


def test_a_planted_build_memory_is_never_unpickled(tmp_path):
    """The build's memory is pickles too (incremental.MemoryStore): files planted in its place,
    signed without the user's key, are not read; the build makes everything, as with none."""
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    first = build(content, tmp_path / "output")
    store = MemoryStore.for_build(content, tmp_path / "output", load_model())
    marker = tmp_path / "pwned"
    planted = pickle.dumps(_Opens(marker))
    forged = hmac.new(b"not the user's key", planted, hashlib.sha256).digest()
    for name in ("index", *(p.name for p in store.folder.glob("log-*"))):
        (store.folder / name).write_bytes(forged + planted)
    again = build(content, tmp_path / "output")
    assert not marker.exists()
    assert again.report is not None and first.report is not None
    assert again.report.made == first.report.made > 0


def test_a_build_memory_file_written_after_its_signature_was_checked_is_not_unpickled(
    tmp_path,
):
    """The log's files are checked in a thread from the moment the index is read, and
    unpickled later: what is unpickled must be the bytes checked, not what the file holds by
    then (a pickle written in place meanwhile)."""
    store = MemoryStore(tmp_path / "memory", load_model(), key=b"k" * 32)
    memo = Memo()
    memo.get("x", b"1", lambda: "v" * 10_000)
    store.save(BuildMemory(b"v", memo=memo.kept()), None)
    store = MemoryStore(tmp_path / "memory", load_model(), key=b"k" * 32)
    memory = store.load()
    (log,) = (tmp_path / "memory").glob("log-*")
    assert store._verifying is not None and list(store._verifying)  # the thread checked it
    marker = tmp_path / "pwned"
    with open(log, "r+b") as file:
        file.seek(32)
        file.write(pickle.dumps(_Opens(marker)))
    assert store.fill(memory).memo == memo.kept()
    assert not marker.exists()
