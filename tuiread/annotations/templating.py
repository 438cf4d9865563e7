"""Rendering excerpts with Jinja2 templates: the built-in Markdown, and the reader's own.

Templates run in Jinja's sandbox (a template file shared by someone else cannot reach Python
internals). Escaping follows the output's format, read from the template's file name
(``notes.md.j2``, ``notes.html``): in Markdown every value a template prints is made literal
Markdown, and the filters below build the Markdown structure; in HTML and XML Jinja's own
autoescape applies; other formats get values as they are. A template's error is reported as
``file:line: message``.

What a template sees: ``annotations`` (excerpts: exact, prefix, suffix, note, tags, label,
colour, article, title, source, author, date, url, path, locator, link, created, modified,
state), ``sources`` (one per article: article, title, source, author, date, url, path,
accessed, tags, annotations), ``groups`` (sections for ``group_by``: name, sources),
``group_by``, ``context``, ``front_matter``, ``meta`` (what a YAML front matter holds),
``generated`` and ``version``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from tuiread import __version__
from tuiread.annotations import markdown as md
from tuiread.annotations.excerpts import Excerpt, groups, sources
from tuiread.annotations.model import now
from tuiread.annotations.template_problem import TemplateProblem

BUILTIN_DIR = Path(__file__).resolve().parent / "templates"
BUILTIN_MARKDOWN = BUILTIN_DIR / "markdown.md.j2"
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xml", ".xhtml")
# What can go wrong while a template runs, besides Jinja's own errors: a filter given the wrong
# kind of value, a division by zero, an index past the end, a macro calling itself forever.
RENDER_ERRORS = (TemplateError, TypeError, ValueError, ArithmeticError, LookupError,
                 AttributeError, RecursionError)


def output_kind(template: Path) -> str:
    """"markdown", "html" or "text", from the template's name without its template suffix."""
    name = template.name.casefold()
    for suffix in TEMPLATE_SUFFIXES:
        name = name.removesuffix(suffix)
    if name.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return "text"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    group_by: str = "article"
    context: bool = False  # show the text around each quote
    front_matter: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _finalize_markdown(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup("\n".join(md.md_lines(str(value))))


def _finalize_plain(value: Any) -> Any:
    return "" if value is None else value


def environment(kind: str, folder: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(folder), str(BUILTIN_DIR)]),
        autoescape=kind == "html",
        finalize=_finalize_markdown if kind == "markdown" else _finalize_plain,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # In Markdown the structural filters return Markup: Markdown that is printed as it is.
    # Elsewhere they return plain text, which HTML autoescape still escapes.
    safe = Markup if kind == "markdown" else str
    env.filters.update(
        quote=lambda a, context=False: safe(md.quote_block(a, context)),
        lines=lambda text: safe(md.note_block(text or "")),
        hashtags=lambda tags: safe(md.hashtags(tags)),
        citation=lambda source: safe(md.citation_line(source)),
        locator=lambda a: safe(md.locator_text(a.locator, a.link)),
        url=lambda url: safe(md.url_text(url)),
        code=lambda text: safe(md.code_span(str(text))),
        md=lambda text: safe(md.md_escape(" ".join(str(text or "").split()))),
        yaml=lambda value: safe(yaml.safe_dump(value, allow_unicode=True, sort_keys=False)),
    )
    return env


def template_context(excerpts: list[Excerpt], options: RenderOptions) -> dict[str, Any]:
    found = sources(excerpts)
    tags = sorted({t for e in excerpts for t in e.tags}, key=str.casefold)
    meta: dict[str, Any] = {"title": "Excerpts", "generated": now(), "tags": tags}
    if len(found) == 1:
        only = found[0]
        meta = {"title": only.title, "outlet": only.source, "author": only.author,
                "date": only.date, "url": only.url or None, "path": only.path, "tags": tags}
        meta = {key: value for key, value in meta.items() if value}
    return {
        "annotations": excerpts,
        "sources": found,
        "groups": groups(excerpts, options.group_by),
        "group_by": options.group_by,
        "context": options.context,
        "front_matter": options.front_matter,
        "meta": meta,
        "generated": meta.get("generated") or now(),
        "version": __version__,
        **options.extra,
    }


def render_builtin(excerpts: list[Excerpt], options: RenderOptions) -> str:
    """The built-in Markdown: blank lines between blocks made single, as a person writes it."""
    text = render(BUILTIN_MARKDOWN, excerpts, options)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n" if text.strip() else ""


def render(template: Path, excerpts: list[Excerpt], options: RenderOptions) -> str:
    """``excerpts`` through the template file ``template``. Raises TemplateProblem."""
    template = template.expanduser()
    env = environment(output_kind(template), template.parent)
    try:
        compiled = env.get_template(template.name)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or template}:{exc.lineno}: {exc.message}") from exc
    except (TemplateNotFound, OSError, UnicodeDecodeError) as exc:
        raise TemplateProblem(f"{template}: cannot read the template ({exc})") from exc
    try:
        return compiled.render(template_context(excerpts, options))
    except TemplateSyntaxError as exc:  # in a template it includes
        raise TemplateProblem(f"{exc.filename or template}:{exc.lineno}: {exc.message}") from exc
    except RENDER_ERRORS as exc:
        where, line = _template_line(exc, str(template))
        message = str(exc) or type(exc).__name__
        raise TemplateProblem(f"{where}:{line}: {message}" if line else f"{where}: {message}"
                              ) from exc


def _template_line(exc: BaseException, filename: str) -> tuple[str, int | None]:
    """The innermost template frame of the traceback (Jinja maps its frames to template
    lines)."""
    where, line = filename, None
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == filename or code.co_filename.endswith(TEMPLATE_SUFFIXES):
            where, line = code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return where, line
