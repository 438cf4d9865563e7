"""The subcommands, in the order ``--help`` lists them: (name, function adding its parser)."""

from tuiread.commands import (
    annotation_cmds,
    compare_cmds,
    corpus_cmds,
    entity_cmds,
    locate,
    search_cmds,
    web_cmds,
)

COMMANDS = [
    ("list", corpus_cmds.register_list),
    ("show", corpus_cmds.register_show),
    ("locate", locate.register_locate),
    ("keys", locate.register_keys),
    ("search", search_cmds.register_search),
    ("index", search_cmds.register_index),
    ("diff", compare_cmds.register_diff),
    ("related", compare_cmds.register_related),
    ("annotate", annotation_cmds.register_annotate),
    ("notes", annotation_cmds.register_notes),
    ("export", annotation_cmds.register_export),
    ("import", annotation_cmds.register_import),
    ("entities", entity_cmds.register_entities),
    ("mentions", entity_cmds.register_mentions),
    ("add", web_cmds.register_add),
]
