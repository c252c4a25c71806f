"""Text normalisation of the SQLite full-text index and of the excerpts: lower case, accents
folded, elided articles and stop words removed, inflections lightly stemmed."""

import re
import unicodedata

from search.documents import FRENCH_ARTICLES

_WORD = re.compile(r"[a-z0-9]+")
_ELISION = re.compile(r"\b(?:" + "|".join(FRENCH_ARTICLES) + r")['’]", re.IGNORECASE)
STOP_WORDS = frozenset(
    "a au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me "
    "meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te "
    "tes toi ton tu un une vos votre vous c d j l m n s t y est sont".split()
)


def _fold_table() -> dict[int, str]:
    """Accented Latin letters to their base letter, one character for one."""
    table = {}
    for code in range(0x80, 0x250):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = "".join(char for char in decomposed if not unicodedata.combining(char))
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


_FOLD_TABLE = _fold_table()
_COMBINING_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case without accents; one character in, one character out where possible."""
    return _COMBINING_MARKS.sub("", text.lower().translate(_FOLD_TABLE))


def fold_aligned(text: str) -> str:
    """`fold`, with every character of `text` at the same position (for excerpts)."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join((fold(char) or char)[0] for char in text)


def stem(word: str) -> str:
    """A light French stemmer on folded words: plural (s, x), infinitive (-er) and feminine
    or past-participle (-e, -ee) endings go, so évité, évitée, évités and évitées meet, and
    valoriser meets valorisé; derived words (valorisation, valorisable) stay apart.

    PostgreSQL applies the same rules in SQL (`portal_french_light_text`,
    search/migrations/0005_light_french_inflections.py): change both together."""
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    if len(word) > 5 and word.endswith("er"):
        word = word[:-2]
    for _ in range(2):
        if len(word) > 3 and word[-1] == "e":
            word = word[:-1]
    return word


def surface_words(text: str) -> list[str]:
    """Folded words, elided articles removed, neither stemmed nor filtered."""
    return _WORD.findall(fold(_ELISION.sub(" ", text or "")))


def words(text: str, keep_stop_words: bool = False) -> list[str]:
    return [stem(t) for t in surface_words(text) if keep_stop_words or t not in STOP_WORDS]


def normalize(text: str) -> str:
    """The stored form: words separated by single spaces, with a space at each end."""
    return f" {' '.join(words(text))} "
