"""Pelican settings for local builds (make html, make serve, make devserver)."""

import sys
from pathlib import Path

# The project's plugins, importable however pelican is started.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from plugins.directory.shell import DirectoryPelican

# The directory's build is Pelican's run(): load, validate, link, index, render, write, compress
# (plugins/directory/build.py). Pelican's own generators do not run: content/ is read once.
PELICAN_CLASS = DirectoryPelican

SITENAME = "Harbour Crossings"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Hong_Kong"
DEFAULT_LANG = "en"

PLUGIN_PATHS = ["."]
PLUGINS = ["plugins.directory", "plugins.search"]

# Pelican's own feeds are off (they would warn without SITEURL): the directory writes its own.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Keep what was built when a build fails: the output folder is never emptied first.
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False

# The plugins' own settings: plugins/directory/settings.py and plugins/search/settings.py list
# every key with its default and what it is for.
DIRECTORY = {
    "ON_ERROR": "fail",
}
