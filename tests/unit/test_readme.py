"""The README stays true: its key tables are the key map's, its set-up commands are the CI's."""

import re

from tests.helpers import ROOT
from tuiread import keymap
from tuiread.commands.locate import key_label, keys_markdown


def test_every_binding_belongs_to_a_documented_section():
    assert {spec.section for spec in keymap.KEYS} <= set(keymap.SECTIONS)


def test_key_docs_match_the_key_map():
    docs = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- keys:start -->\n(.*?)<!-- keys:end -->", docs, re.DOTALL)
    assert block, "docs/keys.md lost its keys block"
    assert block.group(1).strip() == keys_markdown().strip(), (
        "docs/keys.md is out of date: regenerate the block with `tuiread keys --markdown`"
    )


def test_readme_summary_names_only_keys_that_are_bound():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| where | keys |") : readme.index("Every binding, with its id")]
    bound = {label.strip("`") for spec in keymap.KEYS for label in key_label(spec.keys).split()}
    named = set(re.findall(r"`([^`]+)`", table))
    assert named <= bound, named - bound


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme)
    assert commands[1] in ci
