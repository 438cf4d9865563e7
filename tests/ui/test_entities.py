"""The entity panel, the reader's entity underlines and the corrections, driven with Pilot on
the seed corpus."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tests.ui.pilot import entities_ready, run, settle
from tuiread.entities import DecisionStore, Kind
from tuiread.ui.entities.dialogs import ConfirmDialog, EntityPicker, NameDialog
from tuiread.ui.entities.marks import FOUND_LAYER, UNDERLINE_LAYERS, layer_name
from tuiread.ui.entities.panel import MENTIONS, EntityPanel

SIZE = (120, 36)
async def wait_entities(pilot) -> None:
    """Until the catalog is built and every worker (decisions too) and message is done."""
    await entities_ready(pilot)
    await settle(pilot)


def option_texts(options: OptionList) -> list[str]:
    return [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]


async def open_panel_on(pilot, query: str) -> EntityPanel:
    await pilot.press("e")
    await pilot.pause()
    panel = pilot.app.screen
    assert isinstance(panel, EntityPanel)
    await pilot.press(*query)
    await pilot.pause()
    return panel


def test_e_opens_the_panel_and_a_misspelling_finds_zelensky_with_his_variants(
    make_app, wait_loaded, seeds_dir
):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await wait_entities(pilot)
            panel = await open_panel_on(pilot, "zelenski")
            assert panel.search_box.value == "zelenski"
            first = panel.rows[0]
            assert first.name == "Volodymyr Zelensky" and first.kind is Kind.PERSON
            row = option_texts(panel.options)[0]
            others = [v for v in first.variant_names() if v != first.name]
            assert len(others) >= 2
            assert "PERSON" in row and "Volodymyr Zelensky" in row
            assert ", ".join(others) in row
            assert f"{first.mention_count}" in row

            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, EntityPanel)

    run(scenario)


def test_enter_lists_the_mentions_in_context_and_opens_one_in_the_reader(
    make_app, wait_loaded, seeds_dir
):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await wait_entities(pilot)
            panel = await open_panel_on(pilot, "zelenski")
            entity = panel.rows[0]
            await pilot.press("enter")
            await pilot.pause()
            assert panel.view == MENTIONS
            contexts = app.services.entities.catalog.contexts(entity)
            rows = option_texts(panel.options)
            assert len(rows) == len(contexts) == entity.mention_count
            for row, context in zip(rows, contexts, strict=True):
                shown = " ".join(context.mention.text.split())
                assert shown[:10] in row
            # A mention in another article than the one open, away from its first sentence.
            open_id = app.main_screen.reader.article.id
            target = next(
                i for i, c in enumerate(contexts)
                if c.mention.article_id != open_id
                and c.article.sentence_at(c.mention.start) not in (None, 0)
            )
            for _ in range(target):
                await pilot.press("down")
            await pilot.press("enter")
            await pilot.pause()
            mention = contexts[target].mention
            reader = app.main_screen.reader
            assert app.screen is app.main_screen and app.focused is reader
            assert reader.article.id == mention.article_id
            assert reader.cursor_span.start <= mention.start < reader.cursor_span.end
            assert reader.highlight_spans(FOUND_LAYER) == [(mention.start, mention.end)]
            assert app.main_screen.article_list.current_id == mention.article_id
            # Leaving the sentence drops the mark.
            await pilot.press(")")
            await pilot.pause()
            assert reader.highlight_spans(FOUND_LAYER) is None

    run(scenario)


def test_underline_toggle_marks_every_mention_of_the_article_by_kind(
    make_app, wait_loaded, seeds_dir
):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await wait_entities(pilot)
            catalog = app.services.entities.catalog
            reader = app.main_screen.reader
            await pilot.press("tab")  # into the reader
            assert app.focused is reader
            for _ in range(2):
                await pilot.press("U")
                await pilot.pause()
                article_id = reader.article.id
                drawn = {}
                for kind in Kind:
                    for span in reader.highlight_spans(layer_name(kind)) or []:
                        drawn[(span.start, span.end)] = kind
                expected = {(m.start, m.end) for m in catalog.raw_mentions[article_id]}
                assert expected and set(drawn) == expected
                for (start, _end), kind in drawn.items():
                    assert catalog.entity_at(article_id, start).kind is kind
                # Another article gets its own underlines while the toggle is on.
                await pilot.press("right_square_bracket")
                await pilot.pause()
                assert reader.article.id != article_id
                spans = reader.highlight_spans(layer_name(Kind.PERSON))
                assert spans and {(s.start, s.end) for s in spans} <= {
                    (m.start, m.end) for m in catalog.raw_mentions[reader.article.id]}
                await pilot.press("U")
                await pilot.pause()
                assert all(reader.highlight_spans(name) is None for name in UNDERLINE_LAYERS)

    run(scenario)


def test_E_opens_the_entity_of_the_cursor_sentence(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await wait_entities(pilot)
            catalog = app.services.entities.catalog
            reader = app.main_screen.reader
            reader.focus()
            article = reader.article

            def names_in(index: int) -> list:
                sentence = article.sentences[index]
                return list(dict.fromkeys(
                    catalog.entity_at(article.id, m.start).key
                    for m in catalog.raw_mentions[article.id]
                    if sentence.start <= m.start < sentence.end))

            counts = [len(names_in(i)) for i in range(len(article.sentences))]
            one, several = counts.index(1), next(i for i, n in enumerate(counts) if n > 1)

            reader.move_cursor(one)
            await pilot.press("E")
            await pilot.pause()
            panel = app.screen
            assert isinstance(panel, EntityPanel) and panel.view == MENTIONS
            assert panel.entity.key == names_in(one)[0]
            highlighted = panel.contexts[panel.options.highlighted].mention
            sentence = article.sentences[one]
            assert highlighted.article_id == article.id
            assert sentence.start <= highlighted.start < sentence.end
            await pilot.press("escape", "escape")
            await pilot.pause()

            reader.move_cursor(several)
            await pilot.press("E")
            await pilot.pause()
            panel = app.screen
            assert isinstance(panel, EntityPanel) and panel.view != MENTIONS
            assert [e.key for e in panel.rows] == names_in(several)

    run(scenario)


def test_merge_and_rename_after_confirmation_persist_across_a_restart(
    make_app, wait_loaded, seeds_dir
):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await wait_entities(pilot)
            panel = await open_panel_on(pilot, "witkoff")
            assert panel.rows[0].name == "Steve Witkoff"
            kept_mentions = panel.rows[0].mention_count
            await pilot.press("down", "up")  # into the list, back on the first row
            assert app.focused is panel.options and panel.options.highlighted == 0
            await pilot.press("m")
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, EntityPicker) and picker.entity.name == "Steve Witkoff"
            await pilot.press(*"ushakov", "enter")
            await pilot.pause()
            confirm = app.screen
            assert isinstance(confirm, ConfirmDialog)
            other = picker.shown[0]
            assert other.name == "Yuri Ushakov"
            await pilot.press("escape")  # cancelled: nothing recorded
            await pilot.pause()
            assert app.screen is panel
            with DecisionStore() as store:
                assert store.all() == []

            await pilot.press("m", *"ushakov", "enter")
            await pilot.pause()
            await pilot.press("y")
            await wait_entities(pilot)
            merged = panel.rows[0]
            assert merged.name == "Steve Witkoff"
            assert merged.mention_count == kept_mentions + other.mention_count
            assert "Ushakov" in option_texts(panel.options)[0]

            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, NameDialog)
            name_box = app.screen.query_one(Input)
            name_box.value = "Witkoff and Ushakov"
            await pilot.press("enter")
            await wait_entities(pilot)
            assert panel.rows[0].name == "Witkoff and Ushakov"

        again = make_app([seeds_dir])
        async with again.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await wait_entities(pilot)
            catalog = again.services.entities.catalog
            entity = catalog.find("Witkoff and Ushakov")
            assert entity is not None
            assert {"Witkoff", "Ushakov"} <= set(entity.variant_names())
            assert entity.mention_count == kept_mentions + other.mention_count
            assert catalog.find("Steve Witkoff") is entity

            panel = await open_panel_on(pilot, "ushakov")
            assert panel.rows[0] is entity
            panel.options.focus()
            await pilot.press("u")  # undo the rename at once: undoing is the safe way
            await pilot.pause()
            assert again.screen is panel
            await wait_entities(pilot)
            assert panel.rows[0].name == "Steve Witkoff"
            with DecisionStore() as store:
                assert [d.action for d in store.all()] == ["merge"]

    run(scenario)


def test_the_panel_opened_before_the_catalog_shows_progress_then_the_entities(
    make_app, wait_loaded, seeds_dir
):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("e")
            await pilot.pause()
            panel = app.screen
            assert isinstance(panel, EntityPanel)
            if app.services.entities.catalog is None:
                assert panel.query_one("#entity-progress").display
                assert panel.rows == []
            await pilot.press(*"putin")
            await wait_loaded(pilot)
            await wait_entities(pilot)
            assert panel.catalog is app.services.entities.catalog
            assert not panel.query_one("#entity-progress").display
            assert panel.rows[0].name == "Vladimir Putin"

    run(scenario)


def test_a_failing_decision_store_or_regrouping_is_reported_and_later_corrections_work(
    make_app, wait_loaded, seeds_dir, monkeypatch
):
    from tuiread import locations
    from tuiread.entities import EntityCatalog

    notices: list[tuple[str, str | None]] = []

    async def rename(pilot, panel: EntityPanel, name: str) -> None:
        panel.options.focus()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NameDialog)
        pilot.app.screen.query_one(Input).value = name
        await pilot.press("enter")
        await wait_entities(pilot)

    async def scenario():
        app = make_app([seeds_dir])
        app.notify = lambda text, **kw: notices.append((str(text), kw.get("severity")))
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await wait_entities(pilot)
            first = app.services.entities.catalog
            panel = await open_panel_on(pilot, "witkoff")
            assert panel.rows[0].name == "Steve Witkoff"

            # A directory where the decisions file should be: SQLite cannot open it.
            store_path = locations.entity_decisions_file()
            locations.ensure_parent(store_path)
            store_path.mkdir()
            await rename(pilot, panel, "Steven Witkoff")
            errors = [text for text, severity in notices if severity == "error"]
            assert errors and str(store_path) in errors[-1] and "cannot open" in errors[-1]
            assert app.services.entities.busy is None and app.services.entities.catalog is first
            assert panel.rows[0].name == "Steve Witkoff"
            panel.options.focus()
            await pilot.press("u")  # undo reads the store on the app's thread: reported too
            await pilot.pause()
            assert not isinstance(app.screen, ConfirmDialog)
            assert notices[-1][1] == "error" and str(store_path) in notices[-1][0]
            store_path.rmdir()

            # A regrouping that fails unexpectedly still frees the keeper for the next one.
            def broken(*_args, **_kw):
                raise RuntimeError("regrouping broke")

            with monkeypatch.context() as patch:
                patch.setattr(EntityCatalog, "with_decisions", broken)
                await rename(pilot, panel, "Steven Witkoff")
            assert any("regrouping broke" in text for text, _ in notices)
            assert app.services.entities.busy is None and app.services.entities.catalog is first

            await rename(pilot, panel, "Witkoff the Envoy")
            assert app.services.entities.catalog is not first, "the regrouped copy is swapped in"
            assert panel.catalog is app.services.entities.catalog
            assert panel.rows[0].name == "Witkoff the Envoy"
            assert first.find("Witkoff the Envoy") is None, "the old catalog is left as it was"
            assert app.services.entities.catalog.find("Steve Witkoff").name == "Witkoff the Envoy"

    run(scenario)


def test_a_damaged_decisions_file_is_set_aside_and_the_app_says_where(
    make_app, wait_loaded, seeds_dir
):
    from tests.ui.pilot import toasts
    from tuiread.locations import entity_decisions_file

    damaged = entity_decisions_file()
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(b"not a database" * 200)

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await wait_entities(pilot)
            (aside,) = damaged.parent.glob(f"{damaged.name}.damaged-*")
            assert aside.read_bytes().startswith(b"not a database")
            said = [t for t in toasts(app) if "damaged" in t]
            assert len(said) == 1 and str(aside) in said[0]
            assert app.services.entities.ready is not None, "entity search keeps working"

    run(scenario)
