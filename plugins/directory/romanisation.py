"""Chinese names in Latin letters: Cantonese Jyutping (ToJyutping, pinned), for the slugs of new
entries named only in Chinese and for telling that two names sound alike.

Jyutping, not the Hong Kong government's spellings: it is the standard romanisation of Cantonese
(LSHK), one spelling per sound, so a machine gives it the same way every time; the government's
spellings are chosen person by person (陳 is Chan, Chun or Tan) and cannot be derived."""

from __future__ import annotations

from plugins.search.analysis import is_cjk


def jyutping(text: str) -> str:
    """'王家衛' -> 'wong gaa wai': each Chinese character's Jyutping without its tone, one
    syllable a word; what is not Chinese is kept as it is."""
    import ToJyutping  # here, when first needed: reading its dictionary takes seconds

    parts: list[str] = []
    for char, reading in ToJyutping.get_jyutping_list(text):
        if reading and is_cjk(char):
            parts.append(f" {reading.split()[0].rstrip('123456')} ")
        else:
            parts.append(char)
    return " ".join("".join(parts).split())
