"""The README stays true: its key tables are the key map's, its set-up commands are the CI's."""

import re

from tests.helpers import ROOT
from tuiread import keymap
from tuiread.commands.locate import keys_markdown


def test_every_binding_belongs_to_a_documented_section():
    assert {spec.section for spec in keymap.KEYS} <= set(keymap.SECTIONS)


def test_readme_key_tables_match_the_key_map():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- keys:start -->\n(.*?)<!-- keys:end -->", readme, re.DOTALL)
    assert block, "README lost its keys block"
    assert block.group(1).strip() == keys_markdown().strip(), (
        "README keys are out of date: regenerate with `tuiread keys --markdown`"
    )


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme)
    assert commands[1] in ci
