"""The walk started ahead: a forked child's walk is the in-process walk, a failed child costs only
a walk in-process, and work done ahead from the store's record is never shown for a corpus that
changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tuiread import config
from tuiread.corpus import walk_ahead, walk_find
from tuiread.corpus.walk import walk_corpus
from tuiread.corpus.walk_ahead import WalkAhead, can_fork, decode, encode
from tuiread.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[2]
POSIX_FORK = hasattr(os, "fork") and sys.platform.startswith("linux")


def _corpus(root: Path, odd: bool = True) -> Path:
    """Three articles, and with ``odd`` all a walk reports besides (a non-UTF-8 name too)."""
    for folder in ("a", "b/c"):
        (root / folder).mkdir(parents=True)
    (root / "a" / "one.txt").write_text("One\n\nThe first article, about a harbour.\n")
    (root / "a" / "two.txt").write_text("Two\n\nThe second article, about a bridge.\n")
    (root / "b" / "c" / "three.txt").write_text("Three\n\nThe third, about a tunnel.\n")
    (root / "b" / "notes.pdf").write_bytes(b"%PDF")  # another type: counted, skipped
    (root / "README.txt").write_text("not an article")  # excluded
    if not odd:
        return root
    (root / "b" / "loop").symlink_to(root / "b" / "loop")  # a problem, reported
    os.mkfifo(root / "b" / "pipe.txt")  # special: never opened
    (root / "a" / os.fsdecode(b"caf\xe9.txt")).write_text("Cafe\n\nA name not in UTF-8.\n")
    return root


def _same(one, other) -> None:
    assert one.files == other.files
    assert one.skipped == other.skipped
    assert (one.special, one.excluded) == (other.special, other.excluded)
    assert one.missing == other.missing
    assert [str(p) for p in one.problems] == [str(p) for p in other.problems]


def test_a_walk_survives_encoding(tmp_path: Path):
    root = _corpus(tmp_path / "corpus")
    walked = walk_corpus([root, tmp_path / "gone"])
    assert walked.files and walked.problems and walked.missing and walked.special
    _same(decode(encode(walked)), walked)


def test_what_is_not_a_walk_does_not_decode():
    for data in (b"", b"junk", __import__("marshal").dumps(("other", [], {}, 0, 0, [], []))):
        with pytest.raises(ValueError):
            decode(data)


def test_no_fork_with_other_threads_or_when_turned_off(monkeypatch):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()
    monkeypatch.setenv(walk_ahead.ENVIRONMENT, "0")
    assert not can_fork()
    ahead = WalkAhead.start([ROOT / "seeds"])
    assert not ahead.forked
    _same(ahead.result(), walk_corpus([ROOT / "seeds"]))


def _in_fresh_process(script: str, tmp_path: Path) -> str:
    """``script`` run by a fresh interpreter (no other thread: the fork is taken)."""
    env = {**os.environ, "TUIREAD_HOME": str(tmp_path / "home")}
    env.pop(walk_ahead.ENVIRONMENT, None)
    env[walk_find.ENVIRONMENT] = "0"  # (the walk by find is tested in test_walk_find.py)
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(not POSIX_FORK, reason="the walk is forked on Linux only")
def test_the_childs_walk_is_the_walk_in_process(tmp_path: Path):
    root = _corpus(tmp_path / "corpus")
    out = _in_fresh_process(f"""
        from pathlib import Path
        from tuiread.corpus.walk import walk_corpus
        from tuiread.corpus.walk_ahead import WalkAhead
        roots = [Path({str(root)!r}), Path({str(tmp_path / 'gone')!r})]
        here = walk_corpus(roots)
        for parts in (1, 2):
            ahead = WalkAhead.start(roots, parts=parts)
            assert len(ahead._pids) == parts
            walked = ahead.result()
            assert ahead.forked and ahead.fell_back is None, ahead.fell_back
            assert walked.files == here.files and walked.skipped == here.skipped
            assert [str(p) for p in walked.problems] == [str(p) for p in here.problems]
            assert walked.missing == here.missing and walked.special == here.special
            print(len(walked.files))
        """, tmp_path)
    assert out.split() == ["4", "4"]  # (the three, and the one of the non-UTF-8 name)


@pytest.mark.skipif(not POSIX_FORK, reason="the walk is forked on Linux only")
def test_a_failing_second_child_costs_a_walk_in_process(tmp_path: Path):
    root = _corpus(tmp_path / "corpus")
    out = _in_fresh_process(f"""
        import os, signal
        from pathlib import Path
        from tuiread.corpus import walk_ahead, walk_find
        from tuiread.corpus.walk import walk_corpus
        from tuiread.corpus.walk_split import SplitMismatch
        roots = [Path({str(root)!r})]
        here = walk_corpus(roots)
        real = walk_ahead.walk_part
        for failure in (RuntimeError, SplitMismatch):
            def broken(roots, exclude, part, parts):
                if part == 1:
                    raise failure("the second child fails")
                return real(roots, exclude, part, parts)
            walk_ahead.walk_part = broken  # (the children's copies fail)
            failed = walk_ahead.WalkAhead.start(roots, parts=2)
            walk_ahead.walk_part = real
            assert failed.forked and failed.result().files == here.files
            print(failed.fell_back)
        killed = walk_ahead.WalkAhead.start(roots, parts=2)
        os.kill(killed._pids[1], signal.SIGKILL)  # before or after it wrote: either way right
        assert killed.result().files == here.files
        unused = walk_ahead.WalkAhead.start(roots, parts=2)
        unused.close()  # never asked for: both ended and reaped
        print(unused._pids, unused._pipes)
        """, tmp_path)
    assert out.split("\n")[:3] == ["the walking process ended with status 1",
                                   "the corpus changed while it was walked in parts",
                                   "[] []"]


@pytest.mark.skipif(not POSIX_FORK, reason="the walk is forked on Linux only")
def test_a_child_that_fails_costs_a_walk_in_process(tmp_path: Path):
    root = _corpus(tmp_path / "corpus")
    out = _in_fresh_process(f"""
        import os, signal
        from pathlib import Path
        from tuiread.corpus import walk_ahead, walk_find
        from tuiread.corpus.walk import walk_corpus
        roots = [Path({str(root)!r})]
        def broken(walked):
            raise RuntimeError("the child fails")
        real, walk_ahead.encode = walk_ahead.encode, broken  # (the child's copy fails)
        failed = walk_ahead.WalkAhead.start(roots, parts=1)
        walk_ahead.encode = real
        assert failed.forked
        assert failed.result().files == walk_corpus(roots).files
        print(failed.fell_back)
        killed = walk_ahead.WalkAhead.start(roots, parts=1)
        os.kill(killed._pids[0], signal.SIGKILL)  # before or after it wrote: either way right
        assert killed.result().files == walk_corpus(roots).files
        unused = walk_ahead.WalkAhead.start(roots, parts=1)
        unused.close()  # never asked for: ended and reaped
        print(unused._pids)
        """, tmp_path)
    assert out.split("\n")[0] == "the walking process ended with status 1"
    assert out.split("\n")[1] == "[]"


def _store_made(tmp_path: Path, root: Path) -> None:
    """The corpus store made (in the home the fresh processes use)."""
    _in_fresh_process(f"""
        from pathlib import Path
        from tuiread import config
        from tuiread.workspace import open_workspace
        with open_workspace(config.Settings(), [Path({str(root)!r})]) as workspace:
            workspace.derive_mentions = True
            assert workspace.entities is not None  # its snapshot made too
        """, tmp_path)


def _plain_corpus(root: Path) -> Path:
    shutil.copytree(ROOT / "seeds", root)
    return root


def _replace(path: Path, text: str) -> None:
    path.unlink()  # a new file, as an editor writes it
    path.write_text(text)


# A child whose walk waits for a gate file: the test decides what the walk sees.
GATED = """
import time
from pathlib import Path
from tuiread import config
from tuiread.corpus import walk_ahead, walk_find
from tuiread.workspace import open_workspace
GATE = Path({gate!r})
ROOT = Path({root!r})
def gate(real):
    def gated(*args):
        while not GATE.exists():
            time.sleep(0.01)
        return real(*args)
    return gated
walk_ahead.walk_corpus = gate(walk_ahead.walk_corpus)  # (a child of a walk in one piece)
walk_ahead.walk_part = gate(walk_ahead.walk_part)  # (the children of a walk in parts)
def replace(path, text):
    path.unlink()
    path.write_text(text)
"""


def _gated(tmp_path: Path, root: Path, script: str) -> str:
    gate = tmp_path / f"gate-{len(list(tmp_path.glob('gate-*')))}"
    return _in_fresh_process(GATED.format(gate=str(gate), root=str(root))
                             + textwrap.dedent(script), tmp_path)


@pytest.mark.skipif(not POSIX_FORK, reason="the walk is forked on Linux only")
def test_the_recorded_corpus_is_the_answer_only_while_nothing_changed(tmp_path: Path):
    root = _corpus(tmp_path / "corpus", odd=False)
    _store_made(tmp_path, root)
    out = _gated(tmp_path, root, """
        given = []
        def early(corpus):  # while the walk waits
            given.append((corpus, workspace.walk_running()))
            GATE.touch()
        with open_workspace(config.Settings(), [ROOT]) as workspace:
            workspace.start_walk()
            corpus = workspace.load_corpus(partial=early)
            assert given[0][1] and corpus.articles is given[0][0].articles
        print("unchanged: the same articles")
        """)
    assert out.strip() == "unchanged: the same articles"
    # A file edited between the work ahead and the walk: a fresh corpus, with the edit.
    out = _gated(tmp_path, root, """
        seen = []
        def early(corpus):
            seen.append(corpus)
            replace(ROOT / "a" / "two.txt", "Two, rewritten\\n\\nNow about a ferry.\\n")
            GATE.touch()
        with open_workspace(config.Settings(), [ROOT]) as workspace:
            workspace.start_walk()
            corpus = workspace.load_corpus(partial=early)
            assert corpus.articles is not seen[0].articles
            assert corpus.changes.changed == ["a/two.txt"]
            assert "Two, rewritten" not in [a.title for a in seen[0].articles]
            print([a.title for a in corpus.articles])
        """)
    assert "Two, rewritten" in out


def _list(root: Path, home: Path, ahead: bool) -> str:
    env = {**os.environ, "TUIREAD_HOME": str(home)}
    env[walk_ahead.ENVIRONMENT] = "1" if ahead else "0"
    done = subprocess.run([sys.executable, "-m", "tuiread", "list", str(root)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_list_prints_the_corpus_on_disk(tmp_path: Path):
    root = _corpus(tmp_path / "corpus", odd=False)
    home = tmp_path / "home"
    first = _list(root, home, ahead=True)
    assert first == _list(root, home, ahead=False) == _list(root, home, ahead=True)
    _replace(root / "b" / "c" / "three.txt", "Three, rewritten\n\nNow about a canal.\n")
    (root / "a" / "one.txt").unlink()
    after = _list(root, home, ahead=True)
    assert "Three, rewritten" in after and "harbour" not in after
    assert "a/one" not in after and "a/two" in after
    assert after == _list(root, home, ahead=False)


@pytest.mark.skipif(not POSIX_FORK, reason="the walk is forked on Linux only")
def test_an_entity_catalog_read_ahead_is_kept_only_for_the_same_corpus(tmp_path: Path):
    root = _plain_corpus(tmp_path / "corpus")
    _store_made(tmp_path, root)
    out = _gated(tmp_path, root, """
        def early(corpus):
            GATE.touch()  # (the catalog's snapshot is read after this, the walk still waiting)
        with open_workspace(config.Settings(), [ROOT]) as workspace:
            workspace.derive_mentions = True
            workspace.start_walk()
            real_running = walk_ahead.WalkAhead.running
            walk_ahead.WalkAhead.running = lambda self: True  # (the gate is open already)
            workspace.load_corpus(partial=early)
            walk_ahead.WalkAhead.running = real_running
            assert workspace._catalog is not None  # read ahead, and kept: nothing changed
            print(len(workspace.entities.entities))
        """)
    assert int(out) > 0
    victim = sorted(root.rglob("*.txt"))[0]
    out = _gated(tmp_path, root, f"""
        def early(corpus):
            replace(Path({str(victim)!r}),
                    "A new article\\n\\nMargaret Thatcher met Kofi Annan in Geneva.\\n")
        with open_workspace(config.Settings(), [ROOT]) as workspace:
            workspace.derive_mentions = True
            workspace.start_walk()
            real_snapshot = workspace._snapshot_catalog
            def snapshot(corpus):
                found = real_snapshot(corpus)
                GATE.touch()  # the walk, after the edit and the catalog read ahead
                return found
            workspace._snapshot_catalog = snapshot
            workspace.load_corpus(partial=early)
            assert workspace._catalog is None  # the catalog read ahead was of the old corpus
            print(sorted(e.name for e in workspace.entities.entities))
        """)
    assert "Kofi Annan" in out


def _indexed(root: Path) -> None:
    with open_workspace(config.Settings(), [root]) as workspace:
        workspace.search_index.update()


def test_a_search_ahead_stands_only_when_the_check_confirms_it(tmp_path: Path, monkeypatch):
    from tuiread.search.ahead import confirmed, search_ahead

    root = _plain_corpus(tmp_path / "corpus")
    _indexed(root)
    worked = []
    with open_workspace(config.Settings(), [root]) as workspace:
        workspace.start_walk()
        index = workspace.open_search_index(
            lambda index: worked.append(search_ahead(index, "ceasefire", 5)))
        kept = confirmed(index, worked[0])
        assert kept is not None and kept.hits
        after = index.search("ceasefire", limit=5)
        assert [(h.id, h.path, h.snippets) for h in kept.hits] == [
            (h.id, h.path, h.snippets) for h in after.hits]
    # A hit's file edited between the search ahead and the walk: searched again, fresh.
    monkeypatch.setenv(walk_ahead.ENVIRONMENT, "0")
    victim = worked[0].results.hits[0].path
    worked.clear()

    def ahead(index):
        worked.append(search_ahead(index, "ceasefire", 5))
        _replace(victim, "Gone quiet\n\nNothing here about a truce any more.\n")

    with open_workspace(config.Settings(), [root]) as workspace:
        workspace.start_walk()
        index = workspace.open_search_index(ahead)
        assert victim in [h.path for h in worked[0].results.hits]
        assert confirmed(index, worked[0]) is None
        index.update()
        assert victim not in [h.path for h in index.search("ceasefire", limit=50).hits]


def test_copies_worked_out_ahead_only_when_kept(tmp_path: Path):
    from tuiread.corpus.sketch_cache import cached_copies

    root = _corpus(tmp_path / "corpus", odd=False)
    story = "Harbour\n\n" + "The harbour reopened on Monday after the storm had passed. " * 8
    (root / "a" / "one.txt").write_text(story)
    (root / "b" / "copy.txt").write_text(story.replace("Harbour", "Harbour (copy)"))
    with open_workspace(config.Settings(), [root]) as workspace:
        articles = workspace.corpus.articles
        assert cached_copies(articles, kept_only=True) is None  # nothing worked out, or kept
        found = cached_copies(articles)
        assert found["a/one"] == ["b/copy"]
        assert cached_copies(articles, kept_only=True) == found
    # Known by the store's state next time; a changed state is never taken for it.
    with open_workspace(config.Settings(), [root]) as workspace:
        assert cached_copies(workspace.corpus.articles, kept_only=True) == found
    _replace(root / "b" / "copy.txt", "Other\n\nA story of its own, about a lighthouse.\n")
    with open_workspace(config.Settings(), [root]) as workspace:
        articles = workspace.corpus.articles
        assert cached_copies(articles, kept_only=True) is None
        assert "a/one" not in cached_copies(articles)
