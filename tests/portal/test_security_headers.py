"""Security headers: the public CSP, the admin's and the documents' own policies."""

import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from portal.axes import Axis
from portal.factories import (
    IndicatorGuidePageFactory,
    IndicatorValueFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def directives(response, header="Content-Security-Policy"):
    """{"script-src": ["'self'"], ...} from a response's policy header."""
    policy = {}
    for part in response[header].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def test_public_page_has_strict_csp_and_security_headers(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()  # no inline script anywhere


def test_chart_styles_carry_the_nonce_of_the_response(client, site_tree):
    indicator = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS), title="Déchets évités", code="dechets", unit="t"
    )
    territory = TerritoryFactory()
    for year in (2023, 2024):
        IndicatorValueFactory(
            territory=territory, indicator=indicator, year=year, value=Decimal(10)
        )

    response = client.get("/indicateurs/tableau-de-bord/")

    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    styles = re.findall(r"<style[^>]*>", html)
    assert styles, "the dashboard draws at least one chart"
    assert all(f'nonce="{nonce}"' in tag for tag in styles)
    assert "'unsafe-inline'" not in directives(response)["style-src"]


def test_each_response_gets_a_fresh_nonce(client, site_tree):
    indicator = IndicatorGuidePageFactory(parent=site_tree.section(Axis.INDICATORS), code="x")
    IndicatorValueFactory(territory=TerritoryFactory(), indicator=indicator, year=2024, value=1)
    first = client.get("/indicateurs/tableau-de-bord/")["Content-Security-Policy"]
    second = client.get("/indicateurs/tableau-de-bord/")["Content-Security-Policy"]
    assert re.search("'nonce-", first) and first != second


def test_pages_without_inline_style_send_no_nonce(client, site_tree):
    assert "nonce-" not in client.get("/")["Content-Security-Policy"]


def test_admin_has_its_own_policy(client, site_tree):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert "nonce-" not in response["Content-Security-Policy"]


def served_document(client, name, content):
    document = get_document_model().objects.create(title=name, file=ContentFile(content, name=name))
    response = client.get(document.url)
    assert response.status_code == 200
    return response


def test_documents_are_sandboxed_and_html_is_an_attachment(client, site_tree):
    response = served_document(client, "piege.html", b"<script>window.__xss=1</script>")
    assert directives(response) == {"default-src": ["'none'"], "sandbox": []}
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_svg_documents_are_attachments_too(client, site_tree):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.__xss=1</script></svg>'
    response = served_document(client, "piege.svg", svg)
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in directives(response)


def test_pdf_documents_open_inline_without_a_policy(client, site_tree):
    # Chromium's PDF viewer refuses to start in a sandboxed document.
    response = served_document(client, "guide.pdf", b"%PDF-1.4\n%%EOF\n")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
