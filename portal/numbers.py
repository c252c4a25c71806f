"""The French notation of numbers the portal displays: 12 500 ; 3,5."""

from decimal import Decimal

from django.utils.formats import number_format

NO_BREAK_SPACE = "\xa0"
NARROW_NO_BREAK_SPACE = "\u202f"


def format_number(value, empty=""):
    """`value` (number or numeric string) in French notation: thousands grouped by a narrow
    no-break space, decimal comma, no trailing zeros; `empty` when `value` is None."""
    if value is None:
        return empty
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    text = number_format(number, use_l10n=True, force_grouping=True)
    return text.replace(NO_BREAK_SPACE, NARROW_NO_BREAK_SPACE)
