"""Plain Latin names for folders: Russian and Kazakh Cyrillic transliterated.

A release downloaded as ``Индекс потребительских цен.csv`` gets the id
``2024-03-15-indeks-potrebitelskikh-tsen``, not an empty one.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["slug", "transliterate"]

#: Russian letters (the Bureau's BGN/PCGN-like romanisation) and the Kazakh-only letters.
_LATIN: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}  # fmt: skip


def transliterate(text: str) -> str:
    """Write Russian and Kazakh Cyrillic in Latin letters (lower case); other text unchanged."""
    return "".join(_LATIN.get(letter, letter) for letter in text.lower())


def slug(text: str, limit: int = 60) -> str:
    """Return a folder name: Latin letters, digits and hyphens, at most ``limit`` long."""
    return re.sub(r"[^a-z0-9]+", "-", transliterate(text)).strip("-")[:limit].strip("-")
