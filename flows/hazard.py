"""Hazardous waste (codes with an asterisk in the European List of Waste): the caution a
facilitator must give wherever such a code appears."""

HAZARDOUS_CAUTION = (
    "Déchet dangereux : sa traçabilité est obligatoire (bordereau de suivi des déchets "
    "dangereux, BSDD, sur Trackdéchets) et il ne peut être remis qu'à une installation "
    "autorisée à le recevoir ; un échange entre entreprises reste soumis à ces règles."
)
HAZARDOUS_REASON = "deux déchets dangereux : traçabilité (BSDD) et installation autorisée"


def code_text(waste_code) -> str:
    """'16 06 01*' for a hazardous heading, '15 01 03' otherwise; '' without a code."""
    return waste_code.display if waste_code is not None else ""
