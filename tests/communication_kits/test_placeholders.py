"""Placeholders: parsing, escaping, substitution and the admin form's checks."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from communication_kits.models import CommunicationTemplatePage
from communication_kits.placeholders import (
    escape_markdown,
    malformed_placeholders,
    substitute,
    used_placeholders,
)
from portal.axes import Axis
from portal.factories import ThemeFactory
from portal.numbers import format_number
from portal.sanitize import render_markdown

pytestmark = pytest.mark.django_db


def test_used_placeholders_in_order_without_duplicates():
    body = "{{ b }} {{a}} {{ b }} {{ Mauvais }} {{ c_1 }}"
    assert used_placeholders(body) == ["b", "a", "c_1"]
    assert malformed_placeholders(body) == ["Mauvais"]


def test_only_declared_placeholders_are_substituted():
    body = "{{ nom }} et {{ autre }}"
    assert substitute(body, {"nom": "Vallée"}, ["nom"]) == "Vallée et {{ autre }}"


def test_values_are_not_scanned_again():
    out = substitute("{{ a }} / {{ b }}", {"a": "{{ b }}", "b": "B"}, ["a", "b"], escape=str)
    assert out == "{{ b }} / B"


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "**gras** _it_ `code`",
        "# titre",
        "- puce",
        "1. numéro",
        "{{ autre }}",
        "{% load static %}",
        "]]><w:p/>",
        '=HYPERLINK("http://x")',
        "a\n\n## injection",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_escaped_value_renders_as_literal_text(value):
    html = str(render_markdown("Valeur : " + escape_markdown(value)))
    assert "<script" not in html
    assert "<img" not in html
    assert "<h2" not in html
    assert "<strong" not in html and "<em" not in html and "<code" not in html
    assert "<li" not in html
    assert "href" not in html
    assert html.startswith("<p>") and html.endswith("</p>")


def test_format_number_french():
    assert format_number("12500") == "12\u202f500"
    assert format_number("3.50") == "3,5"
    assert format_number(None) == ""


# --- admin form ------------------------------------------------------------------------
@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("admin", "admin@exemple.fr", "motdepasse")
    client = Client()
    client.force_login(user)
    return client


def admin_post_data(page, body, names):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "publication_date": page.publication_date.isoformat(),
            "kind": page.kind,
            "template_body": body,
            "placeholders": inline_formset(
                [
                    {"name": name, "label": name.capitalize(), "max_length": 200, "required": "on"}
                    for name in names
                ]
            ),
            "body": streamfield([]),
            "contacts": streamfield([]),
            "attachments": inline_formset([]),
            "tags": "",
        }
    )
    data["themes"] = [theme.pk for theme in page.themes.all()] or [ThemeFactory().pk]
    return data


def test_admin_rejects_undeclared_placeholder(admin_client, template_page):
    from wagtail.admin.panels import get_edit_handler

    body = "{{ nom_territoire }} et {{ oublie }}"
    response = admin_client.post(
        f"/admin/pages/{template_page.pk}/edit/",
        admin_post_data(template_page, body, ["nom_territoire"]),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "éléments non déclarés" in content
    assert "oublie" in content
    template_page.refresh_from_db()
    assert "oublie" not in template_page.get_latest_revision_as_object().template_body
    assert get_edit_handler(CommunicationTemplatePage)  # the panel tree builds


def test_admin_accepts_declared_placeholders(admin_client, template_page):
    body = "{{ nom_territoire }} et {{ nouveau }}"
    response = admin_client.post(
        f"/admin/pages/{template_page.pk}/edit/",
        admin_post_data(template_page, body, ["nom_territoire", "nouveau"]),
    )
    assert response.status_code == 302, response.context["form"].errors
    page = CommunicationTemplatePage.objects.get(pk=template_page.pk)
    revision = page.get_latest_revision_as_object()
    assert revision.template_body == body
    assert {"nom_territoire", "nouveau"} <= {p.name for p in revision.placeholders.all()}


def test_admin_rejects_empty_body_and_bad_names(admin_client, template_page):
    response = admin_client.post(
        f"/admin/pages/{template_page.pk}/edit/",
        admin_post_data(template_page, "   ", ["nom_territoire"]),
    )
    assert response.status_code == 200
    assert "Le texte du modèle est vide" in response.content.decode()

    response = admin_client.post(
        f"/admin/pages/{template_page.pk}/edit/",
        admin_post_data(template_page, "{{ Nom-Territoire }}", ["Nom-Territoire"]),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Identifiant invalide" in content
    assert "Élément mal écrit" in content


def test_form_class_directly(template_page):
    form_class = CommunicationTemplatePage.get_edit_handler().get_form_class()
    data = admin_post_data(template_page, "{{ a }} {{ b }}", ["a"])
    form = form_class(
        data, instance=template_page, for_user=None, parent_page=template_page.get_parent()
    )
    assert not form.is_valid()
    assert "b" in str(form.errors["template_body"])


def test_template_can_only_live_in_communication_section(site_tree):
    assert CommunicationTemplatePage.can_create_at(site_tree.section(Axis.COMMUNICATION))
    assert not CommunicationTemplatePage.can_create_at(site_tree.section(Axis.TRAINING))
