"""The subcommands, in the order ``--help`` lists them: (name, function adding its parser)."""

from tuiread.commands import corpus_cmds, locate

COMMANDS = [
    ("list", corpus_cmds.register_list),
    ("show", corpus_cmds.register_show),
    ("locate", locate.register_locate),
    ("keys", locate.register_keys),
]
