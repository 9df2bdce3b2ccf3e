"""Harbour Crossings search plugin: a whoosh index of the directory, exported as static files
that search.js queries in the browser."""

from pelican import signals

from .generator import SearchGenerator


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.get_generators.connect(get_generators)
