"""Harbour Crossings directory plugin: bilingual entries -> validated, linked pages.

The build itself is shell.DirectoryPelican (PELICAN_CLASS in pelicanconf.py); registering the
plugin checks that it is the class in use. Other plugins join through signals.get_extensions."""

from pelican import signals as pelican_signals

from .shell import check_shell


def register():
    pelican_signals.initialized.connect(check_shell)
