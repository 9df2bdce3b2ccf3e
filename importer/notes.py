"""A tally of the odd source records the importer met and what it did about them."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Notes:
    """Counts of odd records (handled) and skipped records, each kind with a first example.

    Passed explicitly to the mapping functions, so a run's tally never outlives the run.
    """

    oddities: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def odd(self, kind: str, record: str) -> None:
        """Count an odd record that was imported after a fix (``record`` names it)."""
        self.oddities[kind] += 1
        self.examples.setdefault(kind, record)
        log.debug("%s: %s", record, kind)

    def skip(self, reason: str, record: str) -> None:
        """Count a source record that was deliberately left out."""
        self.skipped[reason] += 1
        self.examples.setdefault(reason, record)
        log.debug("%s: skipped, %s", record, reason)
