"""Harbour Crossings search plugin: each entry's terms, analysed as whoosh analyses them for
``make search``, exported as static files that search.js queries in the browser. It joins the
directory's build as an extension."""

from plugins.directory import signals

from .extension import SearchExtension


def get_extension(settings):
    return SearchExtension


def register():
    signals.get_extensions.connect(get_extension)
