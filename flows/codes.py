"""Pure parsing of the identifiers the flows use: waste codes, SIRET, decimals, sectors."""

import re
from decimal import Decimal, InvalidOperation

_NON_DIGITS = re.compile(r"[\s.\-]")


def normalize_waste_code(value: str) -> str | None:
    """'15 01 03', '150103', '15.01.03' or '15 01 03*' → '15 01 03'; None when not 6 digits."""
    compact = _NON_DIGITS.sub("", (value or "").strip()).rstrip("*")
    if len(compact) != 6 or not compact.isdigit():
        return None
    return f"{compact[:2]} {compact[2:4]} {compact[4:]}"


def hazard_mark_error(typed: str, waste_code) -> str:
    """A French error when the asterisk typed with a code contradicts the list: '15 01 03*'
    marks a code that is not hazardous (the code meant is 15 01 03). A hazardous code typed
    without its asterisk is accepted: the six digits name one entry of the list, which
    carries the hazard itself ('16 01 07' is read as 16 01 07*)."""
    if (typed or "").strip().endswith("*") and not waste_code.hazardous:
        return (
            f"« {typed.strip()} » : le code {waste_code.code} ({waste_code.label}) n'est pas "
            f"un déchet dangereux ; écrivez {waste_code.code} sans astérisque."
        )
    return ""


def subchapter(code: str) -> str:
    """'15 01 03' → '15 01'."""
    return code[:5]


def siret_is_valid(value: str) -> bool:
    """14 digits whose Luhn key is right (La Poste's historical SIRETs excepted)."""
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith("356000000"):  # La Poste: the digits sum to a multiple of 5
        return sum(int(digit) for digit in value) % 5 == 0
    total = 0
    for index, digit in enumerate(reversed(value)):
        number = int(digit)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def parse_decimal(value) -> Decimal | None:
    """A number typed the French way ('1 234,5') or the English way; None when empty."""
    if value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".") if "." in text else text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


# NAF divisions (two first digits) → the sector an anonymised flow names.
SECTORS = (
    (1, 3, "de l'agriculture"),
    (5, 9, "des industries extractives"),
    (10, 12, "de l'agroalimentaire"),
    (13, 15, "du textile"),
    (16, 16, "du travail du bois"),
    (17, 18, "du papier et de l'imprimerie"),
    (19, 21, "de la chimie"),
    (22, 22, "de la plasturgie"),
    (23, 23, "des matériaux minéraux"),
    (24, 25, "de la métallurgie"),
    (26, 28, "des équipements industriels"),
    (29, 30, "des matériels de transport"),
    (31, 33, "de l'industrie manufacturière"),
    (35, 35, "de l'énergie"),
    (36, 39, "de l'eau et des déchets"),
    (41, 43, "du BTP"),
    (45, 47, "du commerce"),
    (49, 53, "du transport et de la logistique"),
    (55, 56, "de l'hôtellerie-restauration"),
    (58, 99, "des services"),
)


def sector_label(naf_code: str) -> str:
    """'une entreprise de la métallurgie' from a NAF code such as '25.62B'."""
    digits = re.sub(r"\D", "", naf_code or "")[:2]
    if len(digits) == 2:
        division = int(digits)
        for low, high, label in SECTORS:
            if low <= division <= high:
                return f"une entreprise {label}"
    return "une entreprise"
