"""Keeping the directory current: the LCSD feed read from its published addresses (here a local
HTTP server serving the files), imports that merge (events that have left the feed stay, with
what they link to), an import of the LCSD feed alone, and the weekly workflow."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from importer.cli import REPO_ROOT
from importer.notes import Notes
from importer.read import SourceError, load_sources
from importer.slugs import SlugRequest, assign_slugs
from plugins.directory.pipeline import build_directory
from tests.importer.test_importer_cli import data, main, snapshot  # noqa: F401  (a fixture)
from tests.support import serve

SHARED = REPO_ROOT.parent / "shared" / "data"


def row(name: str, *counts: int) -> str:
    """A line of the import's summary: created, updated, unchanged, hand-edited, removed, kept."""
    return f"  {name:12}" + "".join(f"{count:>13}" for count in counts)


def test_the_published_feed_reads_as_the_shared_files():
    if not (SHARED / "lcsd" / "events.xml").exists():
        pytest.fail(f"{SHARED}: the shared data is missing (the importer reads it)")
    from_files = load_sources(SHARED, Notes())
    with serve(SHARED) as url:
        published = load_sources(SHARED, Notes(), lcsd=f"{url}/lcsd/", mplus=False)
    assert len(published.events) == 1019
    assert published.events == from_files.events
    assert published.venues == from_files.venues
    assert published.constituents == [] and published.objects == []


def test_make_import_reads_the_feed_from_an_address_as_from_the_files(data, tmp_path, capsys):  # noqa: F811
    main(["--data", str(data), "--output", str(tmp_path / "files"), "--full"])
    with serve(data) as url:
        assert main(["--data", str(data), "--output", str(tmp_path / "web"), "--full",
                     "--lcsd", f"{url}/lcsd"]) == 0  # fmt: skip
    assert snapshot(tmp_path / "web") == snapshot(tmp_path / "files")
    assert f"the LCSD feed from {url}/lcsd into" in capsys.readouterr().out


def test_an_address_that_cannot_be_read_is_one_line_and_writes_nothing(data, tmp_path, caplog):  # noqa: F811
    with serve(tmp_path) as url:
        code = main(["--data", str(data), "--output", str(tmp_path / "out"),
                     "--lcsd", f"{url}/nowhere/"])  # fmt: skip
    assert code == 2
    assert f"{url}/nowhere/venues.xml: cannot download the file (HTTP Error 404" in caplog.text
    assert not (tmp_path / "out").exists()
    with pytest.raises(SourceError, match="expected an http or https address"):
        load_sources(data, Notes(), lcsd="ftp://example.org/lcsd/")


def without_event(folder: Path, event_id: str) -> None:
    """The feed after a programme has left it."""
    events = folder / "lcsd" / "events.xml"
    text = events.read_text(encoding="utf-8")
    start = text.index(f'<event id="{event_id}">')
    end = text.index("</event>", start) + len("</event>")
    events.write_text(text[:start] + text[end:], encoding="utf-8")


def test_an_event_that_has_left_the_feed_stays_with_its_venue(data, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "content"
    main(["--data", str(data), "--output", str(out)])
    event = out / "events" / "lcsd-event-177381.yaml"
    venue = out / "venues" / "tai-po-public-library.yaml"
    before = event.read_bytes(), venue.read_bytes()
    without_event(data, "177381")
    capsys.readouterr()
    main(["--data", str(data), "--output", str(out)])
    assert (event.read_bytes(), venue.read_bytes()) == before
    report = capsys.readouterr().out
    assert row("events", 0, 0, 0, 0, 0, 1) in report.splitlines()
    assert row("venues", 0, 0, 1, 0, 0, 1) in report.splitlines()
    assert [str(p) for p in build_directory(out).problems] == []
    # and it stays on later imports, still the importer's own (not a hand edit)
    capsys.readouterr()
    main(["--data", str(data), "--output", str(out)])
    third = capsys.readouterr().out.splitlines()
    assert row("events", 0, 0, 0, 0, 0, 1) in third, "\n".join(third[:12])


def test_a_programme_still_in_the_feed_but_no_longer_chosen_is_removed(data, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "content"
    main(["--data", str(data), "--output", str(out), "--full"])
    (out / "exhibitions" / "lcsd-exhibition-161846.yaml").unlink()
    capsys.readouterr()
    main(["--data", str(data), "--output", str(out), "--full"])
    assert (out / "exhibitions" / "lcsd-exhibition-161846.yaml").exists()  # written again


def test_a_slug_kept_as_history_is_never_given_to_a_new_record():
    slugs, qualified = assign_slugs(
        [SlugRequest(1, "art-class", ("ko-shan-theatre",), 177999)], reserved={"art-class"}
    )
    assert slugs == {1: "art-class-ko-shan-theatre"}
    assert [r.record for r in qualified] == [177999]


def test_an_import_of_the_lcsd_feed_alone_leaves_what_m_plus_made(data, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "content"
    main(["--data", str(data), "--output", str(out)])
    before = snapshot(out)
    (data / "mplus" / "constituents.csv").unlink()  # not read at all
    without_event(data, "177381")
    capsys.readouterr()
    assert main(["--data", str(data), "--output", str(out), "--lcsd-only"]) == 0
    assert snapshot(out) == before
    report = capsys.readouterr().out
    assert "(the LCSD feed only)" in report
    assert row("works", 0, 0, 0, 0, 0, 0) in report.splitlines()


def test_the_weekly_workflow_imports_the_published_feed_and_opens_a_pull_request():
    flow = yaml.safe_load((REPO_ROOT / ".github/workflows/import.yml").read_text("utf-8"))
    assert flow[True]["schedule"] == [{"cron": "0 19 * * 0"}]  # Mondays 03:00 in Hong Kong
    assert "workflow_dispatch" in flow[True]
    steps = flow["jobs"]["import"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("make import LCSD=published LCSD_ONLY=1" in r for r in runs)
    assert any("make validate" in r for r in runs)
    (pull,) = [
        s for s in steps if str(s.get("uses", "")).startswith("peter-evans/create-pull-request@")
    ]
    assert pull["with"]["body-path"] == "import-summary.txt"
    assert pull["with"]["branch"] == "import/lcsd"
    assert flow["permissions"] == {"contents": "write", "pull-requests": "write"}
