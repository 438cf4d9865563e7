"""Recording the entity panel's corrections: a worker the panel starts asks the entity service
to decide (or undo) and posts :class:`DecisionDone` back to the panel, which shows the regrouped
catalog, says what happened and tells every other view through ``entities_changed``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.screen import Screen

from tuiread.entities.decisions import take_notices
from tuiread.entities.service import Changed
from tuiread.errors import TuireadError
from tuiread.textsafe import displayable
from tuiread.ui.entities.messages import DecisionDone, DecisionRequested
from tuiread.ui.host import host

REGROUPING = "Regrouping the entities…"
DECIDING_GROUP = "entity-decisions"


def _start(screen: Screen, work: Callable[[], Changed]) -> None:
    service = host(screen).services.entities
    refused = service.begin_change(REGROUPING)
    if refused is not None:
        host(screen).say(refused, severity="warning")
        return
    host(screen).entities_changed.publish(None)  # views show that it is busy

    def run() -> None:
        screen.post_message(DecisionDone(work()))

    screen.run_worker(run, name="entity decision", description=REGROUPING, thread=True,
                      group=DECIDING_GROUP, exit_on_error=False)


def start_decision(screen: Screen, request: DecisionRequested) -> None:
    service = host(screen).services.entities
    _start(screen, partial(service.decide, request.action, request.subject, request.value))


def ask_undo(screen: Screen) -> None:
    """Take back the last decision at once (undoing is the safe way; the toast says what)."""
    try:
        decisions = host(screen).services.entities.decisions()
    except TuireadError as exc:
        host(screen).say(displayable(str(exc)), severity="error")
        return
    say_set_aside(screen)
    if not decisions:
        host(screen).say("No decision to undo.", timeout=3)
        return
    _start(screen, partial(host(screen).services.entities.undo, decisions[-1]))


def say_set_aside(screen: Screen) -> None:
    """Tell where a damaged decisions file was moved, once, when the store has opened it."""
    for notice in take_notices():
        host(screen).say(notice, title="Entity decisions", severity="warning", timeout=20)


def decision_done(screen: Screen, outcome: Changed) -> None:
    """Say how a correction ended and let every view show the catalog as it is now."""
    say_set_aside(screen)
    decision = outcome.decision
    if outcome.error is not None or decision is None:
        host(screen).say(displayable(outcome.error or "Not changed."), title="Not changed",
                         severity="error")
    elif outcome.undone:
        host(screen).say(displayable(f"Undone: {decision.describe()}."), timeout=5)
    elif outcome.changed:
        host(screen).say(displayable(
            f"Done: {decision.describe()} (u in the entity panel undoes it)."), timeout=5)
    else:
        host(screen).say(displayable(
            f"Recorded, but it changed nothing here: {decision.describe()}."), timeout=5)
    host(screen).entities_changed.publish(None)
