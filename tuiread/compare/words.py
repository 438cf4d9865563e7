"""What a word is to the comparison, and the form two words are compared in (shared by the
sentence keys and the word diff)."""

from __future__ import annotations

import re
from functools import lru_cache

# A number (with its separators), a currency or percent sign, a word with inner apostrophes,
# dots or dashes (U.S., Putin–Zelensky), or any other run of word characters.
WORD = re.compile(r"\d+(?:[.,:]\d+)*|[$€£¥%]|[^\W\d_]\w*(?:['’.\-‐–][^\W_]+)*|\w+")

_FOLD = str.maketrans({"’": "'", "‘": "'", "‐": "-", "–": "-", "—": "-"})


@lru_cache(maxsize=65536)  # the same few thousand words come back in every sentence
def normalize(word: str) -> str:
    """Case-folded, curly quotes and dashes made plain."""
    return word.casefold().translate(_FOLD)
