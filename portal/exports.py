"""Helpers shared by the apps' CSV and XLSX exports."""

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise formula injection: text starting with = + - @ is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value
