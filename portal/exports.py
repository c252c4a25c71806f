"""Helpers shared by the apps' CSV and XLSX exports."""

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise formula injection: text starting with = + - @ (or a tab or carriage
    return) is prefixed with a quote; other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value
