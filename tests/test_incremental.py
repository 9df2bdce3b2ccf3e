"""A build remembers what the last build into the same folder read and wrote, and makes only
the files whose inputs changed: the result must be exactly what a clean build makes, file for
file and byte for byte, whatever changed: entries edited, added, renamed and deleted, an image
replaced, a template or a catalog string changed, another build day."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from plugins.directory import build as build_module
from plugins.directory import incremental, opendata
from plugins.directory.cache import cache_root, write_signed
from plugins.directory.errors import ContentError
from plugins.directory.incremental import MOST_SEGMENTS, BuildMemory, Memo, MemoryStore
from plugins.directory.model import load_model
from plugins.directory.publish import publish
from plugins.directory.renderer import ThemeEnvironment
from tests.support import (
    EVENTS,
    ROOT,
    SMALL_DIRECTORY,
    build,
    image_bytes,
    write_tree,
)

WITH_PICTURE = {
    "artists/tsang-tsou-choi.yaml": """
        name: {en: Tsang Tsou-choi, zh: 曾灶財}
        origin: local
        disciplines: [ink-art]
        image: {src: portraits/tsang.jpg, alt: {en: Tsang at work, zh: 曾灶財在寫字}}
        """,
    "images/portraits/tsang.jpg": image_bytes(1200, 800),
}


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path):
    """A content tree and a copy of the theme, to change between builds."""
    content = write_tree(tmp_path / "content", {**SMALL_DIRECTORY, **EVENTS, **WITH_PICTURE})
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    return content, theme


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: no {old!r} to change"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changes(content: Path, theme: Path) -> list[tuple[str, Callable[[], None], dict]]:
    """(what changes, the change, settings of the builds after it), one after another."""
    catalog = theme / "translations" / "zh_Hant_HK" / "LC_MESSAGES" / "messages.po"
    return [
        ("nothing", lambda: None, {}),
        (
            "an artist's name, shown on the pages of their works and collaborators",
            lambda: edit(
                content / "artists/christopher-doyle.md", "Christopher Doyle", "Chris Doyle"
            ),
            {},
        ),
        (
            "a venue's name, shown on its events, in calendars and on what's on",
            lambda: edit(
                content / "venues/hong-kong-cultural-centre.yaml",
                "zh: 香港文化中心",
                "zh: 香港文化中心大劇院",
            ),
            {},
        ),
        (
            "an artist's discipline: from one filter page of the artists to another",
            lambda: edit(
                content / "artists/tsang-tsou-choi.yaml",
                "disciplines: [ink-art]",
                "disciplines: [film]",
            ),
            {},
        ),
        (
            "an artist's long text, on their own page only (its meta description, JSON-LD)",
            lambda: edit(content / "artists/christopher-doyle.md", "shot most of", "lit most of"),
            {},
        ),
        (
            "an event's long text: its page, its calendars' descriptions, the open data",
            lambda: edit(content / "events/yoah.yaml", "Japanese contemporary", "Japanese new"),
            {},
        ),
        (
            "a new work by two artists: a new collaboration",
            lambda: write_tree(
                content,
                {
                    "works/study.yaml": """
                        title: {en: A Study, zh: 習作}
                        year: 1999
                        credits:
                          - {artist: tsang-tsou-choi, role: {en: Artist, zh: 藝術家}}
                          - {artist: christopher-doyle, role: {en: Photographer, zh: 攝影師}}
                        """
                },
            ),
            {},
        ),
        (
            "a work renamed (its file, so its slug and page)",
            lambda: (content / "works/study.yaml").rename(content / "works/a-study.yaml"),
            {},
        ),
        (
            "a work deleted",
            lambda: (content / "works/poster.yaml").unlink(),
            {},
        ),
        (
            "an image replaced under the same name",
            lambda: (content / "images/portraits/tsang.jpg").write_bytes(image_bytes(900, 900)),
            {},
        ),
        (
            "a template",
            lambda: edit(theme / "templates/base.html", "</footer>", "<p>Edited.</p></footer>"),
            {},
        ),
        (
            "a catalog string",
            lambda: edit(catalog, 'msgstr "場次"', 'msgstr "演出場次"'),
            {},
        ),
        ("another build day", lambda: None, {"BUILD_DAY": "2026-12-03"}),
        (
            "an entry with a problem, left out of a preview build",
            lambda: edit(content / "artists/tsang-tsou-choi.yaml", "origin: local", "origin: 香港"),
            {"BUILD_DAY": "2026-12-03", "ON_ERROR": "skip"},
        ),
    ]


@pytest.mark.parametrize("processes", [1, 2])
def test_a_rebuild_makes_what_a_clean_build_makes(project, tmp_path, processes):
    """PROCESSES 2 renders in worker processes even the few pages a rebuild needs."""
    content, theme = project
    output = tmp_path / "output"
    build(content, output, THEME=str(theme), DIRECTORY={"PROCESSES": processes})
    for number, (what, change, settings) in enumerate(changes(content, theme)):
        change()
        again = build(
            content, output, THEME=str(theme), DIRECTORY={"PROCESSES": processes, **settings}
        )
        clean = tmp_path / f"clean-{number}"
        build(content, clean, THEME=str(theme), DIRECTORY={"INCREMENTAL": False, **settings})
        made, expected = files_under(output), files_under(clean)
        assert sorted(made) == sorted(expected), what
        assert [name for name in expected if made[name] != expected[name]] == [], what
        if what == "nothing":
            assert again.report is not None and again.report.made == 0


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """{page: (inode, modification time)}: a page written again has new ones."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*.html")
    }


def pages_made_by(change: Callable[[], None], content: Path, theme: Path, output: Path) -> list:
    """The pages a rebuild after change writes again, under every language's prefix."""
    build(content, output, THEME=str(theme))
    before = stamps(output)
    change()
    build(content, output, THEME=str(theme))
    after = stamps(output)
    return sorted(page for page, stamp in after.items() if before.get(page) != stamp)


def in_every_language(*pages: str) -> list[str]:
    return sorted(f"{prefix}/{page}index.html" for prefix in ("en", "tc", "sc") for page in pages)


def test_an_edit_makes_only_the_pages_that_show_it(project, tmp_path):
    content, theme = project
    made = pages_made_by(
        lambda: edit(content / "works/poster.yaml", "zh: 導演", "zh: 電影導演"),
        content,
        theme,
        tmp_path / "output",
    )
    # The work's own page, its director's (who lists it with the role) and the film's (which
    # lists the poster), the works listing and its page of the 2000s, in three languages; not
    # the home page: it counts each type's entries, and no count changed.
    assert made == in_every_language(
        "works/poster/",
        "artists/wong-kar-wai/",
        "films/in-the-mood-for-love/",
        "works/",
        "works/2000s/",
    )


def test_a_long_text_edited_makes_its_own_pages_and_no_other(project, tmp_path):
    content, theme = project
    made = pages_made_by(
        lambda: edit(content / "artists/christopher-doyle.md", "shot most of", "lit most of"),
        content,
        theme,
        tmp_path / "output",
    )
    # not the home page: its counts come from its plan (pages.HomePage), and none changed
    assert made == in_every_language("artists/christopher-doyle/")


def test_a_build_into_another_folder_or_a_folder_emptied_makes_everything(project, tmp_path):
    content, theme = project
    output = tmp_path / "output"
    first = build(content, output, THEME=str(theme))
    shutil.rmtree(output)
    again = build(content, output, THEME=str(theme))
    assert first.report is not None and again.report is not None
    assert again.report.made == first.report.made
    assert files_under(output)


def test_site_pages_are_rendered_as_usual_when_memory_is_off(project, tmp_path):
    content, theme = project
    remembered = build(content, tmp_path / "a", THEME=str(theme))
    forgotten = build(content, tmp_path / "b", THEME=str(theme), DIRECTORY={"INCREMENTAL": False})
    assert files_under(remembered.output) == files_under(forgotten.output)


def test_a_publish_leaves_no_build_memory_behind(project, tmp_path):
    """make publish builds into a new folder each time: a memory of it could never be used."""
    content, _ = project
    memories = cache_root() / "builds"
    before = sorted(memories.iterdir()) if memories.exists() else []
    overrides = {"SITEURL": "https://e.org", "DIRECTORY": {"BUILD_DAY": "2026-11-29"}}
    publish(content, tmp_path / "site", ROOT / "publishconf.py", overrides)
    after = sorted(memories.iterdir()) if memories.exists() else []
    assert after == before
    assert (tmp_path / "site/en/index.html").is_file()


def test_a_build_with_nothing_changed_tells_the_last_ones_problems_again(project, tmp_path, caplog):
    content, theme = project
    edit(content / "artists/tsang-tsou-choi.yaml", "origin: local", "origin: 香港")
    skip = {"ON_ERROR": "skip"}
    first = build(content, tmp_path / "output", THEME=str(theme), DIRECTORY=skip)
    caplog.clear()
    again = build(content, tmp_path / "output", THEME=str(theme), DIRECTORY=skip)
    assert first.report is not None and again.report is not None
    assert again.report.made == 0
    told = again.report.summary().split("; ")[:3]
    assert told == [
        first.report.summary().split("; ")[0],
        "0 file(s) made, 0 removed",
        "1 problem(s)",
    ]
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert logged == [str(first.report.problems[0])]
    assert str(first.report.problems[0]).startswith("content/artists/tsang-tsou-choi.yaml:")
    with pytest.raises(ContentError):
        build(content, tmp_path / "output", THEME=str(theme))


def test_a_build_compiles_no_template_the_last_build_compiled(project, tmp_path, monkeypatch):
    """Each language's compiled templates are kept in the build's memory: a build after an
    edit, reading it back as a fresh `make html` does, compiles none of them again, though
    the last build compiled them in a forked process (after a template changed)."""
    content, theme = project
    build(content, tmp_path / "output", THEME=str(theme))
    edit(theme / "templates/artist.html", '<dl class="facts">', '<dl class="facts" id="facts">')
    build(content, tmp_path / "output", THEME=str(theme))
    edit(content / "artists/tsang-tsou-choi.yaml", "Tsang Tsou-choi", "Tsang Tsou-Choi")
    compiled = tmp_path / "compiled.txt"  # a file: a forked process of the build compiles too
    compile_source = ThemeEnvironment.compile

    def counted(self, source, name=None, *args, **kwargs):
        with compiled.open("a", encoding="utf-8") as told:
            told.write(f"{name}\n")
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(ThemeEnvironment, "compile", counted)
    again = build(content, tmp_path / "output", THEME=str(theme))
    assert again.report is not None and again.report.made > 0
    assert not compiled.exists()


def _store(tmp_path: Path) -> MemoryStore:
    return MemoryStore(tmp_path / "memory", load_model(), key=b"k" * 32)


def _stored_bytes(tmp_path: Path) -> int:
    return sum(p.stat().st_size for p in (tmp_path / "memory").iterdir())


def _save_again(tmp_path: Path, change: Callable[[Memo], None]) -> BuildMemory:
    """Read the store back as a build does, ask the memo for every value it holds but those
    change() leaves out, and save; what the next build reads."""
    store = _store(tmp_path)
    last = store.fill(store.load())
    memo = Memo(last.memo)
    change(memo)
    store.save(BuildMemory(b"v", memo=memo.kept()), last, memo.replaced)
    again = _store(tmp_path)
    return again.fill(again.load())


def test_a_memo_value_replaced_is_stored_and_one_unchanged_is_not_written_again(tmp_path):
    """Memo.put replaces a value under the same key (the search export, brought up to date):
    the store must write it, though no key changed, and not write again the value kept."""
    first = Memo()
    first.get("kept", b"1", lambda: "the same" * 100_000)
    first.get("replaced", b"1", lambda: ["old"])
    _store(tmp_path).save(BuildMemory(b"v", memo=first.kept()), None)
    before = _stored_bytes(tmp_path)

    def replace(memo: Memo) -> None:
        assert memo.get("replaced", b"1", list) == ["old"]
        memo.get("kept", b"1", str)
        memo.put("replaced", b"1", ["new"])

    read = _save_again(tmp_path, replace)
    assert read.memo == {("kept", b"1"): "the same" * 100_000, ("replaced", b"1"): ["new"]}
    assert before > 800_000 and _stored_bytes(tmp_path) - before < 2_000


def test_the_store_forgets_what_a_build_did_not_ask_for_and_stays_small(tmp_path):
    """Edit after edit, the store keeps what the last build asked for, no more: a value no
    longer asked for is gone, one asked for again after that is back, and the log does not
    grow without end (it is written again whole when too long)."""
    first = Memo()
    for n in range(100):
        first.get("entry", n.to_bytes(2, "little"), lambda n=n: f"entry {n} " * 1_000)
    _store(tmp_path).save(BuildMemory(b"v", memo=first.kept()), None)
    whole = _stored_bytes(tmp_path)
    read = None
    for edit in range(3 * MOST_SEGMENTS):

        def ask(memo: Memo, edit: int = edit) -> None:
            for n in range(100):
                if n != edit % 7:  # one entry left out each time, asked for again next time
                    memo.get("entry", n.to_bytes(2, "little"), lambda n=n: f"entry {n} " * 1_000)
            memo.put("export", b"", [edit] * 10_000)

        read = _save_again(tmp_path, ask)
        assert _stored_bytes(tmp_path) < 3 * whole
        assert len(list((tmp_path / "memory").iterdir())) <= MOST_SEGMENTS + 1
    assert read is not None
    left_out = (3 * MOST_SEGMENTS - 1) % 7
    assert set(read.memo) == {
        ("entry", n.to_bytes(2, "little")) for n in range(100) if n != left_out
    } | {("export", b"")}
    assert read.memo["export", b""] == [3 * MOST_SEGMENTS - 1] * 10_000
    assert read.memo["entry", b"\x05\x00"] == "entry 5 " * 1_000


def test_a_damaged_store_is_not_trusted_with_what_the_output_holds(tmp_path):
    """A file of the log that does not read back (damaged, or not ours): the build neither
    reuses what it held nor believes it knows what the output folder holds."""
    memo = Memo()
    memo.get("entry", b"1", lambda: "value")
    _store(tmp_path).save(BuildMemory(b"v", memo=memo.kept(), marker=(1, 2, 3)), None)
    (log,) = (p for p in (tmp_path / "memory").iterdir() if p.name != "index")
    log.write_bytes(log.read_bytes()[:-1] + b"!")
    store = _store(tmp_path)
    read = store.fill(store.load())
    assert (read.memo, read.marker) == ({}, ())


def test_an_edit_inside_a_linked_folder_is_not_missed(project, tmp_path):
    """A type's folder may be a link to a folder inside the content folder: an edit there is an
    edit all the same, though the link itself does not change."""
    content, theme = project
    (content / "venues").rename(content / "_venues")
    (content / "venues").symlink_to(content / "_venues")
    output = tmp_path / "output"
    build(content, output, THEME=str(theme))
    edit(
        content / "_venues/hong-kong-cultural-centre.yaml",
        "zh: 香港文化中心",
        "zh: 香港文化中心大樓",
    )
    again = build(content, output, THEME=str(theme))
    assert again.report is not None and again.report.made > 0
    assert (
        "香港文化中心大樓"
        in (output / "tc/venues/hong-kong-cultural-centre/index.html").read_text()
    )


def test_a_save_stopped_before_its_index_leaves_the_last_memory_whole(tmp_path, monkeypatch):
    """A save writes its log file, then the index that names it: stopped between the two (a
    full disk), the next build reads the memory the old index names, never a mix of files."""
    first = Memo()
    first.get("entry", b"1", lambda: "first")
    _store(tmp_path).save(BuildMemory(b"v", memo=first.kept(), outputs={"a.html": b"1"}), None)
    index = tmp_path / "memory" / "index"

    def full_disk_at_the_index(path, key, body):
        if path == index:
            raise OSError(28, "No space left on device")
        write_signed(path, key, body)

    monkeypatch.setattr(incremental, "write_signed", full_disk_at_the_index)
    whole = Memo()
    whole.get("entry", b"1", lambda: "whole, written again")
    _store(tmp_path).save(BuildMemory(b"v", memo=whole.kept(), outputs={"a.html": b"2"}), None)
    store = _store(tmp_path)
    read = store.fill(store.load())
    assert (read.memo, read.outputs) == ({("entry", b"1"): "first"}, {"a.html": b"1"})


def test_a_link_led_outside_the_content_folder_is_refused_by_the_next_build(project, tmp_path):
    """An entry file may be a link to a file inside the content folder; led elsewhere, though
    the folder's names and kinds stay the same, the next build refuses it as the first would."""
    content, theme = project
    kept = write_tree(content / "_kept", {"study.yaml": "title: {en: A Study, zh: 習作}\n"})
    (content / "works/study.yaml").symlink_to(kept / "study.yaml")
    skip = {"ON_ERROR": "skip"}
    first = build(content, tmp_path / "output", THEME=str(theme), DIRECTORY=skip)
    assert first.report is not None and first.report.problems == []
    assert (tmp_path / "output/en/works/study/index.html").is_file()
    outside = write_tree(tmp_path / "outside", {"study.yaml": "title: {en: Outside, zh: 外}\n"})
    (content / "works/study.yaml").unlink()
    (content / "works/study.yaml").symlink_to(outside / "study.yaml")
    again = build(content, tmp_path / "output", THEME=str(theme), DIRECTORY=skip)
    assert again.report is not None
    assert [str(p) for p in again.report.problems] == [
        "content/works/study.yaml:1: refused: the file leads outside the content folder "
        "(a symlink or '..')"
    ]
    assert not (tmp_path / "output/en/works/study").exists()


def test_entries_read_back_from_the_memory_unpickle_their_fields_only_when_asked(project, tmp_path):
    """A rebuild reads every entry back from the build's memory and shows only a few: an
    entry's fields and field lines (most of reading it back) are unpickled at the first ask,
    and are then those the build read."""
    content, _ = project
    site = build(content, tmp_path / "output")
    assert site.report is not None and site.report.memory is not None
    built = {c.entry.key: c.entry for c in site.report.memory.checked.values() if c.entry}
    store = MemoryStore.for_build(content, tmp_path / "output", load_model())
    read = {c.entry.key: c.entry for c in store.fill(store.load()).checked.values() if c.entry}
    assert read.keys() == built.keys() and len(read) > 5
    for key, entry in read.items():
        assert "fields" not in vars(entry) and isinstance(entry.lines, bytes)
        assert entry.fields == built[key].fields
        title = entry.entry_type.title_field
        assert entry.line(title) == built[key].line(title)


def test_a_code_change_makes_the_open_data_again(project, tmp_path, monkeypatch):
    """The open data files are made by the code as much as by the entries: a build after the
    code changed (a pull) makes them again, though no entry changed."""
    content, _ = project
    build(content, tmp_path / "output")
    monkeypatch.setattr(build_module, "_version", lambda job: b"the code after a pull")
    monkeypatch.setattr(opendata, "COMPILATION_LICENCE", "CC0-1.0")
    build(content, tmp_path / "output")
    build(content, tmp_path / "clean")
    assert files_under(tmp_path / "output/data") == files_under(tmp_path / "clean/data")


def test_what_a_build_no_longer_writes_or_reads_is_gone_from_the_memory_read_back(tmp_path):
    """A save after an edit logs only what changed: a file no longer made and an entry file
    no longer read are gone from what the next build reads back, though as many are left."""
    store = _store(tmp_path)
    store.save(BuildMemory(b"v", outputs={"a": b"1", "b": b"2"}, stamps={"x": ((1,), b"d")}), None)
    last = store.fill(store.load())
    store.save(BuildMemory(b"v", outputs={"a": b"1", "c": b"3"}, stamps={"y": ((2,), b"e")}), last)
    again = _store(tmp_path)
    read = again.fill(again.load())
    assert read.outputs == {"a": b"1", "c": b"3"} and read.stamps == {"y": ((2,), b"e")}


def test_a_directory_without_entries_is_built_again_as_a_clean_build_makes_it(tmp_path):
    """A rebuild planned apart (two processes) of a directory with no entries (or none left:
    the dev server leaves out entries with problems)."""
    content = write_tree(tmp_path / "content", {"images/.keep": ""})
    build(content, tmp_path / "output", DIRECTORY={"PROCESSES": 2})
    again = {"PROCESSES": 2, "BUILD_DAY": "2026-12-03"}
    build(content, tmp_path / "output", DIRECTORY=again)
    build(content, tmp_path / "clean", DIRECTORY={**again, "INCREMENTAL": False})
    assert files_under(tmp_path / "output") == files_under(tmp_path / "clean")


def test_another_build_day_or_template_leaves_the_open_data_files_as_they_are(project, tmp_path):
    """The open data depends on the entries, the code and the settings, not on the theme or
    the day: a build after either does not write its 19 MB again (nor compress it again)."""
    content, theme = project
    output = tmp_path / "output"
    build(content, output, THEME=str(theme))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (output / "data").iterdir()}
    edit(theme / "templates/base.html", "</footer>", "<p>Edited.</p></footer>")
    build(content, output, THEME=str(theme), DIRECTORY={"BUILD_DAY": "2026-12-03"})
    assert {
        p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (output / "data").iterdir()
    } == before
