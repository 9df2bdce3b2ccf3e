"""The project as the editors' commands see it (make new, make status, make devserver): the same
Pelican settings file, content model and interface catalogs as the build, read once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.support import NullTranslations
from pelican.settings import read_settings as read_pelican_settings

from .i18n import load_translations
from .model import DEFAULT_SCHEMA_DIR, ContentModel, load_model
from .settings import DirectorySettings, read_settings


@dataclass(frozen=True)
class Project:
    settings_file: Path
    content_dir: Path
    pelican: dict[str, Any]  # Pelican's settings, with PATH the content folder
    directory: DirectorySettings
    model: ContentModel

    @property
    def theme_dir(self) -> Path:
        return Path(self.pelican["THEME"])

    def catalogs(self) -> dict[str, NullTranslations]:
        """Each written language's interface catalog, by its key in entries ("en", "zh"): the
        editors' commands speak the languages they write (a derived one needs nothing)."""
        translations = self.theme_dir / self.directory.translations_dir
        return {
            language.key: load_translations(translations, language.locale)
            for language in self.directory.languages.values()
            if not language.derived
        }


def read_project(settings_file: Path, content_dir: Path, **overrides: Any) -> Project:
    """The settings of settings_file (pelicanconf.py) for content_dir, with overrides; a
    setting or schema file the build cannot use raises ConfigurationError."""
    pelican = read_pelican_settings(
        str(settings_file), override={"PATH": str(content_dir), **overrides}
    )
    directory = read_settings(pelican, "DIRECTORY", DirectorySettings)
    schemas = Path(directory.schemas_dir) if directory.schemas_dir else DEFAULT_SCHEMA_DIR
    content = Path(pelican["PATH"]) / directory.content_dir
    return Project(Path(settings_file), content, pelican, directory, load_model(schemas))
