from tuiread import keymap


def test_ids_are_unique_and_every_action_named():
    ids = [spec.id for spec in keymap.KEYS]
    assert len(ids) == len(set(ids))
    assert all(spec.action and spec.description and spec.keys for spec in keymap.KEYS)


def test_remapping_keeps_the_bindings_that_share_the_old_key():
    expanded = keymap.keymap_for_textual({"reader.page_up": "ctrl+b"})
    assert expanded["reader.page_up"] == "ctrl+b"
    # b also extends a selection and pages the comparison: both keep b.
    assert expanded["reader.select_word_back"] == "b"
    assert expanded["compare.page_up"] == "b,pageup"
    assert "reader.down" not in expanded  # bindings on other keys are left alone


def test_the_users_own_choices_win():
    user = {"reader.page_up": "ctrl+b", "reader.select_word_back": "B"}
    assert keymap.keymap_for_textual(user)["reader.select_word_back"] == "B"
    assert keymap.keymap_for_textual({}) == {}


def test_every_default_key_is_a_key_textual_knows():
    from tuiread.keymap import KEYS
    from tuiread.keynames import key_name_problem

    for spec in KEYS:
        for key in spec.keys.split(","):
            assert key_name_problem(key) is None, (spec.id, key)


def test_key_names_agree_with_textual():
    """The config check restates Textual's key names; Textual itself is the judge."""
    from textual.keys import Keys, _character_to_key

    from tuiread.keynames import character_key, key_name_problem

    for key in Keys:
        if "+" not in key.value and not key.value.startswith("<") and "-" not in key.value:
            assert key_name_problem(key.value) is None, key.value
            assert key_name_problem(f"ctrl+shift+{key.value}") is None
    for code in range(0x21, 0x7F):
        char = chr(code)
        assert character_key(char) == _character_to_key(char)
        assert key_name_problem(f"ctrl+{_character_to_key(char)}") is None
