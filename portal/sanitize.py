"""The one place where Markdown and HTML from editors, imports and feeds become safe HTML."""

import html
import re
from functools import lru_cache
from urllib.parse import urlsplit

import bleach
import markdown
from bleach.css_sanitizer import CSSSanitizer
from django.core.validators import URLValidator
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "hreflang"],
    "abbr": ["title"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    css_sanitizer=CSSSanitizer(allowed_css_properties=[]),
)


def sanitize_html(html: str) -> SafeString:
    """Strip every tag, attribute and URL scheme outside the allowlist."""
    text = clean_text(str(html or ""), multiline=True)
    return mark_safe(_cleaner.clean(text))  # noqa: S308 - cleaned just above


@lru_cache(maxsize=2048)
def render_markdown(source: str) -> SafeString:
    """Markdown to sanitised HTML; memoised, since the same source renders the same HTML."""
    html = markdown.markdown(source or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return sanitize_html(html)


HTTP_SCHEMES = ("http", "https")
# What a browser drops from a URL before reading its scheme: tabs and line breaks anywhere,
# C0 controls and spaces at both ends (WHATWG URL standard).
_DROPPED_ANYWHERE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

validate_http_url = URLValidator(
    schemes=list(HTTP_SCHEMES), message="Saisissez une adresse web en http:// ou https://."
)


def safe_http_url(url) -> str:
    """`url` if it is an absolute http(s) link once decoded as a browser would, else "".

    Stored or harvested links pass through here before they are kept and before every
    render, so `javascript:`, `data:` and their encoded variants never reach an href.
    """
    candidate = _DROPPED_ANYWHERE.sub("", html.unescape(str(url or ""))).strip("\x00 \x0b\x0c")
    if not candidate or _CONTROL.search(candidate):
        return ""
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return ""
    if parts.scheme.lower() not in HTTP_SCHEMES or not parts.hostname:
        return ""
    return candidate.replace(" ", "%20")


# C0 controls, DEL, and what XML 1.0 cannot carry (lone surrogates, U+FFFE, U+FFFF):
# typed or pasted by accident, harvested from feeds, they break XLSX, DOCX and ODT writers
# and e-mail headers. Tabs and line breaks are kept where a field may hold several lines.
_CONTROLS_SINGLE_LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_CONTROLS_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def clean_text(value, multiline=False):
    """`value` without control characters: the one text cleaning of every input (imports,
    portal forms, harvested feeds) and every writer (spreadsheets, documents, e-mails).

    On one line, tabs and line breaks become a space; with `multiline`, tabs and line
    breaks (normalised to \\n) are kept. Anything that is not a str is returned unchanged."""
    if not isinstance(value, str):
        return value
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROLS_MULTILINE.sub("", value)
    return _CONTROLS_SINGLE_LINE.sub("", _LINE_BREAKS.sub(" ", value))
