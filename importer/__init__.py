"""Import the directory's entries from the M+ and LCSD open data (run ``python -m importer``)."""
