"""Entities: mention extraction, the gazetteer, grouping into canonical entities, the user's
decisions, and fuzzy lookup. No UI: the CLI and the app call ``build_catalog`` and ask the
``EntityCatalog`` it returns."""

from tuiread.entities.catalog import EntityCatalog, EntityField, MentionContext, build_catalog
from tuiread.entities.decisions import Decision, DecisionStore, DecisionStoreError
from tuiread.entities.extract import EXTRACTOR_VERSION, Extractor, extract
from tuiread.entities.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from tuiread.entities.lookup import Match, NameIndex
from tuiread.entities.model import ArticleMention, Entity, Kind, Mention, parse_kind

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
    "extract",
    "load_gazetteer",
    "parse_kind",
]
