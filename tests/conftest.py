"""Fixtures shared by the tests (the helpers themselves are in tests/support.py)."""

from tests.support import build_site

__all__ = ["build_site"]
