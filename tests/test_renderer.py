"""The renderers of a build's languages, made together before any page is rendered (as forked
workers get them): each renders its own language's pages, exactly as the build writes them."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, UndefinedError
from pelican.settings import read_settings

from plugins.directory import opendata
from plugins.directory.build import feed_name
from plugins.directory.history import build_day
from plugins.directory.i18n import ConstantMessages, TemplateStrings, load_translations
from plugins.directory.pages import plan
from plugins.directory.pipeline import build_directory
from plugins.directory.renderer import (
    Fragments,
    Renderer,
    SiteGlobals,
    asset_url,
    theme_environment,
)
from plugins.directory.shell import make_job
from tests.support import BUILD_DAY, ROOT, SMALL_DIRECTORY, write_tree


def renderers(content: Path, output: Path) -> tuple[dict[str, Renderer], list]:
    """Every language's renderer, all made before any renders, and the pages of the plan."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(content), "OUTPUT_PATH": str(output)}
    )
    settings["DIRECTORY"] = {**settings["DIRECTORY"], "BUILD_DAY": BUILD_DAY}
    job = make_job(settings)
    directory = build_directory(job.content_dir, model=job.model).directory
    site = SiteGlobals(
        SITEURL=job.siteurl,
        directory=directory,
        TYPES=list(job.model),
        problems=[],
        FEEDS=job.settings.feeds,
        asset=partial(asset_url, job.theme_dir / "static", f"/{job.theme_static_dir}", {}),
        open_graph_type=lambda entry: job.model.pick(entry.entry_type.open_graph, entry),
    )
    env = theme_environment(job.theme_dir, job.jinja_options)
    languages = job.settings.languages
    made = {
        prefix: Renderer(
            env,
            site,
            prefix,
            languages,
            job.translations_dir,
            {},
            feed_name(prefix),
            opendata.DATA_FOLDER,
        )
        for prefix in languages
    }
    return made, plan(directory, build_day(job.settings.build_day, None, {}))


def test_renderers_made_together_keep_their_own_interface_strings(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    made, _ = renderers(content, tmp_path / "output")
    pages = {prefix: renderer.render_error("404.html") for prefix, renderer in made.items()}
    assert [re.findall("<h1>(.*)</h1>", pages[p]) for p in ("en", "tc", "sc")] == [
        ["Page not found"],
        ["找不到網頁"],
        ["找不到网页"],
    ]


def test_template_strings_give_what_jinjas_newstyle_gettext_gives():
    translations = load_translations(ROOT / "theme" / "translations", "zh_Hant_HK")
    source = (
        "{{ _('Harbour Crossings') }}|{{ _('100%% <b>') }}|{{ _(\"What's on\") }}|"
        "{{ _('Results: %(num)s', num='<n>') }}|{{ gettext('record %(id)s', id='&') }}|"
        "{{ ngettext('%(num)s entry', '%(num)s entries', 1) }}|"
        "{{ ngettext('%(num)s entry', '%(num)s entries', 2, num='<2>') }}|"
        "{% trans name='<x>' %}Collaboration network of {{ name }}{% endtrans %}"
    )
    jinja = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    ours = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    ours.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    strings = TemplateStrings(translations)
    ours.globals.update({"_": strings.gettext, "gettext": strings.gettext})
    ours.globals["ngettext"] = strings.ngettext
    expected = jinja.from_string(source).render()
    assert ours.from_string(source).render() == expected
    assert ours.from_string(source).render() == expected  # from the cache, the same
    # messages without variables translated as the template is compiled: the same again
    compiled = ours.overlay(extensions=[ConstantMessages])
    compiled.template_strings = strings  # type: ignore[attr-defined]
    template = compiled.from_string(source)
    assert template.render() == expected
    assert "港藝交匯" in compiled.compile(source, raw=True)
    # a message is markup, its variables are escaped into it
    assert expected.split("|") == [
        *("港藝交匯", "100% <b>", "節目表", "結果：&lt;n&gt;", "記錄 &amp;"),
        *("1 項", "&lt;2&gt; 項", "&lt;x&gt;的合作網絡"),
    ]


def test_fragments_are_made_once_per_language_and_see_no_page(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    made, pages = renderers(content, tmp_path / "output")
    home = next(p for p in pages if p.path == ())
    first = made["en"].render(home)
    fragments = made["en"].env.globals["fragment"]
    kept = dict(fragments.made)
    assert ("_search_box.html",) in kept and ("_navigation.html", ("section", "")) in kept
    assert made["en"].render(home) == first
    assert {key: fragments.made[key] for key in kept} == kept  # the same objects: made once
    assert 'data-lang="en"' in first and 'data-lang="tc"' in made["tc"].render(home)


def test_a_fragment_sees_the_globals_and_its_arguments_never_a_page():
    env = Environment(
        loader=DictLoader({"ok.html": "{{ L }} {{ section }}", "page.html": "{{ page.url }}"}),
        autoescape=True,
    )
    env.globals["L"] = "<en>"
    fragments = Fragments(env)
    assert fragments("ok.html", section="artists") == "&lt;en&gt; artists"
    with pytest.raises(UndefinedError):
        fragments("page.html")
