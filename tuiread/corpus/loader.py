"""Reading a corpus: walking paths, decoding files, building cleaned and segmented articles."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tuiread.corpus.clean import clean
from tuiread.corpus.decode import UnreadableFile, decode_bytes
from tuiread.corpus.formats import FORMATS, records
from tuiread.corpus.model import Article
from tuiread.corpus.provenance import origin_url
from tuiread.corpus.rules import Rule
from tuiread.corpus.segment import segment

# Longest title kept when the headline has to be cut from an opening paragraph.
TITLE_FROM_TEXT_CHARS = 120


@dataclass(frozen=True, slots=True)
class LoadIssue:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(slots=True)
class SourceFile:
    """A file found under a corpus root, with the id prefix its articles get."""

    path: Path
    rel: str  # corpus-relative posix path, the basis of article ids
    format: str


@dataclass(slots=True)
class Scan:
    files: list[SourceFile] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # by suffix
    missing: list[Path] = field(default_factory=list)

    def skipped_summary(self) -> str | None:
        if not self.skipped:
            return None
        kinds = ", ".join(
            f"{count} {suffix or '(none)'}" for suffix, count in self.skipped.most_common()
        )
        return f"skipped {sum(self.skipped.values())} files of other types ({kinds})"


def scan(roots: Iterable[Path]) -> Scan:
    """Every readable file under ``roots`` (recursive, hidden files and folders skipped)."""
    result = Scan()
    roots = list(roots)
    seen: set[Path] = set()
    for root in roots:
        if not root.exists():
            result.missing.append(root)
            continue
        base = root.parent if root.is_file() else root
        prefix = _root_prefix(root, roots)
        for path in [root] if root.is_file() else _walk(root):
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            fmt = FORMATS.get(path.suffix.lower())
            if fmt is None:
                result.skipped[path.suffix.lower()] += 1
                continue
            rel = path.relative_to(base).as_posix()
            result.files.append(SourceFile(path, f"{prefix}{rel}", fmt))
    return result


def _root_prefix(root: Path, roots: list[Path]) -> str:
    """With several folders in one corpus, ids carry the folder's name so they stay unique."""
    folders = [r for r in roots if r.is_dir()]
    return f"{root.name}/" if root.is_dir() and len(folders) > 1 else ""


def _walk(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath) / name for name in sorted(filenames) if not name.startswith("."))
    return found


def article_id(rel: str, key: str | None, taken: set[str]) -> str:
    """Stable id: the corpus-relative path without its suffix (kept if that would collide)."""
    stem, dot, suffix = rel.rpartition(".")
    base = stem if dot and "/" not in suffix else rel
    candidate = f"{base}#{key}" if key else base
    if candidate in taken:
        candidate = f"{rel}#{key}" if key else rel
    return candidate


def build_articles(
    source: SourceFile, data: bytes, rules: list[Rule], taken: set[str]
) -> list[Article]:
    """Articles of one file's bytes. Raises UnreadableFile with the reason to show."""
    decoded = decode_bytes(data)
    articles = []
    for record in records(source.format, decoded.text):
        if not record.text.strip():
            continue
        cleaned = clean(record.text, rules, title=record.title, known=record.hidden)
        paras, sentences, words = segment(record.text, cleaned.visible)
        title = cleaned.title or _title_from_text(record.text, sentences) or source.path.stem
        notes = list(record.notes)
        if decoded.fallback:
            notes.append(f"not valid UTF-8: decoded as {decoded.encoding}")
        aid = article_id(source.rel, record.key, taken)
        taken.add(aid)
        articles.append(
            Article(
                id=aid,
                path=source.path,
                text=record.text,
                title=title,
                source=record.source or cleaned.source,
                encoding=decoded.encoding,
                format=source.format,
                visible=cleaned.visible,
                hidden=cleaned.hidden,
                paragraphs=paras,
                sentences=sentences,
                words=words,
                url=record.url or (origin_url(source.path) if source.format == "html" else None),
                date=record.date,
                author=record.author,
                notes=notes,
            )
        )
    if not articles:
        raise UnreadableFile("no text in file")
    return articles


def _title_from_text(text: str, sentences: list) -> str | None:
    if not sentences:
        return None
    first = " ".join(text[sentences[0].start : sentences[0].end].split())
    if len(first) > TITLE_FROM_TEXT_CHARS:
        first = first[: TITLE_FROM_TEXT_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return first


def load_files(
    files: list[SourceFile],
    rules: list[Rule],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[Article], list[LoadIssue]]:
    articles: list[Article] = []
    issues: list[LoadIssue] = []
    taken: set[str] = set()
    total = len(files)
    for done, source in enumerate(files, 1):
        if cancelled is not None and cancelled():
            break
        try:
            data = source.path.read_bytes()
            articles.extend(build_articles(source, data, rules, taken))
        except UnreadableFile as exc:
            issues.append(LoadIssue(source.path, f"skipped: {exc}"))
        except OSError as exc:
            issues.append(LoadIssue(source.path, f"skipped: cannot read ({exc.strerror or exc})"))
        if progress is not None:
            progress(done, total)
    return articles, issues
