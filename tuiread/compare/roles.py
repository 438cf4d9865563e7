"""Who holds which role: "NATO Secretary General Jens Stoltenberg" -> (NATO head, the name).

Two articles that give one role to two different people disagree on a fact. Only roles of two
words or more count ("NATO chief", "Secretary of State"): a bare "President" names many people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from tuiread.compare.keys import STOPWORDS
from tuiread.corpus import Article

# Titles, longest first so "Secretary General" wins over "Secretary".
TITLES = (
    "Secretary-General",
    "Secretary General",
    "Secretary of State",
    "Secretary of Defense",
    "Vice President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Finance Minister",
    "Deputy Prime Minister",
    "High Representative",
    "President",
    "Chancellor",
    "Minister",
    "Secretary",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Director",
    "Governor",
    "Ambassador",
    "Commissioner",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "CEO",
    "chief executive",
    "chief",
    "head",
    "adviser",
    "advisor",
    "aide",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "host",
    "leader",
    "commander",
)
# Titles that name the same post: an organisation's chief, head and secretary general are one.
SAME_TITLE = {
    "secretary-general": "head",
    "secretary general": "head",
    "chief": "head",
    "leader": "head",
    "advisor": "adviser",
    "aide": "adviser",
    "chairwoman": "chair",
    "chairman": "chair",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "chief executive": "ceo",
}
# Up to four words before the title, on its line: capitalised words, initialisms ("U.S.") and
# the lower-case words posts are named with.
_QUALIFIER = (
    r"(?:(?:(?:[A-Z]\.){2,}|[A-Z][\w’'&-]*|foreign|policy|security|defen[cs]e|finance|special"
    r"|top|senior|deputy|national|general|press|economic|military)[ \t]+){1,4}"
)
_NAME_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)*|[A-Z][\w’'-]*[^\W\d_])"
_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:von|van|der|de|da|bin|al|la|le)\s+)*{_NAME_WORD}){{0,3}}"
_TITLE = "|".join(re.escape(t) for t in TITLES)
ROLE = re.compile(rf"(?P<qualifier>{_QUALIFIER})?(?P<title>{_TITLE})\s+(?P<name>{_NAME})")
# A role held before or by courtesy is not a claim about who holds it now.
_NOT_NOW = re.compile(r"(?:former|ex-|then-|late|acting|outgoing|incoming)\s*$", re.IGNORECASE)
# Two spellings of one name ("Zelensky", "Zelenskiy"; "Sergei", "Sergey") score above this
# with rapidfuzz ratio on the surname; different people ("Stoltenberg", "Rutte") far below.
SAME_NAME_MIN = 80


@dataclass(frozen=True, slots=True)
class RoleMention:
    role: str  # normalised: "nato head", "russian foreign minister"
    name: str
    start: int  # raw span of the whole mention, role and name
    end: int
    name_start: int


def _role_key(qualifier: str, title: str) -> str | None:
    words = qualifier.split()
    # A capitalised sentence opener ("When", "The") is not part of the role.
    words = [w.strip("’'").removesuffix("’s").removesuffix("'s") for w in words]
    while words and words[0].casefold() in STOPWORDS:
        words = words[1:]
    title_key = SAME_TITLE.get(title.casefold(), title.casefold())
    key = " ".join([*(w.casefold() for w in words), title_key])
    return key if len(key.split()) >= 2 else None


def roles_in(article: Article) -> list[RoleMention]:
    """Role-and-name mentions in the article's visible text."""
    found = []
    for piece in article.visible:
        text = article.text[piece.start : piece.end]
        for match in ROLE.finditer(text):
            if _NOT_NOW.search(text, max(0, match.start() - 12), match.start()):
                continue
            qualifier = match.group("qualifier") or ""
            key = _role_key(qualifier, match.group("title"))
            name = match.group("name").removesuffix("’s").removesuffix("'s")
            if not key or len(name) < 3:
                continue
            found.append(
                RoleMention(
                    key,
                    name,
                    piece.start + match.start(),
                    piece.start + match.start("name") + len(name),
                    piece.start + match.start("name"),
                )
            )
    return found


def same_person(a: str, b: str) -> bool:
    """Whether two names may be one person: equal surnames up to spelling, or one name is a
    part of the other ("Putin", "Vladimir Putin")."""
    a_words, b_words = a.split(), b.split()
    if set(a_words) <= set(b_words) or set(b_words) <= set(a_words):
        return True
    return fuzz.ratio(a_words[-1].casefold(), b_words[-1].casefold()) >= SAME_NAME_MIN
