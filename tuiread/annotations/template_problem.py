"""The error a template raises, apart from the template engine so exports can name it without
importing the engine."""

from __future__ import annotations

from tuiread.errors import TuireadError


class TemplateProblem(TuireadError):
    """A template that cannot be read or rendered: ``file:line: message``."""
