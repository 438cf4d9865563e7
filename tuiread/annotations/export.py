"""Exporting excerpts: one entry point for every format the CLI and the app offer.

``md`` is the built-in Markdown template (or the reader's ``--template``), ``jsonld`` the W3C
Web Annotation collection (re-importable), ``csv`` one row per excerpt, ``csl`` CSL-JSON and
``bibtex`` BibTeX, one entry per source. Machine formats carry full titles; only the screen
shortens them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tuiread.annotations.citations import export_bibtex, export_csl
from tuiread.annotations.excerpts import GROUP_BY, Excerpt, as_excerpts, excerpts_of, sources
from tuiread.annotations.jsonld import export_jsonld
from tuiread.annotations.model import Annotation

# Format -> (name shown, file suffix).
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("Markdown", "md"),
    "jsonld": ("JSON-LD (W3C Web Annotation)", "jsonld"),
    "csv": ("CSV", "csv"),
    "csl": ("CSL-JSON (Zotero, Pandoc)", "json"),
    "bibtex": ("BibTeX", "bib"),
}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    format: str = "md"
    template: Path | None = None  # a Jinja2 template file, for "md" (or any text output)
    group_by: str = "article"
    context: bool = False  # Markdown: the text around each quote
    front_matter: bool = False  # Markdown: a YAML front matter
    absolute_paths: bool = False  # local paths in full, not relative to the corpus

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r} (one of {', '.join(FORMATS)})")
        if self.group_by not in GROUP_BY:
            raise ValueError(f"cannot group by {self.group_by!r} (one of {', '.join(GROUP_BY)})")


def export(excerpts: list[Excerpt], options: ExportOptions) -> str:
    """The text of ``excerpts`` in ``options.format``. Raises TemplateProblem for a template."""
    # Jinja2 is imported on the first export, not when the app starts.
    from tuiread.annotations.templating import RenderOptions, render, render_builtin

    render_options = RenderOptions(options.group_by, options.context, options.front_matter)
    if options.template is not None:
        return render(options.template, excerpts, render_options)
    if options.format == "md":
        return render_builtin(excerpts, render_options)
    if options.format == "jsonld":
        return export_jsonld(excerpts)
    if options.format == "csv":
        return export_csv(excerpts)
    if options.format == "csl":
        return export_csl(excerpts)
    return export_bibtex(excerpts)


def export_per_article(excerpts: list[Excerpt], options: ExportOptions) -> list[tuple[str, str]]:
    """One (file name, text) per source article: a readable, unique name from the title."""
    suffix = (options.template.name.split(".")[-2] if options.template is not None
              and options.template.name.count(".") >= 2 else FORMATS[options.format][1])
    taken: set[str] = set()
    files = []
    for source in sources(excerpts):
        name = unique_name(file_stem(source.title) or "article", suffix, taken)
        files.append((name, export(list(source.annotations), options)))
    return files


def file_stem(title: str, longest: int = 80) -> str:
    """A title as a file name: letters, digits and hyphens, cut at a word."""
    words = re.findall(r"\w+", title)
    stem = ""
    for word in words:
        if len(stem) + len(word) + 1 > longest:
            break
        stem = f"{stem}-{word}" if stem else word
    return stem or (words[0][:longest] if words else "")


def unique_name(stem: str, suffix: str, taken: set[str]) -> str:
    name, n = f"{stem}.{suffix}", 2
    while name.casefold() in taken:
        name, n = f"{stem}-{n}.{suffix}", n + 1
    taken.add(name.casefold())
    return name


def export_markdown(annotations: Iterable[Annotation], context: bool = False) -> str:
    return export(excerpts_of(annotations), ExportOptions(context=context))


CSV_COLUMNS = [
    "id",
    "article",
    "title",
    "source",
    "author",
    "date",
    "url",
    "path",
    "paragraph",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "note",
    "tags",
    "label",
    "state",
    "created",
    "modified",
]
# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a leading quote defuses a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def export_csv(items: Iterable[Excerpt | Annotation]) -> str:
    """One row per excerpt; tags joined with "; "; formulas defused. The highlight colour is
    presentation and stays out (the JSON-LD keeps it)."""
    excerpts = as_excerpts(items)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for e in excerpts:
        row = [e.id, e.article, e.title, e.source, e.author, e.date, e.url, e.path,
               e.locator.paragraph, e.locator.start, e.locator.end, e.exact, e.prefix, e.suffix,
               e.note, "; ".join(e.tags), e.label, e.state, e.created, e.modified]
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()
