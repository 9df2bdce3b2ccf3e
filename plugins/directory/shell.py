"""Pelican as the shell: its command line, settings, plugins, server and autoreload stay; its
``run()`` is the directory's build (build.build_site). pelicanconf.py names this class as
PELICAN_CLASS. Settings are checked once, here, when the build is set up."""

from __future__ import annotations

import gc
import logging
from functools import partial
from pathlib import Path

from pelican import Pelican, signals

from . import signals as directory_signals
from .build import BuildJob, BuildReport, build_site
from .conversion import check_conversion
from .errors import ConfigurationError, report
from .history import source_date
from .model import DEFAULT_SCHEMA_DIR, ContentModel, load_model
from .pipeline import display_root_for
from .settings import DirectorySettings, Language, read_settings

log = logging.getLogger(__name__)


class DirectoryPelican(Pelican):
    def __init__(self, settings: dict, *, report_errors: bool = True):
        """report_errors: a wrong setting ends the program with one line (as the `pelican`
        command wants); else ConfigurationError is raised (publish, tests)."""
        super().__init__(settings)
        self.job = report(partial(make_job, settings)) if report_errors else make_job(settings)

    def run(self) -> None:
        """The whole build; an error is one line and a non-zero exit, never a traceback.

        What a build made is garbage once it ends, much of it in cycles (the entries and their
        links): a million objects that the collector's pass at the end of the process would
        walk for half a second, and freeing the build's report one object at a time would take
        a tenth more, for memory the process is about to give back. So the report is left in a
        cycle of its own, and all of it frozen, out of the collector's passes: a next run in
        the same process (`pelican --autoreload`) collects it first; the process's end never."""
        if gc.get_freeze_count():
            gc.unfreeze()
            gc.collect()
        result = report(self.build)
        print(result.summary(), flush=True)
        signals.finalized.send(self)
        leftover: list = [result]
        leftover.append(leftover)
        del result, leftover
        gc.freeze()

    def build(self) -> BuildReport:
        """The build itself, its errors raised (as tests want them)."""
        return build_site(self.job, progress=_progress)


def _progress(line: str) -> None:
    print(line, flush=True)


def make_job(settings: dict) -> BuildJob:
    """Pelican's settings -> everything one build needs, checked; ConfigurationError if not."""
    config = read_settings(settings, "DIRECTORY", DirectorySettings)
    theme = Path(settings["THEME"])
    model = load_model(Path(config.schemas_dir) if config.schemas_dir else DEFAULT_SCHEMA_DIR)
    for prefix, language in config.languages.items():
        where = f"DIRECTORY['LANGUAGES']['{prefix}']"
        if language.derived:
            _check_derived(where, language, model)
        elif language.key not in model.languages:
            raise ConfigurationError(
                f"{where}: key '{language.key}' is not a language of the entries: expected one "
                f"of {', '.join(model.languages)}"
            )
    content_dir = Path(settings["PATH"]) / config.content_dir
    extensions = tuple(
        extension(settings)
        for _, extension in sorted(
            directory_signals.get_extensions.send(settings), key=lambda r: _name(r[0])
        )
        if extension is not None
    )
    return BuildJob(
        content_dir=content_dir,
        output_dir=Path(settings["OUTPUT_PATH"]),
        theme_dir=theme,
        theme_static_dir=settings["THEME_STATIC_DIR"],
        siteurl=settings["SITEURL"],
        settings=config,
        model=model,
        jinja_options=dict(settings["JINJA_ENVIRONMENT"]),
        extensions=extensions,
        display_root=display_root_for(content_dir),
        source_date=source_date(),
    )


def _check_derived(where: str, language: Language, model: ContentModel) -> None:
    """A derived language's key is the entries' override of its conversion (x-derived-from in
    the schema's bilingual definition), and OpenCC has its conversion."""
    if (language.key, language.source) not in model.derived:
        expected = ", ".join(f"{k} (from {s})" for k, s in model.derived) or "none"
        raise ConfigurationError(
            f"{where}: key '{language.key}' is not a derived text of the entries' "
            f"'{language.source}': expected one the schema's bilingual definition declares "
            f"with x-derived-from: {expected}"
        )
    check_conversion(f"{where}['convert']", language.convert)


def _name(receiver) -> str:
    """Extensions run in a fixed order whatever the order of PLUGINS: by their module."""
    return f"{receiver.__module__}.{receiver.__qualname__}"


def check_shell(pelican: Pelican) -> None:
    """Pelican's ``initialized`` handler: the plugin works only as the build itself."""
    if not isinstance(pelican, DirectoryPelican):
        log.critical(
            "PELICAN_CLASS: the directory plugin needs plugins.directory.shell.DirectoryPelican "
            "(set in pelicanconf.py): expected PELICAN_CLASS = DirectoryPelican"
        )
        raise SystemExit(2)
