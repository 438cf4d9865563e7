"""The extracted text's lines that are a page block's text reuse that block's words."""

from __future__ import annotations

from tuiread.corpus.kept_text import BlockShingles, Extracted, kept_blocks
from tuiread.corpus.page_walk import Block

BLOCKS = [
    Block("Home News Sport", True, links=1.0),
    Block("The council approved the transit plan on Tuesday after a long debate.", False),
    Block("Café owners on the high street welcomed the décision.", False),
    Block("Share this story", False),
]
# trafilatura's lines: two blocks as they are, one with an inline link pruned
OUTPUT = (
    "The council approved the transit plan on Tuesday after a long debate.\n"
    "Café owners on the high street welcomed the décision.\n"
    "A line of its own, in no block of the page."
)


def test_known_words_give_the_same_shingles():
    shingles = BlockShingles(BLOCKS)
    plain, reused = Extracted(OUTPUT), Extracted(OUTPUT, shingles.by_text)
    assert (plain.whole, plain.found, plain.long) == (reused.whole, reused.found, reused.long)
    assert kept_blocks(BLOCKS, plain, shingles) == kept_blocks(BLOCKS, reused, shingles)
    assert kept_blocks(BLOCKS, reused, shingles) == [False, True, True, False]


def test_a_line_that_is_a_block_is_not_split_again():
    known = {"Share this story": ["already", "split", "words"]}
    output = Extracted("Share this story\nshare this story", known)
    assert output.found[("already", "split", "words")] == 1
    assert output.found[("share", "this", "story")] == 1  # not a block's text as it is: split


def test_covers_tells_whether_the_kept_blocks_hold_the_share_asked():
    from tuiread.corpus.kept_text import covers

    shingles = BlockShingles(BLOCKS)
    output = Extracted(OUTPUT, shingles.by_text)
    # the output's long lines: 10 + 7 + 9 shingles; the two article blocks hold 17 of 26
    assert len(output.long) == 26
    both = [False, True, True, False]
    assert covers(both, output, shingles, 17 / 26)
    assert not covers(both, output, shingles, 18 / 26)
    assert covers([False, True, False, False], output, shingles, 10 / 26)
    assert not covers([False, True, False, False], output, shingles, 11 / 26)
    assert not covers([False] * 4, output, shingles, 0.01)
    assert covers([False] * 4, Extracted("two words"), shingles, 0.5)  # nothing to cover
