"""Index stage: Documents -> a persistent whoosh index, updated in place. An entry is
re-indexed only when the digest of what it indexes changed; entries gone are deleted.

whoosh keeps its table of contents as a pickle, so opening an index can run any code its
maker put in it. An index is therefore signed (HMAC-SHA256 over its files, with a secret key
of the user's) after every change, and opened only when the signature verifies: anything else
in the cache folder is thrown away and the index rebuilt, never unpickled."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import Token, Tokenizer

from plugins.directory.cache import signing_key
from plugins.directory.output import exclusive

from .analysis import FIELD_KINDS, field_terms
from .documents import Document
from .folding import fold

log = logging.getLogger(__name__)
# The code and libraries that decide what an index holds: an index made by any other version of
# them (after an upgrade, a checkout of another commit) is rebuilt from scratch.
INDEX_MAKERS = tuple(
    Path(__file__).with_name(n) for n in ("analysis.py", "folding.py", "indexing.py")
)
SEPARATOR = "\x1e"  # between the texts of one field
SIGNATURE = "SIGNATURE"  # in the index folder: the hex HMAC of every other file in it


class _Terms(Tokenizer):
    """Whoosh tokenizer over analysis.py, so that whoosh indexes exactly the terms the browser
    computes. ``kind`` is "text", "joined" (a name's words joined), "exact" (a whole name as
    one term), "chars" (its CJK characters) or "words" (its words unstemmed, for typos)."""

    def __init__(self, kind: str):
        self.kind = kind

    def __eq__(self, other):
        return type(other) is type(self) and other.kind == self.kind

    def __call__(self, value, positions=False, mode="", **kwargs):
        token = Token(positions, False, removestops=False, mode=mode, **kwargs)
        texts = [fold(text) for text in value.split(SEPARATOR)]
        for term, pos in field_terms(self.kind, texts):
            token.text, token.boost, token.stopped = term, 1.0, False
            if positions:
                token.pos = pos
            yield token


def schema() -> fields.Schema:
    def text(kind):
        # A whoosh tokenizer is an analyzer (a callable from text to tokens); positions are kept
        # for the phrase check, in the fields of running text.
        analyzer = _Terms(kind)
        return fields.TEXT(analyzer=analyzer, phrase=kind == "text")  # type: ignore[arg-type]

    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        digest=fields.STORED,
        order=fields.STORED,
        result=fields.STORED,
        **{name: text(kind) for name, kind in FIELD_KINDS.items()},
    )


@dataclass(frozen=True)
class Update:
    added: int
    changed: int
    removed: int
    unchanged: int


def index_version() -> str:
    """A digest of the code and library versions that make the index."""
    digest = hashlib.sha256()
    for path in sorted(INDEX_MAKERS):
        digest.update(path.read_bytes())
    for package in ("whoosh3", "opencc"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()


def open_index(folder: Path, key: bytes | None = None):
    """The index in folder when it is signed with key (this user's) and was made by this very
    code; else a new empty one (whatever was there is removed unopened)."""
    folder = Path(folder)
    key = key or signing_key()
    with _locked(folder):
        if folder.exists() and any(folder.iterdir()):
            if not _signed(folder, key):
                log.warning(
                    "search index in %s does not match its signature: rebuilding it from scratch",
                    folder,
                )
            elif (folder / "VERSION").read_text() == index_version():
                return index.open_dir(str(folder))
            else:
                log.info("search index in %s was made by other code: rebuilding it", folder)
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        created = index.create_in(str(folder), schema())
        (folder / "VERSION").write_text(index_version())
        _sign(folder, key)
        return created


def update_index(ix, docs: list[Document], secret: bytes | None = None) -> Update:
    """Bring the index in line with docs, touching only the entries that changed; sign it with
    secret (this user's key)."""
    with ix.searcher() as searcher:
        indexed = {f["key"]: f["digest"] for f in searcher.all_stored_fields()}
    wanted = {d.key: d for d in docs}
    todo = [d for d in docs if indexed.get(d.key) != d.digest]
    gone = sorted(set(indexed) - set(wanted))
    if todo or gone:
        folder = Path(ix.storage.folder)
        with _locked(folder):
            writer = ix.writer()
            for key in gone:
                writer.delete_by_term("key", key)
            for doc in todo:
                writer.update_document(
                    key=doc.key,
                    digest=doc.digest,
                    order=list(doc.order),
                    result=json.dumps(doc.result, ensure_ascii=False, sort_keys=True),
                    **{name: SEPARATOR.join(texts) for name, texts in doc.fields.items()},
                    words=SEPARATOR.join(doc.fields["name"]),
                )
            writer.commit()
            _sign(folder, secret or signing_key())
    added = sum(1 for d in todo if d.key not in indexed)
    return Update(added, len(todo) - added, len(gone), len(docs) - len(todo))


def _signature(folder: Path, key: bytes) -> str:
    """HMAC-SHA256 over the name and SHA-256 of every file in folder but the signature."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for path in sorted(folder.iterdir()):
        if path.name == SIGNATURE:
            continue
        mac.update(os.fsencode(path.name) + b"\0")
        if path.is_file():
            with path.open("rb") as file:
                mac.update(hashlib.file_digest(file, "sha256").digest())
        else:
            mac.update(b"not a file")
    return mac.hexdigest()


def _signed(folder: Path, key: bytes) -> bool:
    try:
        claimed = (folder / SIGNATURE).read_text("ascii")
    except (OSError, UnicodeDecodeError):
        return False
    return hmac.compare_digest(claimed, _signature(folder, key))


def _sign(folder: Path, key: bytes) -> None:
    (folder / SIGNATURE).write_text(_signature(folder, key), "ascii")


def _locked(folder: Path):
    """One process at a time opens, rebuilds or updates the index in folder."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    lock = folder.with_name(f".{folder.name}.lock")
    return exclusive(lock, folder, "another build is using this search index: waiting for it")
