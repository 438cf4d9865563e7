"""Telling index damage from a bug: what reading a damaged Whoosh index raises, and from where.

Garbage in an index file surfaces as many exception types (Whoosh even raises a bare
``Exception("Block tag error …")`` from its posting reader). A bug in tuiread can raise the same
types (``AttributeError``, ``TypeError``, ``KeyError``), and mistaking it for damage would hide it
behind an endless rebuild. So an error counts as damage only when it is of a type damaged data
raises *and* it was raised inside Whoosh's code that reads index files.
"""

from __future__ import annotations

import pickle
import struct
import traceback
import zlib
from pathlib import Path

import whoosh
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

_WHOOSH = Path(whoosh.__file__).resolve().parent
_TUIREAD = Path(__file__).resolve().parent.parent

# Raised by reading bad bytes wherever Whoosh does it (file access, decompression, unpickling).
_DATA_ERRORS = (whoosh_index.IndexError, OSError, EOFError, struct.error, zlib.error,
                pickle.UnpicklingError, OverflowError, MemoryError, ImportError)
# Raised by Whoosh's decoders on garbage, but also by ordinary bugs: damage only when the
# decoding code itself raised them.
_DECODER_ERRORS = (ValueError, KeyError, IndexError, AttributeError, TypeError)
# Whoosh's parts that decode what is on disk (postings, stored fields, the TOC, columns).
_DECODERS = ("codec", "filedb", "util", "system.py", "columns.py", "idsets.py", "index.py",
             "reading.py", "matching")


def _raised_in(exc: BaseException) -> Path | None:
    """The file of the innermost frame that is Whoosh's or tuiread's (stdlib frames skipped)."""
    last = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(_WHOOSH) or path.is_relative_to(_TUIREAD):
            last = path
    return last


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` comes from reading a damaged index rather than from a bug."""
    where = _raised_in(exc)
    if where is None or not where.is_relative_to(_WHOOSH):
        return False
    if isinstance(exc, _DATA_ERRORS):
        return True
    part = where.relative_to(_WHOOSH).parts[0]
    decoding = part in _DECODERS
    # A bare Exception is how Whoosh's block reader reports a bad block tag.
    return decoding and (type(exc) is Exception or isinstance(exc, _DECODER_ERRORS))


def generation_identity(generation: Path) -> tuple[Path, int]:
    """A generation folder told apart from a later one of the same name (after a rebuild)."""
    try:
        return generation, generation.stat().st_ino
    except OSError:
        return generation, -1


def probe(searcher: Searcher) -> None:
    """Touch each part of the index once, so a damaged file shows up when opening, not later."""
    reader = searcher.reader()
    if reader.doc_count_all():
        searcher.stored_fields(0)
        for fieldname in ("body", "title"):
            for term in reader.lexicon(fieldname):
                reader.doc_frequency(fieldname, term)
                break
