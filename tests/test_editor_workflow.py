"""The editor's path: `make new` writes an entry for any type that validates once its required
fields are filled, finds the entry already there under another script or spelling, and
`make status` tells what is left to translate; the pre-commit hook checks the changed files."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
import yaml

from plugins.directory.fields import Bilingual, Choice, EntryRef, ListOf, PartialDate, Year
from plugins.directory.model import load_model
from plugins.directory.project import read_project
from plugins.directory.scaffold import NotWritten, new_entry, split_name
from tests.support import ROOT, SMALL_DIRECTORY, write_tree

MODEL = load_model()


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def filled(field) -> str:
    """A valid value for a required field the editor fills in (none but the name today)."""
    if isinstance(field, PartialDate | Year):
        return "2024"
    if isinstance(field, Bilingual):
        return "{en: Filled, zh: 已填}"
    if isinstance(field, EntryRef):
        return next(p.split("/")[1][:-5] for p in SMALL_DIRECTORY if p.startswith(field.target))
    if isinstance(field, ListOf):
        return "[]"
    if isinstance(field, Choice):
        return field.values[0]
    raise AssertionError(f"no value to fill {field} with")


def test_make_new_for_every_type_then_make_validate_passes(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    for entry_type in MODEL:
        result = make(
            "new", f"TYPE={entry_type.name}", "NAME=Harbour Lights 海港燈火", f"INPUTDIR={content}"
        )
        assert (result.returncode, result.stderr) == (0, "")
        path = content / entry_type.name / "harbour-lights.yaml"
        assert result.stdout == (
            f"wrote {path.relative_to(tmp_path).as_posix()}: fill in what you know, then run "
            "make validate\n"
        )
        text = path.read_text(encoding="utf-8")
        for prop in entry_type.properties.values():
            if prop.required and prop.name != entry_type.title_field:
                text = text.replace(f"\n{prop.name}:\n", f"\n{prop.name}: {filled(prop.field)}\n")
        path.write_text(text, encoding="utf-8")
    result = make("validate", f"INPUTDIR={content}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"{7 + len(MODEL.names)} entries, no problems"


@pytest.fixture
def project(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    return read_project(ROOT / "pelicanconf.py", content)


def test_the_new_file_explains_every_field_in_both_languages(project, tmp_path):
    written = new_entry(project, "artist", "Ho Fan 何藩", display_root=tmp_path)
    assert written.path == project.content_dir / "artists" / "ho-fan.yaml"
    text = written.path.read_text(encoding="utf-8")
    lines = text.splitlines()
    schema = re.fullmatch(r"# yaml-language-server: \$schema=(.+)", lines[0])
    assert schema and (written.path.parent / schema[1]).resolve() == (
        MODEL.schema_dir / "artists.schema.json"
    )
    assert "# New Artist: fill in what you know and leave out the rest." in lines
    assert "# 新藝術家條目：填寫你所知的資料，其餘留空。" in lines
    assert lines[lines.index('name: {en: "Ho Fan", zh: "何藩"}') - 3 :][:3] == [
        "# name (required · 必填)",
        "#   the artist's name; text, or a map {en: English, zh: Traditional Chinese}",
        "#   藝術家的名稱；文字，或 {en: 英文, zh: 繁體中文}",
    ]
    assert "#   person, group or organisation; one of: person (Person), group (Group), " in (
        "\n".join(lines)
    )
    assert "#   個人、組合或機構；可選：person (個人)、group (組合)、organisation (機構)" in lines
    fields = [m[1] for m in re.finditer(r"^(?:# )?(\w+):", text, re.M)]
    assert [f for f in fields if f in MODEL["artists"].properties] == list(
        MODEL["artists"].properties
    )
    assert yaml.safe_load(text) == {"name": {"en": "Ho Fan", "zh": "何藩"}}


def test_a_field_uncommented_but_left_empty_says_what_it_expects(project, tmp_path):
    written = new_entry(project, "artists", "Ho Fan", display_root=tmp_path)
    text = written.path.read_text(encoding="utf-8").replace("\n# born:\n", "\nborn:\n")
    written.path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "plugins.directory", "validate", str(project.content_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = text.splitlines().index("born:") + 1
    assert result.stderr.splitlines()[0] == (
        f"content/artists/ho-fan.yaml:{line}: born: expected a date: YYYY, YYYY-MM or "
        "YYYY-MM-DD, or an approximate one: 1907~ (circa), 197X (a decade), 19XX (a century), "
        "1965/1970 (from one to the other), got nothing"
    )
    assert (project.content_dir / "artists" / "ho-fan.yaml").read_text("utf-8").count(
        'name: {en: "Ho Fan", zh: ""}'
    ) == 1  # the Chinese name left to fill in, and validating meanwhile


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("王家卫", "the same name, written another way"),  # Simplified
        ("Kar-wai WONG", "the same name, written another way"),  # reordered, capitals
        ("wongkarwai", "the same name, written another way"),  # run together
        ("Wong Kar-wei", "a name one letter off"),
        ("王家偉", "a name that sounds the same in Cantonese"),  # a homophone
    ],
)
def test_a_likely_duplicate_is_named_and_not_written(project, tmp_path, name, reason):
    with pytest.raises(NotWritten) as refused:
        new_entry(project, "artists", name, display_root=tmp_path)
    slug = split_name(name, project.model)
    assert str(refused.value).splitlines()[1:] == [
        f"  content/artists/wong-kar-wai.yaml  Wong Kar-wai / 王家衛  ({reason})",
        "Edit that entry instead; if this is another artist, run the same command again with "
        "FORCE=1.",
    ]
    assert (
        str(refused.value)
        .splitlines()[0]
        .endswith(": not written: this artist is likely in the directory already:")
    )
    assert slug and sorted(p.name for p in (project.content_dir / "artists").iterdir()) == [
        "christopher-doyle.md",
        "christopher-doyle.zh.md",
        "tsang-tsou-choi.yaml",
        "wong-kar-wai.yaml",
    ]


def test_force_writes_a_likely_duplicate_under_the_next_free_slug(project, tmp_path):
    written = new_entry(project, "artists", "Wong Kar-wai", force=True, display_root=tmp_path)
    assert written.path.name == "wong-kar-wai-2.yaml"
    assert [m.entry.slug for m in written.similar] == ["wong-kar-wai"]


def test_a_name_in_chinese_only_gets_a_jyutping_slug(project, tmp_path):
    written = new_entry(project, "venues", "大館", display_root=tmp_path)
    assert written.path.relative_to(project.content_dir).as_posix() == "venues/daai-gun.yaml"
    assert 'name: {en: "", zh: "大館"}' in written.path.read_text(encoding="utf-8")


def test_make_new_refuses_an_unknown_type_and_a_duplicate_with_one_message(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    result = make("new", "TYPE=artist", "NAME=Christopher Doyle", f"INPUTDIR={content}")
    assert result.returncode != 0
    assert result.stderr.splitlines()[:2] == [
        "content/artists/christopher-doyle.yaml: not written: this artist is likely in the "
        "directory already:",
        "  content/artists/christopher-doyle.md  Christopher Doyle / 杜可風  (the same name, "
        "written another way)",
    ]
    result = make("new", "TYPE=artsts", "NAME=X", f"INPUTDIR={content}")
    assert (
        result.stderr.splitlines()[0] == "TYPE=artsts: not an entry type: did you mean 'artists'?"
    )


# make status -----------------------------------------------------------------------------------

UNTRANSLATED = {
    **SMALL_DIRECTORY,
    "artists/ho-fan.yaml": "name: {en: Ho Fan}\nbio: {en: Photographer., zh: 攝影師。}\n",
    "venues/tai-kwun.yaml": "name: {zh: 大館}\n",
}


def test_make_status_reports_a_missing_translation_in_the_terminal(tmp_path):
    content = write_tree(tmp_path / "content", UNTRANSLATED)
    result = make("status", f"INPUTDIR={content}", "LIST=1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "9 entries: 1 without English text, 3 without 繁體中文 text.",
        "共 9 個條目：1 個缺少English文字、3 個缺少繁體中文文字。",
    ]
    assert lines[3] == (
        "Type · 類別      Field · 欄位  Entries · 條目  No English · 缺English  "
        "No 繁體中文 · 缺繁體中文"
    )
    assert lines[4] == (
        "artists (4)      name                       4                       0"
        "                         1"
    )
    assert lines[-4:] == [
        "content/artists/ho-fan.yaml: no text in 繁體中文: name",
        "content/films/in-the-mood-for-love.yaml: no text in 繁體中文: synopsis",
        "content/venues/hong-kong-museum-of-art.yaml: no text in 繁體中文: district",
        "content/venues/tai-kwun.yaml: no text in English: name",
    ]


def test_make_status_as_markdown_for_the_pull_request(tmp_path):
    content = write_tree(tmp_path / "content", UNTRANSLATED)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plugins.directory",
            "status",
            str(content),
            "--format",
            "markdown",
            "--changed",
            str(content / "artists" / "ho-fan.yaml"),
            str(content / "artists" / "wong-kar-wai.yaml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "<!-- harbour-crossings:translation-status -->",
        "### Translation status · 翻譯狀況",
        "",
    ]
    assert (
        "| Type · 類別 | Field · 欄位 | Entries · 條目 | No English · 缺English "
        "| No 繁體中文 · 缺繁體中文 |" in lines
    )
    assert "| Artists · 藝術家 (4) | name | 4 | 0 | 1 |" in lines
    assert "| Venues · 場地 (2) | name | 2 | 1 | 0 |" in lines
    assert lines[-3:] == [
        "#### In this pull request · 此拉取請求（pull request）中",
        "",
        "- `content/artists/ho-fan.yaml`: no text in 繁體中文: name",
    ]


# The pre-commit hook ---------------------------------------------------------------------------


def test_the_pre_commit_hook_validates_only_the_changed_entries(tmp_path):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for r in config["repos"] for h in r["hooks"] if h["id"] == "validate-content")
    assert hook["pass_filenames"] is True
    assert re.search(hook["files"], "content/artists/ho-fan.yaml")
    assert not re.search(hook["files"], "content/images/ho-fan.jpg")
    content = write_tree(
        tmp_path / "content",
        {
            **SMALL_DIRECTORY,
            "artists/ho-fan.yaml": "name: Ho Fan\norigin: locale\n",
            "artists/broken-but-unchanged.yaml": "name: [\n",
            "films/new.yaml": "title: New\ndirectors: [ho-fan, wong-kar-wai, nobody]\n",
        },
    )
    changed = [str(content / "artists" / "ho-fan.yaml"), str(content / "films" / "new.yaml")]
    command = hook["entry"].replace(".venv/bin/python", sys.executable).split()
    command = [str(content) if part == "content" else part for part in command]
    start = time.perf_counter()
    result = subprocess.run(
        [*command, *changed], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert time.perf_counter() - start < 30
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/artists/ho-fan.yaml:2: origin: 'locale' is not a valid choice: did you mean "
        "'local'?",
        "content/films/new.yaml:2: directors[2]: no artist 'nobody' in content/artists/: "
        "expected the slug of a file in content/artists/",
        "2 problem(s) in 2 file(s); 0 entries are valid",
    ]
