"""Download statistics: one row per successful download, a staff report and a safe CSV."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model

from communication_kits.models import TemplateDownload
from portal.exports import safe_cell as csv_safe
from tests.communication_kits.conftest import download_url, form_data

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/rapports/telechargements-modeles/"


def test_each_successful_download_is_counted_once(client, template_page, territory):
    client.post(download_url(template_page, "docx"), form_data(territoire=territory.slug))
    client.post(download_url(template_page, "odt"), form_data())
    client.post(download_url(template_page, "docx"), form_data(v_nom_territoire=""))  # invalid
    client.post(template_page.url + "personnaliser/", form_data())  # preview only
    rows = list(TemplateDownload.objects.order_by("pk").values("page", "territory", "format"))
    assert rows == [
        {"page": template_page.pk, "territory": territory.pk, "format": "docx"},
        {"page": template_page.pk, "territory": None, "format": "odt"},
    ]


def test_csv_safe_neutralises_formulas():
    assert csv_safe('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert csv_safe("+33") == "'+33"
    assert csv_safe("-1") == "'-1"
    assert csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe("Vallée") == "Vallée"


def test_report_is_staff_only_and_exports_safe_csv(client, template_page, territory):
    territory.name = '=HYPERLINK("http://mal.exemple")'
    territory.save()
    for fmt in ("docx", "docx", "txt"):
        client.post(download_url(template_page, fmt), form_data(territoire=territory.slug))

    user_model = get_user_model()
    member = user_model.objects.create_user("membre", password="x")
    client.force_login(member)
    assert client.get(REPORT_URL).status_code in (302, 403)

    staff = user_model.objects.create_superuser("chef", "chef@exemple.fr", "x")
    client.force_login(staff)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    rows = {(r["format"], r["count"]) for r in response.context["rows"]}
    assert rows == {("Word (DOCX)", 2), ("Texte brut", 1)}
    assert response.context["total"] == 3

    response = client.get(REPORT_URL, {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Modèle", "Territoire", "Format", "Téléchargements"]
    assert [
        "Communiqué de lancement",
        '\'=HYPERLINK("http://mal.exemple")',
        "Word (DOCX)",
        "2",
    ] in lines


def test_report_in_admin_menu_for_staff(client):
    staff = get_user_model().objects.create_superuser("chef", "chef@exemple.fr", "x")
    client.force_login(staff)
    assert REPORT_URL in client.get("/admin/").content.decode()
