"""Pelican glue: the directory's generator. The whole flow, in order: load, validate and link
(generate_context, before anything is written), then render and write (generate_output)."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from pelican.generators import Generator

from . import schema
from .i18n import Formatter, load_translations
from .pages import TYPE_ORDER, output_name, plan, sort_key, sources, url_path
from .pipeline import build_directory, display_root_for
from .rendering import Language
from .settings import read_settings

log = logging.getLogger(__name__)


class ContentError(SystemExit):
    """Entries have problems and the build was asked to fail on them; nothing was written.

    A SystemExit, so that `pelican` exits non-zero with this message and no traceback: the
    problems themselves were already logged, one line each."""


class DirectoryGenerator(Generator):
    def generate_context(self):
        self.config = read_settings(self.settings)
        content_dir = Path(self.path) / self.config.content_dir
        result = build_directory(content_dir, display_root_for(content_dir))
        for problem in result.problems:
            log.error("%s", problem)
        if result.problems and self.config.on_error == "fail":
            raise ContentError(
                f"{len(result.problems)} problem(s) in {len(result.broken)} entry file(s); "
                "nothing was written. Fix them, or run `make validate` to list them again."
            )
        if result.problems:
            log.warning(
                "left out %d entries with problems (ON_ERROR is 'skip')", len(result.broken)
            )
        self.result = result
        self.context["directory"] = result.directory

    def generate_output(self, writer):
        directory = self.result.directory
        languages = self.config.languages
        lang_attrs = {spec["key"]: spec["lang"] for spec in languages.values()}
        translations_dir = Path(self.theme) / self.config.translations_dir
        pages = plan(directory)
        siteurl = self.settings["SITEURL"]
        for prefix, spec in languages.items():
            translations = load_translations(translations_dir, spec["locale"])
            env = self.env.overlay(extensions=["jinja2.ext.i18n"])
            env.install_gettext_translations(translations, newstyle=True)
            language = Language(prefix, spec["key"], spec["lang"], translations.gettext, lang_attrs)
            shared = {
                "L": language,
                "fmt": Formatter(spec["locale"]),
                "url_for": partial(_entry_url, siteurl, prefix),
                "label": _label,
                "sort_key": partial(sort_key, language),
                "TYPES": TYPE_ORDER,
                "problems": self.result.problems,
            }
            for page in pages:
                self._write(
                    writer,
                    env,
                    page.template,
                    prefix,
                    page.path,
                    {**shared, **page.context, **_page_meta(languages, prefix, page.path, siteurl)},
                )
        landing = self.env.get_template("landing.html")
        writer.write_file(
            "index.html",
            landing,
            self.context,
            override_output=True,
            languages=languages,
            problems=self.result.problems,
            page=_page_meta(languages, "", (), siteurl)["page"],
        )

    def _write(self, writer, env, template, prefix, path, context):
        if template == "about.html":
            context["sources"] = sources(self.result.directory)
        if "entries" in context:
            context["sorted_entries"] = sorted(
                context["entries"], key=lambda e: (context["sort_key"](e), e.slug)
            )
        writer.write_file(
            output_name(prefix, path),
            env.get_template(template),
            self.context,
            override_output=True,
            **context,
        )


def _entry_url(siteurl: str, prefix: str, entry) -> str:
    return siteurl + url_path(prefix, (entry.type, entry.slug))


def _label(entry_type: str, field: str, value: str) -> dict:
    return schema.labels(entry_type, field)[value]


def _page_meta(languages: dict, prefix: str, path: tuple, siteurl: str) -> dict:
    """This page's URL and its reciprocal alternates in every language and x-default."""
    alternates = [(spec["lang"], siteurl + url_path(p, path)) for p, spec in languages.items()]
    default = siteurl + (url_path("", ()) if not path else url_path(next(iter(languages)), path))
    alternates.append(("x-default", default))
    others = [(spec, siteurl + url_path(p, path)) for p, spec in languages.items() if p != prefix]
    return {
        "page": {
            "prefix": prefix,
            "lang": languages[prefix]["lang"] if prefix else None,
            "url": siteurl + url_path(prefix, path),
            "path": path,
            "alternates": alternates,
            "others": others,
        }
    }
