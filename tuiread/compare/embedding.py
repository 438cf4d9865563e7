"""Sentence meaning as a vector: WordLlama's static token embeddings, averaged.

Word overlap misses a paraphrase in other words ("declines in the dollar" against "falls in the
value of the dollar"); averaged token embeddings see it. WordLlama (MIT) ships its default model
inside its wheel (16 MB of weights and the tokenizer), and it is loaded from there with downloads
disabled: nothing is fetched at run time. Loaded once, on first use (about a second); each text's
vector is kept, so a sentence compared with many others is embedded once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

# The model that the wordllama wheel ships: the Llama-2 "supercat" token embeddings at 256
# dimensions (its default, and the only weights in the wheel).
MODEL = "l2_supercat"
DIMENSIONS = 256


@lru_cache(maxsize=1)
def _model():
    import wordllama  # ~0.6 s to import: only when a comparison first needs it
    from wordllama import WordLlama

    # The wheel holds weights/ and tokenizers/ the way the library's own cache folder does, so
    # pointing the cache at the package finds both files without any download.
    shipped = Path(wordllama.__file__).resolve().parent
    return WordLlama.load(MODEL, cache_dir=shipped, dim=DIMENSIONS, disable_download=True)


# Vectors kept: enough for every sentence of a few dozen articles compared with each other
# (a kilobyte each, so at most 16 MB).
KEPT_VECTORS = 16384


@lru_cache(maxsize=KEPT_VECTORS)
def vector(text: str) -> np.ndarray:
    """The unit-length meaning vector of ``text`` (zeros for text without any token)."""
    found = _model().embed([text])[0].astype(np.float32)
    length = float(np.linalg.norm(found))
    return found / length if length else found


def cosine(a: str, b: str) -> float:
    """Cosine of the meaning vectors of two texts, -1..1; symmetric."""
    if not a.strip() or not b.strip():
        return 0.0
    return float(np.dot(vector(a).astype(np.float64), vector(b).astype(np.float64)))
