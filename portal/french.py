"""Small rules of written French the portal applies to names it did not write itself."""

import unicodedata

VOWELS = set("aeiouy")


def starts_with_vowel(word: str) -> bool:
    """True when `word` begins with a vowel, accented or not ("Écopôle", "Abattoir")."""
    if not word:
        return False
    base = unicodedata.normalize("NFD", word[0])[0].lower()
    return base in VOWELS or word[0].lower() in {"œ", "æ"}


def de(name: str) -> str:
    """ "de " + name, elided before a vowel: "d'Abattoir", "d'Écopôle", "de Moselle".
    An initial h is left alone: it may be aspirated ("de Haute-Marne")."""
    name = str(name).strip()
    return f"d'{name}" if starts_with_vowel(name) else f"de {name}"
