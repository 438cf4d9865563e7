"""The app's export: what to offer (the panel's filtered annotations, the article being read,
everything), the dialog, and writing the file in a thread worker.

The worker calls the annotation service (anchoring annotations of changed articles can take a
while, then rendering and writing), posts :class:`ExportDone` to the screen that started it and
touches no widget; that screen hands the message back to :meth:`Exporter.done`. The dialog's
choices (format, template, folder) are remembered in the UI state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message
from textual.screen import Screen

from tuiread import locations
from tuiread.annotations import ExportOptions, TemplateProblem
from tuiread.annotations.service import AnnotationService
from tuiread.corpus import Article
from tuiread.export_target import ExportTargetError
from tuiread.textsafe import displayable
from tuiread.ui.annotations.export_dialog import ExportChoice, ExportDialog, Scope
from tuiread.ui.host import host

# Characters of an article's title in the dialog's "This article" choice.
TITLE_CHARS = 50
WORKER_GROUP = "annotations-export"


@dataclass
class ExportDone(Message):
    """The worker wrote ``path`` (``problem`` set when it could not)."""

    choice: ExportChoice
    count: int
    path: Path | None = None
    problem: str | None = None


def _count(n: int) -> str:
    return f"{n} annotation" + ("" if n == 1 else "s")


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


class Exporter:
    def __init__(self, screen: Screen) -> None:
        self.screen = screen

    @property
    def service(self) -> AnnotationService:
        return host(self.screen).services.annotations

    def scopes(self, shown: tuple[str, ...] | None, article: Article | None) -> list[Scope]:
        everything = len(self.service.store.list())
        found = []
        if shown is not None:
            found.append(Scope("shown", f"The {_count(len(shown))} shown in the panel", shown))
        if article is not None:
            ids = self.service.ids_of(article)
            if ids:
                found.append(Scope("article",
                                   f"This article, {_short(article.title)} ({len(ids)})", ids))
        found.append(Scope("all", f"Everything ({_count(everything)})", None))
        return found

    def open(self, shown: tuple[str, ...] | None = None, article: Article | None = None) -> None:
        app = host(self.screen)
        if not self.service.store.list():
            app.say("No annotations to export yet.", timeout=3)
            return
        if shown is not None and not shown:
            app.say("Nothing is shown in the panel to export.", timeout=3)
            return
        remembered = app.ui_state.export
        folder = Path(remembered.get("folder") or locations.exports_dir())
        dialog = ExportDialog(self.scopes(shown, article), folder,
                              remembered.get("format", "md"), remembered.get("template", ""))
        self.screen.app.push_screen(dialog, self._closed)

    def _closed(self, choice: ExportChoice | None) -> None:
        if choice is None:
            return
        service, corpus, screen = self.service, host(self.screen).corpus, self.screen
        options = ExportOptions(format=choice.format, template=choice.template)

        def work() -> None:
            try:
                written = service.export(choice.path, options, choice.scope.ids, corpus)
            except (TemplateProblem, ExportTargetError) as exc:
                screen.post_message(ExportDone(choice, 0, problem=str(exc)))
                return
            if written is not None:  # None: the app is closing
                screen.post_message(ExportDone(choice, written[1], path=written[0]))

        screen.run_worker(work, name="exporting annotations",
                          description=f"exporting to {choice.path}", thread=True,
                          group=WORKER_GROUP, exit_on_error=False)

    def done(self, message: ExportDone) -> None:
        app = host(self.screen)
        if message.problem is not None:
            app.say(displayable(message.problem), title="Not exported", severity="error",
                    timeout=10)
            return
        choice = message.choice
        app.ui_state.export = {
            "format": choice.format,
            "template": str(choice.template) if choice.template else "",
            "folder": str(choice.path.parent),
        }
        app.save_state()  # a failure is told; the export itself is written
        app.say(displayable(f"Wrote {_count(message.count)} to {message.path}"),
                title="Exported", timeout=8)
