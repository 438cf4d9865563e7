"""The trace screen: `t` in the reader lists the sentence's counterpart in every other article;
enter opens one in the reader. Driven with Pilot on the seeds."""

from __future__ import annotations

import asyncio

from textual.widgets import OptionList

from tuiread.ui.trace.screen import TraceScreen

SIZE = (120, 36)


def test_t_traces_the_cursor_sentence_and_enter_opens_a_counterpart(make_app, wait_loaded,
                                                                     seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            reader = app.main_screen.reader
            article = reader.article
            reader.focus()
            await pilot.press("t")
            await wait_loaded(pilot)
            screen = app.screen
            assert isinstance(screen, TraceScreen) and screen.found is not None
            entries = screen.query_one("#trace-entries", OptionList)
            found = screen.found
            assert entries.option_count == len(found.entries) == len(app.corpus.articles) - 1
            assert found.article is article and found.sentence == reader.cursor
            kept = [e for e in found.entries if e.counterpart is not None]
            assert kept, "the first sentence of a seed is retold somewhere"
            assert f"In {len(kept)} of {len(found.entries)}" in entries.border_title
            # The first entry has a counterpart (kept ones come first without dates).
            await pilot.press("enter")
            await wait_loaded(pilot)
            assert not isinstance(app.screen, TraceScreen)
            assert reader.article.id == kept[0].article.id
            assert reader.cursor == kept[0].counterpart.sentences[0]

    asyncio.run(scenario())
