"""Pelican settings for local builds (make html, make serve, make devserver)."""

SITENAME = "Harbour Crossings"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Hong_Kong"
DEFAULT_LANG = "en"

PLUGIN_PATHS = ["."]
PLUGINS = ["plugins.directory", "plugins.search"]

# The directory plugin reads content/ itself, once; Pelican's blog generators read nothing.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS = ["images"]
DIRECT_TEMPLATES: list[str] = []
for _kind in (
    "ARCHIVES",
    "AUTHOR",
    "AUTHORS",
    "CATEGORY",
    "CATEGORIES",
    "TAG",
    "TAGS",
    "YEAR_ARCHIVE",
    "MONTH_ARCHIVE",
    "DAY_ARCHIVE",
):
    globals()[f"{_kind}_SAVE_AS"] = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Keep what was built when a build fails: the output folder is never emptied first.
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False

DIRECTORY = {
    "ON_ERROR": "fail",
}
