from decimal import Decimal

from django import template
from django.utils.html import format_html

from flows.documents import cell_text
from flows.hazard import HAZARDOUS_CAUTION
from portal.numbers import format_number

register = template.Library()


@register.simple_tag
def waste_code(code, hazardous=False):
    """A waste code as the list writes it; a hazardous one carries its asterisk, a visible
    "dangereux" mark and the caution. Takes a WasteCode or a code string and its flag."""
    if code is None or code == "":
        return ""
    if hasattr(code, "hazardous"):
        code, hazardous = code.code, code.hazardous
    if not hazardous:
        return code
    return format_html(
        '{}* <span class="hazard-flag" title="{}">déchet dangereux</span>',
        code,
        HAZARDOUS_CAUTION,
    )


@register.inclusion_tag("flows/_hazard_caution.html")
def hazard_caution(show=True):
    return {"show": show, "caution": HAZARDOUS_CAUTION}


@register.simple_tag
def money(quantity, price):
    """quantity × price in euros, in French notation."""
    return format_number((quantity * price).quantize(Decimal("0.01")))


@register.simple_tag
def cell(value):
    """A document cell as text (French numbers and dates)."""
    return cell_text(value)
