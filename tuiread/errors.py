"""Errors the front ends turn into one clear line for the user (and exit status 2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class TuireadError(Exception):
    """Bad input from the user: reported as one line, never as a traceback."""


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ConfigError(TuireadError):
    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
