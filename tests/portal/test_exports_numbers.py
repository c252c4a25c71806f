"""The shared export and display helpers: one formula-safe cell, one French number."""

from decimal import Decimal

from portal.exports import safe_cell
from portal.numbers import format_number


def test_safe_cell_quotes_every_formula_prefix():
    dangerous = ["=1+1", "+33", "-2", "@SUM(A1)", "\tcmd", "\rcmd"]
    # a carriage return is written as the line break it means (portal.sanitize.clean_text)
    quoted = ["'" + value.replace("\r", "\n") for value in dangerous]
    assert [safe_cell(value) for value in dangerous] == quoted


def test_safe_cell_keeps_plain_text_and_other_values():
    assert safe_cell("Vallée") == "Vallée"
    assert safe_cell("") == ""
    assert safe_cell(None) is None
    assert safe_cell(Decimal("-3")) == Decimal("-3")


def test_format_number_groups_thousands_and_drops_trailing_zeros():
    assert format_number(Decimal("1250.50")) == "1\u202f250,5"
    assert format_number(Decimal("1000000")) == "1\u202f000\u202f000"
    assert format_number(3) == "3"
    assert format_number("0.25") == "0,25"


def test_format_number_of_nothing():
    assert format_number(None) == ""
    assert format_number(None, empty="—") == "—"
