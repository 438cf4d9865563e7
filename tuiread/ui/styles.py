"""Rich styles from a widget's component classes, for text drawn on the widget's own background."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


def foreground(widget: Widget, component: str) -> Style:
    """The component's colour and text style without its background.

    Theme colours such as ``$text-muted`` are partly transparent; the full component style has
    them blended into real colours, which a partial style would not.
    """
    style = widget.get_component_rich_style(component)
    return Style(color=style.color, bold=style.bold, dim=style.dim, italic=style.italic,
                 underline=style.underline, strike=style.strike)


def background(widget: Widget, component: str) -> Style:
    """Only the component's background colour (blended over the widget's)."""
    return Style(bgcolor=widget.get_component_rich_style(component).bgcolor)


def text_strip(console: Console, text: Text, margin: int, width: int, base: Style) -> Strip:
    """One line of ``text`` after ``margin`` blank cells, cropped or padded to ``width``.

    Every segment gets a style: Rich leaves some unstyled, and Textual's monochrome filter
    (``NO_COLOR``) fails on a segment without one.
    """
    text.stylize_before(base)
    segments = [Segment(" " * margin, base)]
    segments.extend(Segment(s.text, s.style or base, s.control)
                    for s in text.render(console))
    return Strip(segments).crop_extend(0, width, base).simplify()
