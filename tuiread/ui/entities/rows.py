"""The lines of the entity panel as rich Text: entity rows in columns, and mentions as
keyword-in-context lines (the mention at the same column on every line, its context either side,
the article beside).

Every piece of article text goes through ``displayable`` and into ``Text`` with styles, never
into markup, and is cut to the cells it has so a row is always one line.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text

from tuiread.entities import Entity, Kind, MentionContext
from tuiread.textsafe import displayable
from tuiread.ui.entities.marks import kind_style

KIND_CELLS = 8  # "PERSON" and two spaces
COUNT_CELLS = 9  # "Mentions" and a space before it
NAME_MIN, NAME_MAX = 12, 32
VARIANT_GAP = 2
# Share of a keyword-in-context line left of the mention: a little under half, because the
# mention itself and what follows it read on the right.
LEFT_SHARE = 0.42
# The article column beside the context lines: a third of the row, within these limits.
ARTICLE_SHARE = 1 / 3
ARTICLE_MIN, ARTICLE_MAX = 16, 40
ARTICLE_GAP = " │ "
SOURCE_CELLS = 16
ELLIPSIS = "…"
MUTED = Style(dim=True)


def flat(text: str) -> str:
    """Article text on one line, safe to show."""
    return " ".join(displayable(text).split())


def fit(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells, cut with an ellipsis (not padded)."""
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, cells - 1).rstrip() + ELLIPSIS


def fit_left(text: str, cells: int) -> str:
    """The end of ``text`` in exactly ``cells`` cells: cut at the left with an ellipsis, or padded
    on the left."""
    if cells <= 0:
        return ""
    used = cell_len(text)
    if used <= cells:
        return " " * (cells - used) + text
    kept, width = [], 0
    for char in reversed(text):
        width += cell_len(char)
        if width > cells - 1:
            break
        kept.append(char)
    tail = "".join(reversed(kept))
    return " " * (cells - 1 - cell_len(tail)) + ELLIPSIS + tail


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - cell_len(text))


def name_cells(entities: list[Entity]) -> int:
    """Width of the name column for these rows (the widest name and a space)."""
    widest = max((cell_len(flat(e.name)) for e in entities), default=NAME_MIN)
    return max(NAME_MIN, min(NAME_MAX, widest + 1))


def entity_header(name_width: int, width: int) -> Text:
    text = Text(no_wrap=True, end="")
    text.append(pad("Kind", KIND_CELLS))
    text.append(pad("Name", name_width))
    text.append("Mentions".rjust(COUNT_CELLS))
    text.append("Articles".rjust(COUNT_CELLS))
    text.append(" " * VARIANT_GAP + "Also written")
    text.truncate(width)
    text.stylize(Style(bold=True, dim=True))
    return text


def entity_row(entity: Entity, name_width: int, width: int, dark: bool) -> Text:
    """One line: kind, name, mentions, articles, and the other spellings it groups."""
    text = Text(no_wrap=True, end="")
    text.append(pad(str(entity.kind), KIND_CELLS), style=kind_style(entity.kind, dark) + Style(
        bold=True))
    text.append(pad(fit(flat(entity.name), name_width - 1), name_width), style="bold")
    text.append(f"{entity.mention_count:,}".rjust(COUNT_CELLS))
    text.append(f"{entity.article_count:,}".rjust(COUNT_CELLS))
    others = [flat(v) for v in entity.variant_names() if v != entity.name]
    room = width - KIND_CELLS - name_width - 2 * COUNT_CELLS - VARIANT_GAP
    if others and room > 0:
        text.append(" " * VARIANT_GAP)
        text.append(fit(", ".join(others), room), style=MUTED)
    return text


def entity_title(entity: Entity, dark: bool) -> Text:
    """The entity above its mentions: kind, name, counts and every spelling."""
    text = Text(end="")
    text.append(str(entity.kind), style=kind_style(entity.kind, dark) + Style(bold=True))
    text.append("  ")
    text.append(flat(entity.name), style="bold")
    articles = entity.article_count
    text.append(
        f"  {entity.mention_count:,} mention{'s' * (entity.mention_count != 1)} in "
        f"{articles:,} article{'s' * (articles != 1)}",
        style=MUTED,
    )
    others = [flat(v) for v in entity.variant_names() if v != entity.name]
    if others:
        text.append("\nalso written ", style=MUTED)
        text.append(", ".join(others))
    return text


def article_label(context: MentionContext) -> str:
    """The source (cut short: some are whole domain names) and the title."""
    article = context.article
    title = flat(article.title) or article.id
    return f"{fit(flat(article.source), SOURCE_CELLS)} · {title}" if article.source else title


def article_cells(width: int) -> int:
    return max(ARTICLE_MIN, min(ARTICLE_MAX, int(width * ARTICLE_SHARE)))


def mention_row(context: MentionContext, kind: Kind, width: int, dark: bool) -> Text:
    """A keyword-in-context line: the mention emphasised at a fixed column, its sentence either
    side, the article's source and title beside."""
    beside = article_cells(width)
    kwic = max(10, width - beside - len(ARTICLE_GAP))
    line = displayable(context.context)
    mention_len = len(" ".join(context.mention.text.split()))
    before = line[: context.offset]
    mention = line[context.offset : context.offset + mention_len]
    after = line[context.offset + mention_len :]
    left = int(kwic * LEFT_SHARE)
    shown = fit(mention, kwic - left)
    right = kwic - left - cell_len(shown)
    text = Text(no_wrap=True, end="")
    text.append(fit_left(before, left), style=MUTED)
    text.append(shown, style=kind_style(kind, dark) + Style(bold=True))
    text.append(pad(fit(after, right), right))
    text.append(ARTICLE_GAP, style=MUTED)
    text.append(fit(article_label(context), beside), style="italic")
    return text
