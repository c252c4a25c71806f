"""Demo values of the indicators (axis 5), seeded through the SEED_DEMO hook.

The guides themselves (code, unit, aggregation, visibility...) are Markdown files of
demo/pages/guides-indicateurs/; every figure here is invented, a plausible order of
magnitude for an EIT programme.
"""

from decimal import Decimal

YEARS = range(2021, 2026)

# code -> base yearly value of a mid-sized territory, and yearly growth
VALUE_PROFILES = {
    "dechets-evites": (Decimal("420"), Decimal("0.12")),
    "energie-economisee": (Decimal("900"), Decimal("0.10")),
    "gains-financiers": (Decimal("65000"), Decimal("0.09")),
    "eau-economisee": (Decimal("5200"), Decimal("0.08")),
    "emissions-evitees": (Decimal("180"), Decimal("0.11")),
    "entreprises-impliquees": (Decimal("28"), Decimal("0.07")),
    "synergies-etudiees": (Decimal("4"), Decimal("0.10")),
    "synergies-en-fonctionnement": (Decimal("6"), Decimal("0.15")),
    "synergies-achevees": (Decimal("1"), Decimal("0.20")),
    "emplois": (Decimal("3"), Decimal("0.10")),
}

SOURCES = {
    "dechets-evites": "Bordereaux de suivi des déchets",
    "energie-economisee": "Relevés des compteurs d'énergie",
    "gains-financiers": "Déclarations des entreprises",
    "eau-economisee": "Relevés des compteurs d'eau",
    "emissions-evitees": "Calcul Base Empreinte (ADEME)",
    "entreprises-impliquees": "Fichier de suivi de l'animateur",
    "synergies-etudiees": "Fichier de suivi des synergies",
    "synergies-en-fonctionnement": "Fichier de suivi des synergies",
    "synergies-achevees": "Fichier de suivi des synergies",
    "emplois": "Déclarations des entreprises",
}

# the territories that report values (demo slugs), with a size factor
REPORTING_TERRITORIES = {
    "ecopole-seine-auboise": Decimal("1.8"),
    "vallee-de-la-marne": Decimal("0.8"),
    "ardennes-metal": Decimal("1.3"),
    "sillon-lorrain": Decimal("1.5"),
    "moselle-est": Decimal("1.0"),
    "port-du-rhin": Decimal("1.6"),
    "vosges-economes": Decimal("0.5"),
}


def demo_value(code, territory_index, factor, year):
    """A deterministic, plausible value: no randomness, so reseeding changes nothing."""
    base, growth = VALUE_PROFILES[code]
    step = year - YEARS.start
    wobble = Decimal(1) + Decimal(((territory_index * 7 + step * 3) % 5) - 2) / 40
    value = base * factor * (1 + growth) ** step * wobble
    places = Decimal(1) if base < 100 else Decimal(10)
    return (value / places).quantize(Decimal(1)) * places


def is_validated(territory_index, year):
    """Older years are validated; the last year only for some territories."""
    return year < YEARS.stop - 1 or territory_index % 3 == 0


def skip(code, territory_index, year):
    """A few holes, as in real collections (a young programme, a missing return)."""
    if territory_index == 6 and year < 2022:  # the Vosges programme started in 2021
        return True
    return code == "eau-economisee" and territory_index % 2 == 1
