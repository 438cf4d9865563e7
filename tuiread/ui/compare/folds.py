"""Folding runs of one-sided rows in the comparison view (the core says which runs fold)."""

from __future__ import annotations

from tuiread.compare.rows import RowInfo, folds


def fold_rows(
    infos: list[RowInfo], shown: list[int], fold: bool
) -> tuple[list[int], dict[int, str], int]:
    """The rows still shown, the fold line's label under the last row shown before each fold,
    and how many rows the folds hide."""
    if not fold:
        return shown, {}, 0
    hidden: set[int] = set()
    labels: dict[int, str] = {}
    for run in folds(infos, shown):
        hidden.update(run.hidden)
        labels[run.rows[len(run.rows) - len(run.hidden) - 1]] = f"  {run.label()} · z unfolds"
    return [n for n in shown if n not in hidden], labels, len(hidden)
