"""What a build does with broken entries, settings and repeated runs."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys

import pytest
from pelican.settings import read_settings

from plugins.directory.errors import ConfigurationError, ContentError
from tests.support import BUILD_DAY, ROOT, SMALL_DIRECTORY, build, text_of, write_tree

PELICAN = [sys.executable, "-m", "pelican"]
BROKEN = {"artists/broken.yaml": "name: Broken\norigin: locale\n"}


def test_a_broken_entry_fails_the_build_and_leaves_the_previous_output(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    site = build(content, tmp_path / "output")
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}

    write_tree(content, {**BROKEN, "artists/wong-kar-wai.yaml": "name: Renamed\norigin: local\n"})
    with pytest.raises(ContentError, match=r"^1 problem\(s\) in 1 entry file\(s\); nothing was"):
        build(content, tmp_path / "output")

    after = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == before


def test_runs_one_after_another_in_one_process_keep_no_earlier_run_in_memory(tmp_path):
    """`pelican --autoreload` runs the build again and again in one process: what each run
    leaves frozen for the end of the process is collected by the next, not piled up."""
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output")},
    )
    settings["DIRECTORY"] = {**settings["DIRECTORY"], "BUILD_DAY": BUILD_DAY}
    pelican = settings["PELICAN_CLASS"](settings)
    frozen = []
    try:
        for n in range(4):
            (content / "works" / "poster.yaml").write_text(
                f"title: {{en: Poster {n}, zh: 海報}}\nyear: 1999\n", encoding="utf-8"
            )
            pelican.run()
            frozen.append(gc.get_freeze_count())
    finally:
        gc.unfreeze()
    # each run of this small site leaves about 1,800 objects: two more runs, as many again
    assert frozen[1] > 0 and frozen[3] - frozen[1] < 200


def test_a_rebuild_removes_the_pages_of_a_deleted_entry_and_keeps_other_files(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    site = build(content, tmp_path / "output")
    (site.output / "en" / "notes.txt").write_text("not ours", encoding="utf-8")
    (content / "works" / "poster.yaml").unlink()
    build(content, tmp_path / "output")
    assert not (site.output / "en/works/poster").exists()
    assert not (site.output / "tc/works/poster").exists()
    assert (site.output / "en/works/index.html").exists()
    assert (site.output / "en/notes.txt").read_text(encoding="utf-8") == "not ours"


def test_skip_mode_leaves_out_the_broken_entry_builds_the_rest_and_shows_the_problem(tmp_path):
    content = write_tree(tmp_path / "content", {**SMALL_DIRECTORY, **BROKEN})
    site = build(content, tmp_path / "output", DIRECTORY={"ON_ERROR": "skip"})
    assert not (site.output / "en/artists/broken").exists()
    assert "Wong Kar-wai" in site.page("/en/artists/wong-kar-wai/")
    assert (
        "content/artists/broken.yaml:2: origin: 'locale' is not a valid choice: did you mean "
        "'local'?" in text_of(site.page("/"))
    )


def test_a_link_to_an_entry_left_out_is_dropped_not_broken(tmp_path):
    files = {**SMALL_DIRECTORY, "artists/wong-kar-wai.yaml": "name: W\norigin: nowhere\n"}
    site = build(
        write_tree(tmp_path / "content", files), tmp_path / "output", DIRECTORY={"ON_ERROR": "skip"}
    )
    film = site.page("/en/films/in-the-mood-for-love/")
    assert "/en/artists/wong-kar-wai/" not in film
    assert "/en/artists/christopher-doyle/" in film


@pytest.mark.parametrize(
    ("directory_settings", "message"),
    [
        ({"ON_EROR": "skip"}, "DIRECTORY['ON_EROR']: unknown setting: did you mean 'ON_ERROR'?"),
        (
            {"ON_ERROR": "ignore"},
            "DIRECTORY['ON_ERROR']: 'ignore' is not a valid choice: expected one of fail, skip",
        ),
        ({"CONTENT_DIR": 3}, "DIRECTORY['CONTENT_DIR']: expected a folder path as text"),
        ("skip", "DIRECTORY: expected a dict of settings, got str"),
    ],
)
def test_wrong_settings_are_refused_with_a_clear_error(tmp_path, directory_settings, message):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    with pytest.raises(ConfigurationError) as error:
        build(content, tmp_path / "output", DIRECTORY=directory_settings)
    assert str(error.value) == message
    assert not (tmp_path / "output").exists()


def test_make_html_with_a_wrong_setting_prints_one_line_and_no_traceback(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    result = subprocess.run(
        [
            *PELICAN,
            str(content),
            "-o",
            str(tmp_path / "output"),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "--log-handler",
            "plain",
            "-e",
            'DIRECTORY={"ON_EROR": "skip"}',
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "DIRECTORY['ON_EROR']: unknown setting: did you mean 'ON_ERROR'?"
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_two_builds_are_byte_identical(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    first, second = build(content, tmp_path / "one"), build(content, tmp_path / "two")
    files = sorted(p.relative_to(first.output) for p in first.output.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(second.output) for p in second.output.rglob("*") if p.is_file()
    )
    for name in files:
        assert (first.output / name).read_bytes() == (second.output / name).read_bytes(), name


def run(*args, cwd=ROOT):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_validate_command_lists_problems_and_exits_non_zero(tmp_path):
    write_tree(tmp_path / "content", {**SMALL_DIRECTORY, **BROKEN})
    result = run(sys.executable, "-m", "plugins.directory", "validate", str(tmp_path / "content"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/artists/broken.yaml:2: origin: 'locale' is not a valid choice: did you mean "
        "'local'?",
        "1 problem(s) in 1 file(s); 7 entries are valid",
    ]


def test_validate_command_passes_a_good_folder(tmp_path):
    write_tree(tmp_path / "content", SMALL_DIRECTORY)
    result = run(sys.executable, "-m", "plugins.directory", "validate", str(tmp_path / "content"))
    assert (result.returncode, result.stdout) == (0, "7 entries, no problems\n")


def test_make_validate_and_make_html_refuse_a_broken_folder(tmp_path):
    content = write_tree(tmp_path / "content", {**SMALL_DIRECTORY, **BROKEN})
    validate = run("make", "--no-print-directory", "validate", f"INPUTDIR={content}")
    assert validate.returncode != 0
    assert "origin: 'locale' is not a valid choice" in validate.stderr
    html = run(
        "make",
        "--no-print-directory",
        "html",
        f"INPUTDIR={content}",
        f"OUTPUTDIR={tmp_path / 'output'}",
    )
    assert html.returncode != 0
    assert not (tmp_path / "output" / "en").exists()
    assert "origin: 'locale' is not a valid choice" in html.stdout + html.stderr


def test_the_order_of_plugins_does_not_matter(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    first = build(content, tmp_path / "one")
    swapped = build(content, tmp_path / "two", PLUGINS=["plugins.search", "plugins.directory"])
    files = sorted(p.relative_to(first.output) for p in first.output.rglob("*") if p.is_file())
    assert (first.output / "search" / "manifest.json").is_file()
    for name in files:
        assert (first.output / name).read_bytes() == (swapped.output / name).read_bytes(), name


def test_make_html_logs_each_stage_with_its_time_and_one_summary_line(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    make = ["make", "--no-print-directory", "html", f"INPUTDIR={content}"]
    make.append(f"OUTPUTDIR={tmp_path / 'output'}")
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(make, cwd=ROOT, capture_output=True, text=True, env=environ)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()[1:]  # after make's own echo of the command
    search = [line.strip() for line in lines if line.strip().startswith("search: ")]
    lines = [line for line in lines if not line.strip().startswith("search: ")]
    stages = [line.split()[0] for line in lines[:-1]]
    assert stages == ["load", "validate", "link", "index", "render", "write", "compress"]
    assert all(re.fullmatch(r"\s*\w+\s+\d+\.\d\d s", line) for line in lines[:-1])
    # the index stage's own part: the search plugin's analysis and export
    assert result.stdout.index("search: ") > result.stdout.index("index ")
    files = re.findall(r"(\d+) search files", lines[-1])[0]
    assert [re.sub(r"\d+\.\d\d s", "T s", line) for line in search] == [
        "search: 7 entries, 7 analysed afresh in T s",
        f"search: exported {files} files ({files} changed) in T s",
    ]
    assert re.fullmatch(
        r"Built 7 entries into 75 pages \(25 en, 25 tc, 25 sc\), \d+ search files; "
        r"\d+ file\(s\) made, 0 removed; 0 problem\(s\); "
        r"\d+\.\d\d s",
        lines[-1],
    )
    assert "Processed" not in result.stdout + result.stderr
