"""The adversarial edit kinds of the re-anchoring benchmark (see anchor_bench.py).

These edits change which article a file holds, not only its text, so they run through the
store on real files as the CLI does: annotate files of a temporary corpus, change the files,
load the corpus again and find every annotation (``Store.anchor_many``). Each annotation is
right (its own span, in the article that now holds its text), orphaned or missing (not placed:
right when its text is gone), or wrong (placed anywhere else).

- name_reused_elsewhere: a short quote that occurs once; its sentence deleted, the words put in
  a new paragraph at the end.
- file_replaced: the file now holds another article of the corpus that contains the quote.
- edited_original_vs_copy: one word of the quote changed in place; the original wording added
  in a new paragraph elsewhere.
- jsonl_record_inserted_top: the quote's record of a JSON Lines file, another record put first.
- files_swap_names: two annotated files swap names.
- second_corpus_same_id: another corpus has a file of the same relative name.
- multi_edit: two to four of the plain edits of anchor_bench.py one after another.
"""

from __future__ import annotations

import json
import os
import random
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tuiread.annotations import ArticleIndex, fingerprint, open_store
from tuiread.config import boilerplate_files
from tuiread.corpus import Article, load_corpus, load_rules


def _rules():
    return load_rules(*boilerplate_files())

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


@dataclass
class Case:
    """One annotation to make and what must become of it."""

    files: dict[str, str]  # corpus-relative name -> content, as annotated
    article: str  # the id of the annotated article
    start: int
    end: int
    edited: dict[str, str | None]  # name -> new content (None: removed) after the edit
    expected: tuple[str, int, int] | None  # (article id, start, end) or None: must not be placed
    corpus: str = ""  # folder of the corpus that is annotated; the edited one is `reopen`
    reopen: str = ""


def _unique_words(article: Article, rng: random.Random) -> tuple[int, int] | None:
    """A one or two word span whose words occur once in the article (a name, usually)."""
    text = article.text
    words = [m for m in _WORD.finditer(text) if text.count(m.group()) == 1 and len(m.group()) > 3]
    if not words:
        return None
    m = rng.choice(words)
    return m.start(), m.end()


def _sentence_of(article: Article, start: int, end: int) -> tuple[int, int] | None:
    covering = [s for s in article.sentences if s.start <= start and end <= s.end]
    return (covering[0].start, covering[0].end) if covering else None


def name_reused_elsewhere(article: Article, others: list[Article], rng) -> Case | None:
    span = _unique_words(article, rng)
    if span is None:
        return None
    sentence = _sentence_of(article, *span)
    if sentence is None:
        return None
    text, words = article.text, article.text[span[0] : span[1]]
    edited = text[: sentence[0]] + text[sentence[1] :]
    edited = edited.rstrip() + f"\n\nSeparately, a profile of {words} is due out in the spring.\n"
    return Case({"a.txt": text}, "a", *span, {"a.txt": edited}, None)


def file_replaced(article: Article, others: list[Article], rng) -> Case | None:
    span = _unique_words(article, rng)
    if span is None:
        return None
    words = article.text[span[0] : span[1]]
    # Another article: not one of the corpus's near-copies of this one (a wire story the corpus
    # holds twice, lightly edited), which would be this article edited, not replaced.
    mine = fingerprint.sketch(article.text)
    holding = [o for o in others if words in o.text and not fingerprint.same_article(
        mine, fingerprint.shingles(o.text))]
    if not holding:
        return None
    other = rng.choice(holding).text
    return Case({"a.txt": article.text}, "a", *span, {"a.txt": other}, None)


def edited_original_vs_copy(article: Article, others: list[Article], rng) -> Case | None:
    text = article.text
    inside = [s for s in article.sentences if s.end - s.start > 60]
    if not inside:
        return None
    sentence = rng.choice(inside)
    words = list(re.finditer(r"\S+", text[sentence.start : sentence.end]))
    if len(words) < 8:
        return None
    first = rng.randrange(0, len(words) - 6)
    chosen = words[first : first + rng.randint(5, min(12, len(words) - first))]
    start, end = sentence.start + chosen[0].start(), sentence.start + chosen[-1].end()
    quote = text[start:end]
    if text.count(quote) != 1:
        return None
    target = chosen[len(chosen) // 2]
    at = sentence.start + target.start()
    new = "reportedly" if target.group() != "reportedly" else "apparently"
    edited = text[:at] + new + text[at + len(target.group()) :]
    edited = edited.rstrip() + f"\n\nAn earlier version of this story said {quote}, in error.\n"
    return Case(
        {"a.txt": text},
        "a",
        start,
        end,
        {"a.txt": edited},
        ("a", start, end + len(new) - len(target.group())),
    )


def _jsonl(*texts: str) -> str:
    return "".join(json.dumps({"title": t.split("\n", 1)[0], "text": t}) + "\n" for t in texts)


def jsonl_record_inserted_top(article: Article, others: list[Article], rng) -> Case | None:
    span = _unique_words(article, rng)
    if span is None or not others:
        return None
    first, top = rng.sample(others, 2)
    before = _jsonl(first.text, article.text)
    after = _jsonl(top.text, first.text, article.text)
    ids = {a.text: a.id for a in _load_texts({"feed.jsonl": before}).articles}
    new_ids = {a.text: a.id for a in _load_texts({"feed.jsonl": after}).articles}
    return Case(
        {"feed.jsonl": before},
        ids[article.text],
        *span,
        {"feed.jsonl": after},
        (new_ids[article.text], *span),
    )


def files_swap_names(article: Article, others: list[Article], rng) -> Case | None:
    span = _unique_words(article, rng)
    if span is None:
        return None
    other = rng.choice(others).text
    files = {"a.txt": article.text, "b.txt": other}
    return Case(files, "a", *span, {"a.txt": other, "b.txt": article.text}, ("b", *span))


def second_corpus_same_id(article: Article, others: list[Article], rng) -> Case | None:
    span = _unique_words(article, rng)
    if span is None:
        return None
    other = rng.choice(others).text
    return Case(
        {"cA/news/a.txt": article.text, "cB/news/a.txt": other},
        "news/a",
        *span,
        {},
        None,
        corpus="cA",
        reopen="cB",
    )


def multi_edit(article: Article, others: list[Article], rng, plain: dict, donor) -> Case | None:
    """Two to four plain edits in a row, the article read again between them."""
    from anchor_bench import Target, pick_span  # the plain edits and how spans are picked

    first = pick_span(article, rng)
    if first is None:
        return None
    target, text = first, article.text
    kinds = [k for k in plain if k != "passage_deleted"]
    for kind in rng.sample(kinds, rng.randint(2, 4)):
        edit = plain[kind]
        trial = edit(target, rng, donor()) if kind == "sentence_inserted" else edit(target, rng)
        if trial is None:
            continue
        text = trial.text
        (now,) = _load_texts({"a.txt": text}).articles
        start, end = trial.expected
        target = Target(now, start, end, target.paragraph)
        paragraph = [(p.start, p.end) for p in now.paragraphs if p.start <= start and end <= p.end]
        if not paragraph:
            break  # the span no longer lies in one paragraph: the plain edits assume it does
        target = Target(now, start, end, paragraph[0])
    if text == article.text:
        return None
    expected = ("a", target.start, target.end)
    return Case({"a.txt": article.text}, "a", first.start, first.end, {"a.txt": text}, expected)


ADVERSARIAL: dict[str, Callable[..., Case | None]] = {
    "name_reused_elsewhere": name_reused_elsewhere,
    "file_replaced": file_replaced,
    "edited_original_vs_copy": edited_original_vs_copy,
    "jsonl_record_inserted_top": jsonl_record_inserted_top,
    "files_swap_names": files_swap_names,
    "second_corpus_same_id": second_corpus_same_id,
    "multi_edit": multi_edit,
}
# Kinds whose quoted text survives unchanged somewhere (right must reach 99 % there).
UNCHANGED = {"jsonl_record_inserted_top", "files_swap_names"}


def _write(root: Path, files: dict[str, str | None]) -> None:
    for name, content in files.items():
        path = root / name
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")


def _load_texts(files: dict[str, str]):
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), files)
        return load_corpus([Path(folder)], _rules())


# Set to keep the cases' folders for a look at what went wrong.
KEEP = bool(os.environ.get("ANCHOR_BENCH_KEEP"))


def run_cases(cases: list[Case]) -> tuple[Counter, list[str]]:
    """Make every case's annotation in its own folder, edit, re-anchor; count the outcomes."""
    counts: Counter = Counter()
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(tempfile.mkdtemp(prefix="anchor-bench-")) if KEEP else Path(folder)
        store = open_store(base / "annotations.sqlite3")
        made = []
        for n, case in enumerate(cases):
            root = base / f"case{n}"
            _write(root, case.files)
            corpus_root = root / case.corpus if case.corpus else root
            article = load_corpus([corpus_root], _rules()).get(case.article)
            if article is None:
                continue
            made.append((case, root, store.create(article, case.start, case.end)))
        for case, root, annotation in made:
            _write(root, case.edited)
            corpus_root = root / case.reopen if case.reopen else root
            corpus = load_corpus([corpus_root], _rules())
            (item,) = store.anchor_many([annotation], ArticleIndex(corpus))
            outcome = _judge(case, item)
            counts[outcome] += 1
            counts[f"{outcome}:{item.anchor.state}"] += 1
            if outcome == "wrong" or (outcome == "orphaned" and case.expected is not None):
                a = item.anchor
                found = corpus.get(item.found_in or annotation.article.id)
                text = found.text[a.start : a.end] if found and a.attached else ""
                failures.append(
                    f"{outcome} ({a.state} {a.score}) {annotation.exact[:60]!r} expected "
                    f"{case.expected} found {text[:60]!r} at {a.start}-{a.end} in {root}"
                )
        store.close()
    return counts, failures


def _judge(case: Case, item) -> str:
    a = item.anchor
    if not a.attached:
        return "orphaned"
    where = (item.found_in or item.annotation.article.id, a.start, a.end)
    return "right" if where == case.expected else "wrong"

