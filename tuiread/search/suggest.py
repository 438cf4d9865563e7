""""Did you mean": corrected queries built from the index's own vocabulary.

A Whoosh corrector over the index's vocabulary (``VocabularyCorrector``) proposes terms near each
word that finds nothing (or much less than a close alternative): fewest edits first, then the
commonest. Terms are stems ("negoti"), so each is shown as the written word of the indexed text
closest to what the user typed ("negotiations").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from whoosh import query
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from tuiread.search.analysis import words
from tuiread.search.results import Suggestion
from tuiread.search.vocabulary import VocabularyCorrector

# Fewer matching articles than this is "little": worth offering a correction.
FEW_RESULTS = 3
# A word found in at most this many articles may be a typo repeated in the corpus.
RARE_DOCS = 2
# ...and is corrected only to a term this many times more frequent.
MORE_COMMON = 10
MAX_SUGGESTIONS = 3
# Corrections share the first letter: typos rarely change it, and it keeps suggestions relevant.
SAME_PREFIX = 1
# Two edits catch most typos (a missing, extra, wrong or swapped letter, twice).
MAX_EDITS = 2
# Articles whose text is read to find how a suggested term is written.
WRITTEN_FORM_SAMPLES = 3
FIELD = "body"


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    term: str


def suggest(searcher: Searcher, parsed: query.Query, text: str, found: int,
            parse: Callable[[str], query.Query]) -> list[Suggestion]:
    """Up to MAX_SUGGESTIONS corrected queries that find more than ``found``, closest first."""
    if found >= FEW_RESULTS:
        return []
    reader = searcher.reader()
    corrector = VocabularyCorrector(reader, FIELD)
    options: dict[_Word, list[str]] = {}
    for word in _plain_words(parsed):
        frequency = (reader.doc_frequency(FIELD, word.term)
                     + reader.doc_frequency("title", word.term))
        if frequency > RARE_DOCS:
            continue
        typed = text[word.start : word.end].lower()
        terms = _corrections(corrector, reader, word.term, frequency)
        forms = [_written_form(searcher, term, typed) for term in terms]
        # Judged on the words as written: a stem two edits away can be a different word.
        written = [w for w in dict.fromkeys(forms)
                   if w and w != typed and distance(w, typed) <= MAX_EDITS]
        if written:
            options[word] = written
    if not options:
        return []
    suggestions: list[Suggestion] = []
    seen = {text}
    for rank in range(MAX_SUGGESTIONS):
        candidate = _replace(text, {w: o[min(rank, len(o) - 1)] for w, o in options.items()})
        if candidate in seen:
            continue
        seen.add(candidate)
        count = _count(searcher, parse(candidate))
        if count > found:
            suggestions.append(Suggestion(candidate, count))
    return suggestions


def _plain_words(parsed: query.Query) -> list[_Word]:
    """Plain words and phrase words of the query (not wildcards, fuzzy terms or NOT parts)."""
    found: dict[tuple[int, int], _Word] = {}

    def visit(node: query.Query) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.MultiTerm):
            return
        if node.is_leaf():
            if getattr(node, "fieldname", None) not in ("title", "body"):
                return
            for token in node.tokens():
                if token.startchar is not None and token.endchar is not None:
                    found[(token.startchar, token.endchar)] = _Word(
                        token.startchar, token.endchar, token.text)
            return
        for child in node.children():
            visit(child)

    visit(parsed)
    return sorted(found.values(), key=lambda w: w.start)


def _corrections(corrector, reader, term: str, frequency: int) -> list[str]:
    terms = corrector.suggest(term, limit=MAX_SUGGESTIONS * 2, maxdist=MAX_EDITS,
                              prefix=SAME_PREFIX)
    wanted = max(1, MORE_COMMON * frequency)
    return [t for t in terms if reader.doc_frequency(FIELD, t) >= wanted][:MAX_SUGGESTIONS]


def _written_form(searcher: Searcher, term: str, typed: str) -> str | None:
    """The written word for ``term`` closest to ``typed``, from one article that contains it."""
    reader = searcher.reader()
    try:
        docnums = list(islice(reader.postings(FIELD, term).all_ids(), WRITTEN_FORM_SAMPLES))
    except KeyError:  # Whoosh raises TermNotFound, a KeyError, for an absent term
        return None
    forms: Counter[str] = Counter()
    for docnum in docnums:
        body = searcher.stored_fields(docnum).get("body", "")
        forms.update(body[w.start : w.end].lower() for w in words(body) if w.term == term)
    if not forms:
        return None
    return min(forms, key=lambda form: (distance(form, typed), -forms[form]))


def _replace(text: str, replacements: dict[_Word, str]) -> str:
    out = []
    position = 0
    for word in sorted(replacements, key=lambda w: w.start):
        out.append(text[position : word.start])
        out.append(replacements[word])
        position = word.end
    out.append(text[position:])
    return "".join(out)


def _count(searcher: Searcher, parsed: query.Query) -> int:
    return sum(1 for _ in searcher.docs_for_query(parsed))
