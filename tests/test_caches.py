"""The search cache is never trusted from where a content tree or a pull request can write: it
lives in the user's cache folder, and an index is opened only when its signature (HMAC-SHA256
with a per-user key) matches; whoosh's table of contents is a pickle, so a planted index would
otherwise run code when opened."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import shutil
import stat
from pathlib import Path

from whoosh import fields, index

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
from tests.conftest import SMALL_DIRECTORY, build, write_tree


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


def test_the_default_cache_is_in_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    content = tmp_path / "content"
    digest = hashlib.sha256(os.fsencode(content)).hexdigest()[:16]
    assert cache_root() == tmp_path / "xdg" / "harbour-crossings"
    assert default_cache(content) == tmp_path / "xdg" / "harbour-crossings" / "search" / digest
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "harbour-crossings"


def test_the_key_is_made_once_and_readable_by_its_user_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    key = signing_key()
    path = tmp_path / "xdg" / "harbour-crossings" / "key"
    assert len(key) == 32 and path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing_key() == key


def test_planted_indexes_beside_the_content_and_in_the_cache_are_never_opened(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    marker = tmp_path / "pwned"
    plant(tmp_path / ".cache" / "search" / "content", marker)  # where the cache used to be
    plant(default_cache(content), marker)
    with caplog.at_level(logging.INFO, logger="plugins.search.indexing"):
        site = build(content, tmp_path / "output")
    assert not marker.exists()
    assert (site.output / "search" / "manifest.json").is_file()
    assert [r.getMessage() for r in caplog.records if "signature" in r.getMessage()] == [
        f"search index in {default_cache(content)} does not match its signature: "
        "rebuilding it from scratch"
    ]


def test_a_chosen_cache_folder_is_checked_too_and_a_copied_signature_does_not_help(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    cache = tmp_path / "index"
    build(content, tmp_path / "output", SEARCH={"CACHE_DIR": str(cache)})
    genuine = (cache / SIGNATURE).read_bytes()
    marker = tmp_path / "pwned"
    plant(cache, marker, signature=genuine)
    build(content, tmp_path / "output", SEARCH={"CACHE_DIR": str(cache)})
    assert not marker.exists()
    with Searcher(open_index(cache)) as search:
        assert next(hit.key for hit in search("王家卫")) == "artists/wong-kar-wai"


def test_a_signed_index_is_kept_and_updated_in_place(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    docs = documents(build_directory(content).directory)
    first = update_index(open_index(tmp_path / "index"), docs)
    again = update_index(open_index(tmp_path / "index"), docs)
    assert (first.added, again.added, again.unchanged) == (len(docs), 0, len(docs))
    # Another user's key (or none) does not verify it: rebuilt, every entry indexed afresh.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other"))
    other = update_index(open_index(tmp_path / "index"), docs)
    assert other.added == len(docs)
