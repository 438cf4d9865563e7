"""Entities: mention extraction, the gazetteer, grouping into canonical entities, the user's
decisions, and fuzzy lookup. No UI: the CLI and the app call ``build_catalog`` and ask the
``EntityCatalog`` it returns.

Each name is imported from its module on first use (``tuiread.lazy``). ``extract`` is the
module of that name (the function is ``tuiread.entities.extract.extract``): a name loaded later
would be hidden by the module's own once it is imported.
"""

from typing import TYPE_CHECKING

from tuiread.lazy import lazy_names

if TYPE_CHECKING:
    from tuiread.entities.catalog import (
        EntityCatalog,
        EntityField,
        MentionContext,
        build_catalog,
    )
    from tuiread.entities.decisions import Decision, DecisionStore, DecisionStoreError
    from tuiread.entities.extract import EXTRACTOR_VERSION, Extractor
    from tuiread.entities.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
    from tuiread.entities.lookup import Match, NameIndex
    from tuiread.entities.model import ArticleMention, Entity, Kind, Mention, parse_kind

_MODULES = {
    "EntityCatalog": "catalog", "EntityField": "catalog", "MentionContext": "catalog",
    "build_catalog": "catalog",
    "Decision": "decisions", "DecisionStore": "decisions", "DecisionStoreError": "decisions",
    "EXTRACTOR_VERSION": "extract", "Extractor": "extract",
    "Gazetteer": "gazetteer", "GazetteerEntry": "gazetteer", "load_gazetteer": "gazetteer",
    "Match": "lookup", "NameIndex": "lookup",
    "ArticleMention": "model", "Entity": "model", "Kind": "model", "Mention": "model",
    "parse_kind": "model",
}
__getattr__, __dir__ = lazy_names(__name__, _MODULES)

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleMention",
    "Decision",
    "DecisionStore",
    "DecisionStoreError",
    "Entity",
    "EntityCatalog",
    "EntityField",
    "Extractor",
    "Gazetteer",
    "GazetteerEntry",
    "Kind",
    "Match",
    "Mention",
    "MentionContext",
    "NameIndex",
    "build_catalog",
    "load_gazetteer",
    "parse_kind",
]
