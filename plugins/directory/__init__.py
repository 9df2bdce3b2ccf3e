"""Harbour Crossings directory plugin: bilingual entries -> validated, linked pages."""

from pelican import signals

from .compress import compress_output
from .generator import DirectoryGenerator


def get_generators(pelican):
    return DirectoryGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(compress_output)
