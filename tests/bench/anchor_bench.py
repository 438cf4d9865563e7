"""Re-anchoring benchmark: annotate random spans of real articles, edit the articles the way
corrections do, and count where each annotation lands.

    python tests/bench/anchor_bench.py CORPUS [--annotations N] [--adversarial M] [--seed S]
                                              [--show-failures K]

Run by hand (not collected by pytest). For each annotation and each kind of edit the expected
span in the edited text is known, so every result is one of: right (the expected span), orphaned
(or missing: not placed), or wrong (placed anywhere else). The plain kinds edit the text; the
adversarial kinds (anchor_adversarial.py: a file replaced, files swapped, records inserted, a
second corpus, a copy of the quote elsewhere, several edits in a row) run through the store on
real files. Targets: wrong 0 % for every kind; right >= 99 % where the quoted text survives
unchanged, >= 98 % where the quote itself was edited; every deleted passage orphaned.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from anchor_adversarial import ADVERSARIAL, UNCHANGED, run_cases

from tuiread.annotations.anchoring import Description, anchor, describe
from tuiread.annotations.normalized import PreparedText
from tuiread.config import boilerplate_files
from tuiread.corpus import Article, load_corpus, load_rules

_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[A-Za-z]{4,}")
# Words a correction might swap in when it rewords a passage slightly.
REPLACEMENTS = "said stated added noted claimed new recent major key former early likely".split()


@dataclass(frozen=True, slots=True)
class Trial:
    text: str
    expected: tuple[int, int] | None  # None: the passage is gone and must be orphaned


@dataclass(frozen=True, slots=True)
class Target:
    article: Article
    start: int
    end: int
    paragraph: tuple[int, int]


def pick_span(article: Article, rng: random.Random) -> Target | None:
    """A span a reader might select: a few words, a phrase, a sentence or a paragraph."""
    paragraphs = [p for p in article.paragraphs if not p.heading and p.end - p.start > 40]
    if not paragraphs:
        return None
    para = rng.choice(paragraphs)
    words = list(_WORD.finditer(article.text, para.start, para.end))
    shape = rng.choices(["words", "phrase", "sentence", "paragraph"], [3, 5, 3, 1])[0]
    if shape == "paragraph":
        start, end = words[0].start(), words[-1].end()
    elif shape == "sentence":
        inside = [s for s in article.sentences if para.start <= s.start and s.end <= para.end]
        if not inside:
            return None
        sentence = rng.choice(inside)
        start, end = sentence.start, sentence.end
    else:
        count = rng.randint(1, 3) if shape == "words" else rng.randint(4, 20)
        first = rng.randrange(max(1, len(words) - count + 1))
        chosen = words[first : first + count]
        start, end = chosen[0].start(), chosen[-1].end()
    return Target(article, start, end, (para.start, para.end))


def replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def shift(span: tuple[int, int], at: int, delta: int) -> tuple[int, int]:
    """``span`` after ``delta`` characters were inserted (or removed) at ``at``."""
    s, e = span
    return (s + delta if s >= at else s, e + delta if e >= at else e)


def typo_fix(word: str, rng: random.Random) -> str:
    """The word with one typing slip made or mended: a letter changed, doubled, dropped or two
    letters swapped (never the first letter, so the word still starts where it did)."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["change", "double", "drop", "swap"])
    if kind == "change":
        letter = rng.choice([c for c in "etaoinshrdlu" if c != word[i].lower()])
        return word[:i] + letter + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def edit_typo_inside(t: Target, rng: random.Random) -> Trial | None:
    words = [m for m in _LETTERS.finditer(t.article.text, t.start, t.end)]
    if not words:
        return None
    word = rng.choice(words)
    fixed = typo_fix(word.group(), rng)
    text = replace(t.article.text, word.start(), word.end(), fixed)
    if text[t.start : t.end] == t.article.text[t.start : t.end]:
        return None  # a letter doubled at the quote's end leaves the quote itself intact
    return Trial(text, (t.start, t.end + len(fixed) - len(word.group())))


def edit_typo_near(t: Target, rng: random.Random) -> Trial | None:
    text = t.article.text
    near = [
        m
        for m in _LETTERS.finditer(text, max(0, t.start - 40), min(len(text), t.end + 40))
        if m.end() <= t.start or m.start() >= t.end
    ]
    if not near:
        return None
    word = rng.choice(near)
    fixed = typo_fix(word.group(), rng)
    delta = len(fixed) - len(word.group())
    return Trial(
        replace(text, word.start(), word.end(), fixed),
        shift((t.start, t.end), word.start() + 1, delta),
    )


def edit_sentence_inserted(t: Target, rng: random.Random, donor: str) -> Trial | None:
    starts = [s.start for s in t.article.sentences if s.start <= t.start]
    if not starts:
        return None
    at = rng.choice(starts)
    added = donor.strip() + " "
    return Trial(replace(t.article.text, at, at, added), shift((t.start, t.end), at, len(added)))


def edit_sentence_deleted(t: Target, rng: random.Random) -> Trial | None:
    before = [s for s in t.article.sentences if s.end <= t.start]
    if not before:
        return None
    s = rng.choice(before)
    text = t.article.text
    end = s.end
    while end < t.start and text[end] in " \t":
        end += 1
    return Trial(replace(text, s.start, end, ""), shift((t.start, t.end), s.start, s.start - end))


def edit_paragraphs_swapped(t: Target, rng: random.Random) -> Trial | None:
    paras = [(p.start, p.end) for p in t.article.paragraphs]
    if len(paras) < 2 or t.paragraph not in paras:
        return None
    i = paras.index(t.paragraph)
    j = rng.choice([k for k in (i - 1, i + 1) if 0 <= k < len(paras)])
    (a0, a1), (b0, b1) = sorted([paras[i], paras[j]])
    text = t.article.text
    swapped = text[:a0] + text[b0:b1] + text[a1:b0] + text[a0:a1] + text[b1:]
    # The quote's paragraph moved down past the other one, or up before it.
    offset = b1 - a1 if t.paragraph == (a0, a1) else a0 - b0
    return Trial(swapped, (t.start + offset, t.end + offset))


def edit_reflowed(t: Target, rng: random.Random) -> Trial | None:
    """Every paragraph rewrapped at a new width; sometimes two spaces after a full stop."""
    text = t.article.text
    width = rng.randint(50, 80)
    out: list[str] = []
    new_at: dict[int, int] = {}
    column = 0
    length = 0
    for token in re.finditer(r"\s+|\S+", text):
        piece = token.group()
        if piece.isspace():
            if piece.count("\n") >= 2:
                piece, column = "\n\n", 0
            elif column >= width:
                piece, column = "\n", 0
            else:
                piece = "  " if out and out[-1].endswith(".") and rng.random() < 0.3 else " "
                column += len(piece)
        else:
            new_at[token.start()] = length
            new_at[token.end()] = length + len(piece)
            column += len(piece)
        out.append(piece)
        length += len(piece)
    if t.start not in new_at or t.end not in new_at:
        return None
    return Trial("".join(out), (new_at[t.start], new_at[t.end]))


def edit_reworded(t: Target, rng: random.Random) -> Trial | None:
    """One word in twelve (at least one) replaced, never the first or last word of the quote."""
    words = list(_WORD.finditer(t.article.text, t.start, t.end))
    if len(words) < 4:
        return None
    chosen = rng.sample(words[1:-1], max(1, min(len(words) - 2, len(words) // 12)))
    text, end = t.article.text, t.end
    for word in sorted(chosen, key=lambda m: m.start(), reverse=True):
        new = rng.choice([w for w in REPLACEMENTS if w != word.group()])
        text = replace(text, word.start(), word.end(), new)
        end += len(new) - len(word.group())
    return Trial(text, (t.start, end))


def edit_passage_deleted(t: Target, rng: random.Random) -> Trial | None:
    """The sentences holding the quote removed (the whole paragraph if it is one sentence)."""
    covering = [s for s in t.article.sentences if s.end > t.start and s.start < t.end]
    if not covering:
        return None
    start, end = min(s.start for s in covering), max(s.end for s in covering)
    text = t.article.text
    while end < len(text) and text[end] in " \t":
        end += 1
    return Trial(replace(text, start, end, ""), None)


EDITS: dict[str, Callable[..., Trial | None]] = {
    "typo_inside": edit_typo_inside,
    "typo_near": edit_typo_near,
    "sentence_inserted": edit_sentence_inserted,
    "sentence_deleted": edit_sentence_deleted,
    "paragraphs_swapped": edit_paragraphs_swapped,
    "whitespace_reflowed": edit_reflowed,
    "quote_reworded": edit_reworded,
    "passage_deleted": edit_passage_deleted,
}


def run_trial(desc: Description, trial: Trial) -> tuple[str, str, str]:
    """Outcome, anchor state, and what was found (for --show-failures)."""
    result = anchor(PreparedText(trial.text), desc.quote, desc.position, desc.repeats)
    if not result.attached:
        return "orphaned", str(result.state), ""
    found = f"found {trial.text[result.start : result.end]!r} at {result.start}-{result.end}"
    if trial.expected == (result.start, result.end):
        return "right", str(result.state), found
    return "wrong", str(result.state), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--annotations", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--adversarial", type=int, default=100, metavar="M", help="cases per adversarial kind"
    )
    parser.add_argument(
        "--show-failures",
        type=int,
        default=0,
        metavar="K",
        help="print up to K wrong (and survivable orphaned) cases per kind",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: corpus not found: {args.corpus}", file=sys.stderr)
        return 0
    rng = random.Random(args.seed)
    corpus = load_corpus([args.corpus], load_rules(*boilerplate_files()))
    articles = [a for a in corpus.articles if len(a.paragraphs) >= 3]
    targets: list[Target] = []
    while len(targets) < args.annotations:
        target = pick_span(rng.choice(articles), rng)
        if target is not None:
            targets.append(target)
    counts: dict[str, Counter] = {kind: Counter() for kind in EDITS}
    shown: Counter = Counter()
    elapsed = 0.0
    for target in targets:
        desc = describe(target.article.text, target.start, target.end)
        for kind, edit in EDITS.items():
            if kind == "sentence_inserted":
                donor_article = rng.choice(articles)
                donor = rng.choice(donor_article.sentences)
                trial = edit(target, rng, donor_article.text[donor.start : donor.end])
            else:
                trial = edit(target, rng)
            if trial is None:
                continue
            began = time.perf_counter()
            outcome, state, found = run_trial(desc, trial)
            elapsed += time.perf_counter() - began
            counts[kind][outcome] += 1
            counts[kind][f"{outcome}:{state}"] += 1
            bad = outcome == "wrong" or (outcome == "orphaned" and trial.expected is not None)
            if bad and shown[kind] < args.show_failures:
                shown[kind] += 1
                print(
                    f"[{kind}] {outcome} ({state}) quote={desc.quote.exact[:80]!r} "
                    f"expected={trial.expected} {found}",
                    file=sys.stderr,
                )
    for kind, make in ADVERSARIAL.items():
        cases = []
        for _ in range(args.adversarial * 20):
            if len(cases) >= args.adversarial:
                break
            article = rng.choice(articles)
            others = [o for o in rng.sample(articles, 31) if o.text != article.text][:30]
            if kind == "multi_edit":
                case = make(article, others, rng, EDITS, lambda: _donor(articles, rng))
            else:
                case = make(article, others, rng)
            if case is not None:
                cases.append(case)
        began = time.perf_counter()
        counts[kind], failures = run_cases(cases)
        elapsed_adversarial = time.perf_counter() - began
        for line in failures[: args.show_failures]:
            print(f"[{kind}] {line}", file=sys.stderr)
        print(f"{kind}: {len(cases)} cases in {elapsed_adversarial:.1f} s", file=sys.stderr)
    print_table(counts, len(targets), elapsed)
    return 0


def _donor(articles: list[Article], rng: random.Random) -> str:
    article = rng.choice(articles)
    sentence = rng.choice(article.sentences)
    return article.text[sentence.start : sentence.end]


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


def print_table(counts: dict[str, Counter], annotations: int, elapsed: float) -> None:
    print(f"{annotations} annotations on random spans; trials per edit kind below")
    print(
        "| edit kind | trials | right | orphaned | wrong | right % | orphaned % | wrong % "
        "| right as exact/moved/fuzzy |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    total = 0
    for kind, c in counts.items():
        n = c["right"] + c["orphaned"] + c["wrong"]
        total += n
        states = "/".join(str(c[f"right:{s}"]) for s in ("exact", "moved", "fuzzy"))
        print(
            f"| {kind} | {n} | {c['right']} | {c['orphaned']} | {c['wrong']} "
            f"| {pct(c['right'], n)} | {pct(c['orphaned'], n)} | {pct(c['wrong'], n)} "
            f"| {states} |"
        )
    print(
        f"anchoring time: {1000 * elapsed / max(1, total):.2f} ms per annotation "
        f"({total} anchorings)"
    )
    def share(kind: str) -> float:
        n = sum(counts[kind][o] for o in ("right", "orphaned", "wrong"))
        return counts[kind]["right"] / n if n else 1.0

    wrong_ok = all(counts[k]["wrong"] == 0 for k in counts)
    unchanged_ok = all(share(k) >= 0.99 for k in counts if k in UNCHANGED_PLAIN | UNCHANGED)
    edited_ok = all(share(k) >= 0.98 for k in EDITED_QUOTE if k in counts)
    gone = [k for k in ("passage_deleted", *GONE) if k in counts]
    orphans_ok = all(counts[k]["right"] + counts[k]["wrong"] == 0 for k in gone)
    print(
        f"targets: wrong 0 in every kind {'met' if wrong_ok else 'MISSED'}; right >= 99 % where "
        f"the quoted text survives unchanged {'met' if unchanged_ok else 'MISSED'}; right >= 98 % "
        f"where the quote was edited {'met' if edited_ok else 'MISSED'}; text gone never placed "
        f"{'met' if orphans_ok else 'MISSED'}"
    )


# Plain kinds that leave the quoted words as they were, and those that edit them.
UNCHANGED_PLAIN = {
    "typo_near",
    "sentence_inserted",
    "sentence_deleted",
    "paragraphs_swapped",
    "whitespace_reflowed",
}
EDITED_QUOTE = {"typo_inside", "quote_reworded"}
# Adversarial kinds where the annotated text is gone from the article (must not be placed).
GONE = ("name_reused_elsewhere", "file_replaced", "second_corpus_same_id")


if __name__ == "__main__":
    raise SystemExit(main())
