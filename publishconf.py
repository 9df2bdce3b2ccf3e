"""Pelican settings for publishing: pelicanconf.py plus the production address and output.

SITEURL comes from the environment, e.g. SITEURL=https://example.org/hk-arts for a site
served under a sub-path (as GitHub Pages project sites are)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: F403
from pelicanconf import DIRECTORY

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DIRECTORY = {**DIRECTORY, "FEEDS": True, "MINIFY": True, "COMPRESS": True}
