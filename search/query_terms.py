"""A visitor's query as full-text units, with the jargon synonyms of search/synonyms.txt.

Every unit must match (AND); a unit matches when any of its alternatives does (OR). An
alternative is a phrase: "chaleur perdue" is one unit whose alternatives are "chaleur
perdue", "chaleur fatale" and "chaleur de récupération". Both database dialects turn the
units into their own query syntax (PostgreSQL tsquery, SQLite FTS5) from plain words, so
no user input ever reaches either as query syntax.
"""

from functools import lru_cache

from search.documents import synonym_rules
from search.normalize import STOP_WORDS, stem, surface_words, words

MAX_UNITS = 20


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """{stemmed phrase: (every term of its synonym group, as written in the file)}."""
    groups = {}
    for rule in synonym_rules():
        terms = tuple(term.strip() for term in rule.split(",") if term.strip())
        for term in terms:
            key = " ".join(words(term))
            if key:
                groups[key] = terms
    return groups


def query_units(q: str) -> list[tuple[str, ...]]:
    """[(alternative phrase, ...)] of a query, longest synonym phrases first."""
    tokens = [token for token in surface_words(q or "") if token not in STOP_WORDS]
    keys = [stem(token) for token in tokens]
    groups = synonym_groups()
    longest = max((len(key.split()) for key in groups), default=1)
    units, i = [], 0
    while i < len(tokens) and len(units) < MAX_UNITS:
        for size in range(min(longest, len(tokens) - i), 0, -1):
            group = groups.get(" ".join(keys[i : i + size]))
            if group is not None or size == 1:
                phrase = " ".join(tokens[i : i + size])
                units.append(tuple(dict.fromkeys([phrase, *(group or ())])))
                i += size
                break
    return units


def highlight_terms(units) -> list[str]:
    """The folded, lightly stemmed words to mark in excerpts."""
    return list(dict.fromkeys(word for unit in units for phrase in unit for word in words(phrase)))
