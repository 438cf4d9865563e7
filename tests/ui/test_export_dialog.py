"""Exporting from the app: what is shown in the filtered panel, one article, or everything; the
format, template and file in the dialog, remembered; colours chosen with the arrow keys; notes
visible while reading."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from textual.widgets import RadioSet

from tests.ui.pilot import run, settle, toasts, until
from tuiread import locations
from tuiread.annotations import open_store, parse_jsonld
from tuiread.corpus import load_corpus
from tuiread.ui.annotations.dialog import AnnotationDialog
from tuiread.ui.annotations.export_dialog import ExportDialog
from tuiread.ui.annotations.note_line import NoteLine
from tuiread.ui.annotations.panel import AnnotationsPanel
from tuiread.ui.reading.reader_marks import NOTE_GLYPH

SIZE = (120, 36)
ALPHA = json.dumps({
    "title": "Envoys meet in Geneva", "source": "Example News", "author": "Jane Doe",
    "date": "2025-08-19", "url": "https://example.com/geneva",
    "text": "The envoys met in Geneva on Tuesday. They spoke for three hours.\n\n"
            "A second meeting is planned for next week.",
})
BETA = "Beta report\n\nOfficials denied the claim on Wednesday. The statement was brief.\n"


def annotated_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "alpha.json").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.txt").write_text(BETA, encoding="utf-8")
    articles = {a.id: a for a in load_corpus([folder], []).articles}
    alpha, beta = articles["alpha"], articles["beta"]
    with open_store() as store:
        for article, quote, tags in ((alpha, "met in Geneva", ["nato"]),
                                     (alpha, "next week", ["timing"]),
                                     (beta, "denied the claim", ["nato", "denial"])):
            start = article.text.index(quote)
            store.create(article, start, start + len(quote), note=f"on {quote}", tags=tags)
    return folder


def test_the_filtered_panel_exports_what_it_shows(make_app, tmp_path):
    corpus = annotated_corpus(tmp_path)

    async def scenario():
        app = make_app([corpus])
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("A")
            await settle(pilot)
            panel = app.screen
            assert isinstance(panel, AnnotationsPanel)
            await pilot.press(*"#nato")
            assert len(panel.shown) == 2
            await pilot.press("ctrl+e")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            labels = [str(b.label) for b in dialog.query("#export-scope RadioButton")]
            assert labels[0] == "The 2 annotations shown in the panel"
            assert labels[-1] == "Everything (3 annotations)"
            default = locations.exports_dir() / "tuiread-excerpts.md"
            assert dialog.query_one("#export-path").value == str(default)
            await pilot.press("enter")
            await until(pilot, default.exists, "the export is written")
            text = default.read_text(encoding="utf-8")
            assert "met in Geneva" in text and "denied the claim" in text
            assert "next week" not in text
            assert "Jane Doe · *Example News* · 2025-08-19 · <https://example.com/geneva>" in text
            assert "beta.txt" in text and str(tmp_path) not in text
            await until(pilot, lambda: any("Wrote 2 annotations" in t for t in toasts(app)),
                           "a toast names the file")

    run(scenario)


def test_formats_one_article_and_remembered_choices(make_app, tmp_path):
    corpus = annotated_corpus(tmp_path)

    async def scenario():
        app = make_app([corpus])
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            app.main_screen.open_article("alpha")
            await settle(pilot)
            await pilot.press("x")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            # The arrow keys choose, with no space needed: "This article" and then CSV.
            scope = dialog.query_one("#export-scope", RadioSet)
            assert scope.pressed_button.name == "article"
            await pilot.press("down")
            assert scope.pressed_button.name == "all"
            await pilot.press("up")
            assert scope.pressed_button.name == "article"
            await pilot.press("tab", "right", "right")
            assert dialog.format == "csv"
            target = Path(dialog.query_one("#export-path").value)
            assert target.name == "tuiread-excerpts.csv"
            await pilot.press("enter")
            await until(pilot, target.exists, "the CSV is written")
            rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
            assert sorted(row["exact"] for row in rows) == ["met in Geneva", "next week"]
            assert {row["title"] for row in rows} == {"Envoys meet in Geneva"}
            # Opened again: the format and the folder chosen last time.
            await pilot.press("x")
            await settle(pilot)
            again = app.screen
            assert isinstance(again, ExportDialog) and again.format == "csv"
            assert app.ui_state.export["format"] == "csv"
            # JSON-LD of everything, into a folder that does not exist yet.
            await pilot.press("down", "tab", "left")
            assert again.format == "jsonld"
            path = again.query_one("#export-path")
            path.value = str(tmp_path / "new-folder" / "all.jsonld")
            await pilot.press("enter")
            written = tmp_path / "new-folder" / "all.jsonld"
            await until(pilot, written.exists, "the JSON-LD is written")
            parsed, problems = parse_jsonld(written.read_text(encoding="utf-8"))
            assert not problems and len(parsed) == 3

    run(scenario)


def test_a_template_error_is_shown_and_nothing_written(make_app, tmp_path):
    corpus = annotated_corpus(tmp_path)
    template = tmp_path / "bad.md.j2"
    template.write_text("ok\n{{ annotations[0].nope }}\n", encoding="utf-8")

    async def scenario():
        app = make_app([corpus])
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("x")
            await settle(pilot)
            dialog = app.screen
            dialog.query_one("#export-template").value = str(template)
            target = tmp_path / "out.md"
            dialog.query_one("#export-path").value = str(target)
            await pilot.press("enter")
            await until(pilot, lambda: any(f"{template}:2:" in t for t in toasts(app)),
                           "the template's file and line in a toast")
            assert not target.exists()

    run(scenario)


def test_arrow_keys_choose_the_colour(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("r", "V", "a")
            await settle(pilot)
            assert isinstance(app.screen, AnnotationDialog)
            await pilot.press("tab", "tab", "right", "right")
            labels = app.screen.query_one("#note-label", RadioSet)
            assert labels.pressed_button.name == "blue"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert [a.label for a in app.services.annotations.store.list()] == ["blue"]

    run(scenario)


def test_notes_are_visible_while_reading(make_app, tmp_path):
    corpus = annotated_corpus(tmp_path)

    async def scenario():
        app = make_app([corpus])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.main_screen.open_article("alpha")
            await settle(pilot)
            reader = app.main_screen.reader
            reader.focus()
            text = reader.article.text
            reader.move_cursor(reader.sentence_at(text.index("met in Geneva")))
            await settle(pilot)
            line = app.main_screen.query_one(NoteLine)
            assert line.display and "on met in Geneva" in line.render().plain
            assert "#nato" in line.render().plain
            # A pencil in the margin beside the annotated line, and not beside the others.
            rows = [reader.render_line(y).text for y in range(reader.size.height)]
            marked = [row for row in rows if NOTE_GLYPH in row]
            assert len(marked) == 2  # "met in Geneva" and "next week", one line each
            assert all(row.lstrip().startswith(NOTE_GLYPH + " ") for row in marked)  # in the margin
            # On a sentence without an annotation the line goes away.
            reader.move_cursor(reader.sentence_at(text.index("They spoke")))
            await settle(pilot)
            assert not line.display

    run(scenario)
