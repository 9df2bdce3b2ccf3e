"""Index stage: Documents -> a persistent whoosh index, updated in place. An entry is
re-indexed only when the digest of what it indexes changed; entries gone are deleted."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import Token, Tokenizer

from .analysis import compact, name_characters, name_extras, name_words, text_terms
from .documents import Document
from .folding import fold

log = logging.getLogger(__name__)
# The code and libraries that decide what an index holds: an index made by any other version of
# them (after an upgrade, a checkout of another commit) is rebuilt from scratch.
INDEX_MAKERS = tuple(
    Path(__file__).with_name(n) for n in ("analysis.py", "folding.py", "indexing.py")
)
SEPARATOR = "\x1e"  # between the texts of one field


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
        for term, pos in field_terms(self.kind, value.split(SEPARATOR)):
            token.text, token.boost, token.stopped = term, 1.0, False
            if positions:
                token.pos = pos
            yield token


def field_terms(kind: str, texts) -> list[tuple[str, int]]:
    """(term, position) of a field's texts; a gap between texts keeps phrases from spanning two
    of them."""
    found: list[tuple[str, int]] = []
    position = 0
    for text in texts:
        folded = fold(text)
        if kind == "text":
            terms, position = text_terms(folded, position)
        elif kind == "exact":
            terms = [(compact(folded), position)] if compact(folded) else []
            position += 1
        else:
            extras = {"chars": name_characters, "joined": name_extras, "words": name_words}
            words = extras[kind](folded)
            terms = [(w, position + i) for i, w in enumerate(words)]
            position += len(terms)
        found += terms
        position += 1
    return found


def schema() -> fields.Schema:
    def text(kind, phrase=True):
        return fields.TEXT(analyzer=_Terms(kind), phrase=phrase)

    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        digest=fields.STORED,
        order=fields.STORED,
        result=fields.STORED,
        name=text("text"),
        joined=text("joined", phrase=False),
        exact=text("exact", phrase=False),
        chars=text("chars", phrase=False),
        # Not searched: its lexicon is the vocabulary that typos are matched against.
        words=text("words", phrase=False),
        related=text("text"),
        meta=text("text"),
        text=text("text"),
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


def open_index(folder: Path):
    """The index in folder, or a new empty one when there is none made by this very code."""
    folder = Path(folder)
    marker = folder / "VERSION"
    version = index_version()
    if index.exists_in(folder) and marker.exists() and marker.read_text() == version:
        return index.open_dir(folder)
    if folder.exists():
        log.info("search index in %s was made by other code: rebuilding it", folder)
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    created = index.create_in(folder, schema())
    marker.write_text(version)
    return created


def update_index(ix, docs: list[Document]) -> Update:
    """Bring the index in line with docs, touching only the entries that changed."""
    with ix.searcher() as searcher:
        indexed = {f["key"]: f["digest"] for f in searcher.all_stored_fields()}
    wanted = {d.key: d for d in docs}
    todo = [d for d in docs if indexed.get(d.key) != d.digest]
    gone = sorted(set(indexed) - set(wanted))
    if todo or gone:
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
    added = sum(1 for d in todo if d.key not in indexed)
    return Update(added, len(todo) - added, len(gone), len(docs) - len(todo))
