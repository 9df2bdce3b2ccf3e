"""Writing: create, update, keep what an editor changed by hand, remove what is gone."""

import json

from importer.sync import MANIFEST, sync

OLD = "name: Lee Sun Fung\norigin: international\n"
NEW = "name: Lee Sun Fung\norigin: local\n"


def manifest(output) -> dict:
    return json.loads((output / MANIFEST).read_text(encoding="utf-8"))["files"]


def counts(result) -> dict:
    return {key: n for key, n in result.counts.items() if n}


def test_a_first_import_creates_files_and_a_second_changes_nothing(tmp_path):
    files = {"artists/lee-sun-fung.yaml": OLD, "works/untitled.yaml": "title: Untitled\n"}
    assert counts(sync(tmp_path, files)) == {("artists", "created"): 1, ("works", "created"): 1}
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    again = sync(tmp_path, files)
    assert counts(again) == {("artists", "unchanged"): 1, ("works", "unchanged"): 1}
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert set(manifest(tmp_path)) == set(files)


def test_an_untouched_file_is_updated_when_the_source_changes(tmp_path):
    sync(tmp_path, {"artists/lee-sun-fung.yaml": OLD})
    result = sync(tmp_path, {"artists/lee-sun-fung.yaml": NEW})
    assert counts(result) == {("artists", "updated"): 1}
    assert (tmp_path / "artists/lee-sun-fung.yaml").read_text(encoding="utf-8") == NEW


def test_a_file_edited_by_hand_is_kept_and_the_difference_reported(tmp_path):
    sync(tmp_path, {"artists/lee-sun-fung.yaml": OLD})
    edited = "name: Lee Sun Fung\norigin: local\nbio: Cantonese film director.\n"
    (tmp_path / "artists/lee-sun-fung.yaml").write_text(edited, encoding="utf-8")
    for _ in range(2):  # and it stays protected on every later run
        result = sync(tmp_path, {"artists/lee-sun-fung.yaml": NEW})
        assert counts(result) == {("artists", "hand-edited"): 1}
        assert (tmp_path / "artists/lee-sun-fung.yaml").read_text(encoding="utf-8") == edited
        assert result.diffs == [
            "--- artists/lee-sun-fung.yaml (edited by hand, kept)\n"
            "+++ artists/lee-sun-fung.yaml (what the import would write)\n"
            "@@ -1,3 +1,2 @@\n"
            " name: Lee Sun Fung\n"
            " origin: local\n"
            "-bio: Cantonese film director.\n"
        ]


def test_force_overwrites_hand_edits(tmp_path):
    sync(tmp_path, {"artists/lee-sun-fung.yaml": OLD})
    (tmp_path / "artists/lee-sun-fung.yaml").write_text("edited\n", encoding="utf-8")
    result = sync(tmp_path, {"artists/lee-sun-fung.yaml": NEW}, force=True)
    assert counts(result) == {("artists", "updated"): 1}
    assert (tmp_path / "artists/lee-sun-fung.yaml").read_text(encoding="utf-8") == NEW


def test_an_editors_own_file_is_never_touched(tmp_path):
    own = tmp_path / "artists" / "lee-sun-fung.yaml"
    own.parent.mkdir()
    own.write_text("name: Written by an editor\norigin: local\n", encoding="utf-8")
    result = sync(tmp_path, {"artists/lee-sun-fung.yaml": NEW})
    assert counts(result) == {("artists", "hand-edited"): 1}
    assert own.read_text(encoding="utf-8") == "name: Written by an editor\norigin: local\n"
    assert "artists/lee-sun-fung.yaml" not in manifest(tmp_path)


def test_an_entry_no_longer_imported_is_removed_unless_edited(tmp_path):
    sync(tmp_path, {"works/a.yaml": "title: A\n", "works/b.yaml": "title: B\n"})
    (tmp_path / "works/b.yaml").write_text("title: B, edited\n", encoding="utf-8")
    result = sync(tmp_path, {})
    assert counts(result) == {("works", "removed"): 1, ("works", "hand-edited"): 1}
    assert not (tmp_path / "works/a.yaml").exists()
    assert (tmp_path / "works/b.yaml").read_text(encoding="utf-8") == "title: B, edited\n"
    assert result.diffs == ["works/b.yaml: edited by hand and no longer imported; kept\n"]
    assert manifest(tmp_path) == {}


def test_a_deleted_file_is_written_again(tmp_path):
    sync(tmp_path, {"works/a.yaml": "title: A\n"})
    (tmp_path / "works/a.yaml").unlink()
    assert counts(sync(tmp_path, {"works/a.yaml": "title: A\n"})) == {("works", "created"): 1}


def test_an_unreadable_manifest_protects_every_file(tmp_path):
    sync(tmp_path, {"works/a.yaml": "title: A\n"})
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    result = sync(tmp_path, {"works/a.yaml": "title: A, new\n"})
    assert counts(result) == {("works", "hand-edited"): 1}
    assert (tmp_path / "works/a.yaml").read_text(encoding="utf-8") == "title: A\n"
