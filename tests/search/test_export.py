"""The search export, as the build makes it without whoosh: every posting is whoosh's, and a
rebuild brought up to date from the last one exports exactly what a clean build exports, byte
for byte, whatever changed, writing only the files whose contents changed."""

from __future__ import annotations

import itertools
import json
import re
import types
from pathlib import Path
from typing import Any

import pytest

from plugins.directory.incremental import Memo, Outputs
from plugins.directory.pipeline import build_directory
from plugins.directory.settings import DirectorySettings, read_settings
from plugins.search.analysis import FUZZY_MIN, TEXT_FIELDS, is_cjk
from plugins.search.documents import FIELDS, documents
from plugins.search.exporting import CHUNK, Exported, bucket, file_key, shard_key, typo_keys
from plugins.search.extension import SearchExtension
from plugins.search.indexing import open_index, update_index
from plugins.search.querying import live_df
from plugins.search.scoring import field_stats, impact
from tests.search.test_search import MUSEUMS, SHORT_NAMES
from tests.support import write_tree

JOB = types.SimpleNamespace(settings=read_settings({}, "DIRECTORY", DirectorySettings))
CONTENT = {**MUSEUMS, **SHORT_NAMES}


class Exporter:
    """The search stage of successive builds of one content folder into one output: each
    export starts from the memo of the one before, as the build's does."""

    def __init__(self, content: Path):
        self.content = content
        self.kept: dict | None = None
        self.files: dict[str, bytes] = {}  # the output's search files
        self.written: dict[str, bytes] = {}  # fingerprints of the files made last
        self.told: tuple[str, ...] = ()  # what the last export told the build's log
        self.put: set[tuple] = set()  # the keys of the pieces of its state the last export put

    def run(self) -> set[str]:
        """Export; the files made (those whose fingerprint is new)."""
        memo = Memo(self.kept)
        contribution = SearchExtension({}).contribute(
            build_directory(self.content).directory, JOB, memo
        )
        self.kept = memo.kept()
        self.told = contribution.told
        self.put = {key[1:] for namespace, key in memo.replaced if namespace == "search.export"}
        made = set()
        batch = contribution.files
        assert isinstance(batch, Outputs)
        for name, fingerprint in batch.fingerprints.items():
            if self.written.get(name) != fingerprint:
                self.files[name] = batch.make(name)
                made.add(name)
        self.written = dict(batch.fingerprints)
        self.files = {n: d for n, d in self.files.items() if n in self.written}
        return made

    def stored(self) -> dict[tuple, Any]:
        """The pieces of the state the last export kept for the next, by key (Exported.stored):
        those its head names."""
        kept = self.kept
        assert kept is not None
        ((base, _),) = (k for n, k in kept if n == "search.export" and k[1:] == ("head",))
        found: dict[tuple, Any] = {}

        def stored(key: tuple) -> Any:
            found[key] = kept.get(("search.export", (base, *key)))
            return found[key]

        assert Exported.read(stored) is not None
        return found

    def state(self) -> Exported:
        """What the last export kept for the next."""
        found = Exported.read(self.stored().__getitem__)
        assert found is not None
        return found


def clean_export(tmp_path: Path, files: dict) -> dict[str, bytes]:
    exporter = Exporter(write_tree(tmp_path, files))
    exporter.run()
    return exporter.files


def _from_whoosh(index_dir: Path, content: Path) -> tuple[dict[str, list], list[str]]:
    """Every term's postings and every name word, read from whoosh's index of content as the
    export's format has them (ids in the site's order, impacts by scoring.impact)."""
    ix = open_index(index_dir)
    update_index(ix, documents(build_directory(content).directory))
    terms: dict[str, list] = {}
    with ix.reader() as reader:
        stats = field_stats(reader.doc_count())
        docs = sorted((s["order"], n) for n, s in reader.iter_docs() if not reader.is_deleted(n))
        ids = {n: i for i, (_, n) in enumerate(docs)}
        for index, field in enumerate(FIELDS):
            for raw in reader.lexicon(field):
                term = raw.decode("utf-8")
                matcher = reader.postings(field, term)
                rows = []
                positioned = field in TEXT_FIELDS and len(term) == 2 and all(map(is_cjk, term))
                while matcher.is_active():
                    n = matcher.id()
                    length = reader.doc_field_length(n, field) or 0
                    at = matcher.value_as("positions") if positioned else None
                    rows.append((ids[n], matcher.weight(), length, at))
                    matcher.next()
                flat: list[int] = []
                previous = 0
                for doc, tf, length, at in sorted(rows):
                    flat += [doc - previous, impact(field, tf, length, stats[field], len(rows))]
                    previous = doc
                    if at is not None:
                        flat += [len(at), *(b - a for a, b in itertools.pairwise([0, *at]))]
                if flat:
                    terms.setdefault(term, []).extend([index, flat])
        words = sorted(
            w
            for w in (raw.decode("utf-8") for raw in reader.lexicon("words"))
            if len(w) >= FUZZY_MIN and live_df(reader, "words", w)
        )
    return terms, words


def test_every_exported_posting_and_name_word_is_whooshs(tmp_path):
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    exporter.run()
    files = {n.removeprefix("search/"): json.loads(d) for n, d in exporter.files.items()}
    expected, words = _from_whoosh(tmp_path / "index", content)
    split = set(files["manifest.json"]["split"])
    exported: dict[str, list] = {}
    for name, shard in files.items():
        if name.startswith("t/"):
            for term, data in shard.items():
                assert name == f"t/{file_key(shard_key(term, split))}.json"
                exported[term] = data
    assert exported == expected
    assert len(expected) > 100
    vocabulary = {w for n, v in files.items() if n.startswith("v/") for w in v}
    assert sorted(vocabulary) == words
    for word in words:
        for key in typo_keys(word):
            assert word in files[f"v/{file_key(key)}.json"]


def test_the_manifest_versions_each_bucket_of_files(tmp_path):
    exporter = Exporter(write_tree(tmp_path / "content", CONTENT))
    exporter.run()
    manifest = json.loads(exporter.files["search/manifest.json"])
    before = manifest["versions"]
    assert len(before) == manifest["buckets"] * manifest["versionChars"]
    edit = "artists/lo-kai.yaml"
    write_tree(exporter.content, {edit: "name: {en: Lo Kai-ming, zh: 盧佳明}\n"})
    made = exporter.run() - {"search/manifest.json"}
    after = json.loads(exporter.files["search/manifest.json"])["versions"]
    width = manifest["versionChars"]
    changed = {
        i
        for i in range(manifest["buckets"])
        if before[i * width : (i + 1) * width] != after[i * width : (i + 1) * width]
    }
    assert changed == {bucket(name.removeprefix("search/")) for name in made}


def _steps(content: Path) -> list[tuple[str, dict, list[str]]]:
    """(what changes, files written, files deleted), one after another."""
    return [
        ("nothing", {}, []),
        ("a name", {"artists/lo-kai.yaml": "name: {en: Lo Kai-ming, zh: 盧佳明}\n"}, []),
        ("a text", {"venues/art-museum.yaml": "name: {en: Art Museum, zh: 美術館}\n"}, []),
        ("an entry added", {"artists/ho-fan.yaml": "name: {en: Fan Ho, zh: 何藩}\n"}, []),
        (
            "an entry renamed",
            {"artists/fan-ho.yaml": "name: {en: Fan Ho, zh: 何藩}\n"},
            ["artists/ho-fan.yaml"],
        ),
        ("an entry deleted", {}, ["artists/lo-kai.yaml"]),
        ("an entry back as it was", SHORT_NAMES, []),
        ("the last of its type added", {"artists/zhang.yaml": "name: {en: Zhang}\n"}, []),
        (
            # Every other entry keeps its id: the type ranges change in place.
            "it is replaced by the first of the next type",
            {"exhibitions/after.yaml": "title: {en: After}\n"},
            ["artists/zhang.yaml"],
        ),
    ]


def test_a_rebuild_exports_exactly_what_a_clean_build_exports(tmp_path):
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    assert exporter.run() == set(exporter.files)  # cold: everything
    tree = dict(CONTENT)
    for number, (what, written, deleted) in enumerate(_steps(content)):
        write_tree(content, written)
        for name in deleted:
            (content / name).unlink()
            del tree[name]
        tree.update(written)
        made = exporter.run()
        clean = clean_export(tmp_path / f"clean-{number}", tree)
        assert exporter.files == clean, what
        if what == "nothing":
            assert made == set(), what


def test_an_edit_makes_only_the_files_it_changes(tmp_path):
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    exporter.run()
    before = dict(exporter.files)
    write_tree(content, {"artists/lo-kai.yaml": "name: {en: Lo Kai-ming, zh: 盧佳明}\n"})
    made = exporter.run()
    assert made == {n for n, d in exporter.files.items() if before.get(n) != d}
    assert {n for n in made if n.startswith("search/r/")} == {
        next(
            n
            for n, d in exporter.files.items()
            if n.startswith("search/r/") and b"Lo Kai-ming" in d
        )
    }
    assert "search/manifest.json" in made
    assert len(made) < len(exporter.files) / 4


def test_an_edit_exports_again_only_the_groups_of_the_terms_it_changes(tmp_path):
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    exporter.run()
    before = exporter.state().groups
    # "love" becomes "lover" (group "lov"), nothing else of its postings changes.
    edited = {
        "artists/wong-kar-wai.yaml": CONTENT["artists/wong-kar-wai.yaml"].replace(
            "Love*", "Lovers*"
        )
    }
    write_tree(content, edited)
    exporter.run()
    after = exporter.state().groups
    assert {group for group, kept in after.items() if kept is not before.get(group)} == {"lov"}
    assert exporter.files == clean_export(tmp_path / "clean", {**CONTENT, **edited})


LONG_TEXT_EDIT = {
    "artists/wong-kar-wai.yaml": CONTENT["artists/wong-kar-wai.yaml"].replace(
        "Love*.", "Love* and *2046*."
    )
}


def test_an_edit_in_place_stores_again_only_the_pieces_of_the_state_it_changes(tmp_path):
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    exporter.run()
    # By kind and number (the generation that stored it left out).
    before = {key[:2]: value for key, value in exporter.stored().items()}
    write_tree(content, LONG_TEXT_EDIT)
    made = exporter.run()
    after = exporter.stored()
    changed = {key for key, value in after.items() if before.get(key[:2]) != value}
    assert exporter.put == changed
    # His chunk of entries, the buckets of the files made, the groups of the terms changed and
    # the head; no name word changed.
    (result,) = (n for n in made if n.startswith("search/r/"))
    assert {key[:2] for key in changed if key[0] == "entries"} == {
        ("entries", int(result.removeprefix("search/r/").removesuffix(".json")) // CHUNK)
    }
    assert {key[1] for key in changed if key[0] == "files"} == {
        bucket(n.removeprefix("search/")) for n in made - {"search/manifest.json"}
    }
    assert {key[0] for key in changed} == {"entries", "files", "groups", "head"}
    assert len(changed) < len(after) / 20
    assert exporter.files == clean_export(tmp_path / "clean", {**CONTENT, **LONG_TEXT_EDIT})


def test_a_memo_with_the_pieces_of_a_build_and_not_its_head_reads_the_build_before(tmp_path):
    """As a store keeps them when a build's save is cut short: the next build starts from the
    state of the build before, never from a mixture of the two."""
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    exporter.run()
    first = exporter.kept
    assert first is not None
    write_tree(content, LONG_TEXT_EDIT)
    exporter.run()
    assert exporter.kept is not None
    heads = [key for key in first if key[0] == "search.export" and key[1][1:] == ("head",)]
    exporter.kept = {**exporter.kept, **{key: first[key] for key in heads}}
    exporter.run()
    assert exporter.files == clean_export(tmp_path / "clean", {**CONTENT, **LONG_TEXT_EDIT})


@pytest.mark.parametrize("edit", [{}, LONG_TEXT_EDIT], ids=["nothing", "a long text"])
def test_files_not_made_again_are_made_from_the_state_for_an_output_that_lacks_them(tmp_path, edit):
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    exporter.run()
    write_tree(content, edit)
    exporter.written = {}  # as a build does when it cannot trust the output: every file is made
    assert exporter.run() == set(exporter.files)
    assert exporter.files == clean_export(tmp_path / "clean", {**CONTENT, **edit})


def analysed(exporter: Exporter) -> int:
    """How many entries the last export analysed afresh, as it told the build's log."""
    return int(re.search(r"([\d,]+) analysed afresh", exporter.told[0])[1].replace(",", ""))


def test_an_edit_to_a_long_text_analyses_again_only_its_entry(tmp_path):
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    exporter.run()
    assert analysed(exporter) == len(documents(build_directory(content).directory))
    # Three entries link to Wong Kar-wai; none shows his bio.
    edited = {
        "artists/wong-kar-wai.yaml": CONTENT["artists/wong-kar-wai.yaml"].replace(
            "Love*.", "Love* and *2046*."
        )
    }
    write_tree(content, edited)
    exporter.run()
    assert analysed(exporter) == 1
    assert exporter.files == clean_export(tmp_path / "clean", {**CONTENT, **edited})


@pytest.mark.parametrize(
    "what, old, new",
    [
        ("his name", "Wong Kar-wai, zh", "Wong Kar Wai, zh"),
        ("his facets", "[film]", "[film, ink-art]"),
    ],
)
def test_an_edit_to_what_linking_entries_show_of_an_entry_analyses_them_again(
    tmp_path, what, old, new
):
    content = write_tree(tmp_path / "content", CONTENT)
    exporter = Exporter(content)
    exporter.run()
    edited = {"artists/wong-kar-wai.yaml": CONTENT["artists/wong-kar-wai.yaml"].replace(old, new)}
    assert edited["artists/wong-kar-wai.yaml"] != CONTENT["artists/wong-kar-wai.yaml"]
    write_tree(content, edited)
    exporter.run()
    # His own, the exhibition's, the film's and the poster's.
    assert analysed(exporter) == 4, what
    assert exporter.files == clean_export(tmp_path / "clean", {**CONTENT, **edited}), what


def test_nothing_from_an_entry_is_code_in_a_search_file(tmp_path):
    name = '</script><img src=x onerror=alert(1)> "quoted" \\ &amp;'
    files = clean_export(tmp_path, {"artists/x.yaml": json.dumps({"name": {"en": name}})})
    (result,) = (json.loads(d) for n, d in files.items() if n.startswith("search/r/"))
    assert result["en"] == name
    assert all(json.loads(data) is not None for data in files.values())


@pytest.mark.parametrize("order", [0, 1])
def test_the_same_content_exports_the_same_bytes_whatever_came_before(tmp_path, order):
    first, second = CONTENT, {**CONTENT, "artists/fan-ho.yaml": "name: {en: Fan Ho}\n"}
    content = write_tree(tmp_path / "content", [first, second][order])
    exporter = Exporter(content)
    exporter.run()
    (content / "artists/fan-ho.yaml").unlink(missing_ok=True)
    write_tree(content, first)
    exporter.run()
    assert exporter.files == clean_export(tmp_path / "clean", first)


def test_a_shard_file_name_is_never_that_of_another_key():
    """Keys of other scripts are written in hex: never as the name of a plain key (a Greek
    one-letter term's key, U+03B1, and the Latin terms starting 3b1 would share one file)."""
    keys = ["3b1", "\u03b1", "e9", "\u00e9", "4e00", "\u4e00", "\u4e00\u4e01", "abc", "\u0abc"]
    assert len({file_key(key) for key in keys}) == len(keys)
    assert file_key("\u4e00\u4e01") == "u-4e00-4e01" and file_key("wong") == "wong"
