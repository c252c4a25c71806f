"""Helpers shared by the apps' CSV and XLSX exports."""

from portal.sanitize import clean_text

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """A cell every spreadsheet writer accepts and no spreadsheet runs: control
    characters removed (openpyxl refuses them; line breaks and tabs kept inside the text),
    and text starting with = + - @ (or a tab or carriage return) prefixed with a quote;
    other values are returned unchanged."""
    if not isinstance(value, str):
        return value
    value = clean_text(value, multiline=True)
    if value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value
