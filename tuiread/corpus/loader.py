"""Reading a corpus: walking paths, decoding files, building cleaned and segmented articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tuiread.corpus.clean import clean
from tuiread.corpus.decode import UnreadableFile, decode_bytes
from tuiread.corpus.formats import records
from tuiread.corpus.model import Article
from tuiread.corpus.provenance import origin_url
from tuiread.corpus.rules import Rule
from tuiread.corpus.segment import segment
from tuiread.corpus.walk import DEFAULT_EXCLUDE, display_path, id_base, walk_corpus

# Per format (``formats.FORMATS``' values): bump a format's number when reading it gives other
# spans or fields, and the corpus store derives that format's files again, and only those. A
# change to cleaning or segmenting, which every format shares, bumps them all.
PARSER_VERSIONS = {"text": 4, "markdown": 4, "html": 5, "json": 4, "jsonl": 4}


@dataclass(frozen=True, slots=True)
class LoadIssue:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}: {self.message}"


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
    # Unreadable folders, link loops, special files: said to the user, never fatal.
    problems: list[LoadIssue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def skipped_summary(self) -> str | None:
        if not self.skipped:
            return None
        kinds = ", ".join(
            f"{count} {suffix or '(none)'}" for suffix, count in self.skipped.most_common()
        )
        return f"skipped {sum(self.skipped.values())} files of other types ({kinds})"


def scan(roots: Iterable[Path], exclude: Sequence[str] = DEFAULT_EXCLUDE) -> Scan:
    """Every article file under ``roots`` (see :func:`tuiread.corpus.walk.walk_corpus`)."""
    walked = walk_corpus(roots, exclude)
    return Scan(
        files=[SourceFile(Path(f.location), f.rel, f.format) for f in walked.files],
        skipped=walked.skipped,
        missing=walked.missing,
        problems=[LoadIssue(Path(p.path), p.message) for p in walked.problems],
        notices=walked.notices(),
    )


def article_id(rel: str, key: str | None, taken: set[str]) -> str:
    """Stable id: the corpus-relative path without its suffix (kept if that would collide)."""
    base = id_base(rel)
    candidate = f"{base}#{key}" if key else base
    if candidate in taken:
        candidate = f"{rel}#{key}" if key else rel
    return candidate


def build_articles(
    source: SourceFile, data: bytes, rules: list[Rule], taken: set[str]
) -> list[Article]:
    """Articles of one file's bytes. Raises UnreadableFile with the reason to show."""
    articles = []
    for _, key, article in file_articles(source, data, rules):
        article.id = article_id(source.rel, key, taken)
        taken.add(article.id)
        articles.append(article)
    return articles


def file_articles(
    source: SourceFile, data: bytes, rules: list[Rule]
) -> list[tuple[int, str | None, Article]]:
    """(record number, record key, article without its id) for each article of one file's bytes:
    what the corpus store keeps, ids being given in corpus order. Raises UnreadableFile."""
    decoded = decode_bytes(data)
    found = []
    for number, record in enumerate(records(source.format, decoded.text)):
        if not record.text or record.text.isspace():  # no copy of the text made to tell
            continue
        cleaned = clean(record.text, rules, title=record.title, known=record.hidden)
        paras, sentences, words = segment(record.text, cleaned.visible)
        title = cleaned.title or _title_from_text(record.text, sentences) or source.path.stem
        notes = list(record.notes)
        if decoded.fallback:
            notes.append(f"not valid UTF-8: decoded as {decoded.encoding}")
        article = Article(
            id="",
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
        found.append((number, record.key, article))
    if not found:
        raise UnreadableFile("no text in file")
    return found


def record_text(fmt: str, data: bytes, number: int) -> str | None:
    """The raw text of record ``number`` of a file's bytes (None if it has no such record)."""
    found = records(fmt, decode_bytes(data).text)
    return found[number].text if 0 <= number < len(found) else None


def _title_from_text(text: str, sentences: list) -> str | None:
    if not sentences:
        return None
    # The whole first sentence: exports and `list --json` need the full title; the screen
    # shortens it to its width.
    return " ".join(text[sentences[0].start : sentences[0].end].split())


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
