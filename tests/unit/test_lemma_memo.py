"""Lemmas kept between processes are simplemma's own; a damaged table costs only time."""

from __future__ import annotations

import subprocess
import sys

import simplemma

from tuiread.compare.lemma_memo import LANGUAGE, LemmaMemo, memo_file
from tuiread.compare.lemmas import lemmatize as simplemmas

WORDS = ["ministers", "agreed", "talks", "went", "better", "mice", "studies", "children",
         "running", "shipments", "Europe's", "they'd", "rose"]


def test_lemmas_kept_by_one_process_are_read_by_the_next():
    path = memo_file()
    first = LemmaMemo(path)
    assert all(first.get(w) is None for w in WORDS)
    for word in WORDS:
        first.add(word, simplemmas(word))
    first.save()
    assert path.is_file()
    again = LemmaMemo(path)
    assert [again.get(w) for w in WORDS] == [simplemma.lemmatize(w, lang=LANGUAGE)
                                             for w in WORDS]


def test_a_damaged_table_is_dropped_and_made_again():
    path = memo_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database at all" * 200)
    damaged = LemmaMemo(path)
    assert damaged.get("talks") is None and not path.exists()
    damaged.add("talks", simplemmas("talks"))
    damaged.save()
    assert LemmaMemo(path).get("talks") == simplemma.lemmatize("talks", lang=LANGUAGE)


def test_a_comparison_of_kept_words_does_not_load_simplemma(tmp_path):
    text = "The ministers agreed on Tuesday that the talks went better than feared."
    code = ("import sys\n"
            "from tuiread.compare.keys import text_keys\n"
            f"keys = text_keys({text!r}).keys\n"
            "print(sorted(keys), 'simplemma' in sys.modules)\n")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    keys_first, loaded_first = first.stdout.rsplit(" ", 1)
    keys_second, loaded_second = second.stdout.rsplit(" ", 1)
    assert keys_first == keys_second  # the same keys, from the kept lemmas
    assert loaded_first.strip() == "True" and loaded_second.strip() == "False"
