"""The one sanitiser strips XSS payloads and keeps ordinary Markdown."""

from html.parser import HTMLParser

import pytest

from portal.sanitize import render_markdown, sanitize_html

HTML_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://exemple.fr/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">clic</a>',
    '<a href="javascript:alert(1)">lien</a>',
    '<a href="JAVASCRIPT:alert(1)">lien</a>',
    '<a href="jav&#x09;ascript:alert(1)">lien</a>',
    '<a href="jav\tascript:alert(1)">lien</a>',
    '<a href="&#106;avascript:alert(1)">lien</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">lien</a>',
    '<a href="vbscript:msgbox(1)">lien</a>',
    '<iframe src="https://exemple.fr"></iframe>',
    "<style>body { background: url(javascript:alert(1)) }</style>",
    '<p style="background:url(javascript:alert(1))">texte</p>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<div onmouseover="alert(1)">survol</div>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://exemple.fr"><input name=x></form>',
    '<a href="https://exemple.fr" onmouseover="alert(1)">ok</a>',
]
MARKDOWN_PAYLOADS = [
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](jav&#x09;ascript:alert(1))",
    "[clic](data:text/html,<script>alert(1)</script>)",
    "[clic](<javascript:alert(1)>)",
    "![image](x onerror=alert(1))",
    '![image](https://exemple.fr/x.png "titre")',
    "<https://exemple.fr/ok> et <script>alert(1)</script>",
]

# the allowlist written out on its own, so that a change to it is deliberate
ALLOWED_TAGS = set(
    "a abbr b blockquote br code dd del dl dt em h2 h3 h4 h5 h6 hr "
    "i li ol p pre s strong sub sup table tbody td th thead tr ul".split()
)
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "#", "/")


class Inspector(HTMLParser):
    """Collects every tag and attribute of the sanitised output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def assert_harmless(html):
    inspector = Inspector()
    inspector.feed(str(html))
    assert set(inspector.tags) <= ALLOWED_TAGS, html
    for _tag, name, value in inspector.attributes:
        assert not name.startswith("on"), html
        assert name != "style", html
        if name in {"href", "src", "action", "data"}:
            compact = "".join(value.split()).lower()
            assert compact.startswith(SAFE_SCHEMES) or ":" not in compact, html
    lowered = str(html).lower()
    for fragment in ("<script", "<iframe", "<style", "<svg", "<img", "<object", "<embed"):
        assert fragment not in lowered, html
    assert 'href="javascript' not in lowered and 'href="data:' not in lowered


@pytest.mark.parametrize("payload", HTML_PAYLOADS)
@pytest.mark.parametrize("clean", [render_markdown, sanitize_html])
def test_dangerous_html_is_removed(clean, payload):
    assert_harmless(clean(payload))


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_dangerous_markdown_links_are_removed(payload):
    assert_harmless(render_markdown(payload))


def test_event_handler_and_style_attributes_are_gone():
    html = sanitize_html('<p style="color:red" onclick="x()">texte</p><svg onload=x()></svg>')
    assert "onclick" not in html and "onload" not in html and "style" not in html
    assert "<p>texte</p>" in html


def test_safe_link_keeps_its_href_but_loses_handlers():
    html = render_markdown('<a href="https://exemple.fr" onmouseover="alert(1)">ok</a>')
    assert 'href="https://exemple.fr"' in html
    assert "onmouseover" not in html


def test_ordinary_markdown_survives():
    source = (
        "## Étapes clés\n\n"
        "Une phrase avec *emphase* et **gras**.\n\n"
        "- cartographier les flux\n- réunir les entreprises\n\n"
        "1. première\n2. seconde\n\n"
        "[Le réseau](https://exemple.fr/reseau) et [écrire](mailto:contact@exemple.fr)\n\n"
        "| Flux | Tonnes |\n|---|---|\n| Bois | 85 |\n\n"
        "> Une citation\n\n"
        "`code`"
    )
    html = render_markdown(source)
    assert "<h2>Étapes clés</h2>" in html
    assert "<em>emphase</em>" in html
    assert "<strong>gras</strong>" in html
    assert "<ul>" in html and "<li>cartographier les flux</li>" in html
    assert "<ol>" in html
    assert '<a href="https://exemple.fr/reseau">Le réseau</a>' in html
    assert 'href="mailto:contact@exemple.fr"' in html
    assert "<table>" in html and "<td>Bois</td>" in html and "<th>Flux</th>" in html
    assert "<blockquote>" in html
    assert "<code>code</code>" in html


def test_text_of_stripped_tags_is_escaped_not_executed():
    html = sanitize_html("<script>alert(1)</script><p>Bonjour</p>")
    assert "<p>Bonjour</p>" in html
    assert "<script" not in html


def test_empty_input():
    assert render_markdown("") == ""
    assert sanitize_html(None) == ""
