"""The one place where Markdown and HTML from editors, imports and feeds become safe HTML."""

from functools import lru_cache

import bleach
import markdown
from bleach.css_sanitizer import CSSSanitizer
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
    return mark_safe(_cleaner.clean(html or ""))  # noqa: S308 - cleaned just above


@lru_cache(maxsize=2048)
def render_markdown(source: str) -> SafeString:
    """Markdown to sanitised HTML; memoised, since the same source renders the same HTML."""
    html = markdown.markdown(source or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return sanitize_html(html)
