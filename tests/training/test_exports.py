"""CSV and XLSX exports, opened back, one row per answer, safe in a spreadsheet."""

import csv
import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_csv_export_opened_back(client, animator, known_answers):
    client.force_login(animator)
    response = client.get(known_answers.results_url() + "export/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == 4
    assert header[:6] == [
        "Réponse n°",
        "Envoyée le",
        "Mise à jour le",
        "Territoire",
        "Type de structure",
        "Fonction",
    ]
    assert "Vos besoins : Montage financier" in header
    first = dict(zip(header, body[0], strict=True))
    assert first["Territoire"] == "Vallée de démonstration"
    assert first["Type de structure"] == "Association"
    assert first["Vos besoins : Cartographie des flux"] == "5"
    assert first["Moments"] == "Matin"
    # formula injection neutralised
    last = dict(zip(header, body[3], strict=True))
    assert last["Vos attentes"] == "'=1+1"


def test_xlsx_export_opened_back_and_filtered(client, animator, known_answers):
    client.force_login(animator)
    response = client.get(
        known_answers.results_url() + "export/xlsx/", {"territoire": "plateau-exemple"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # header + the two answers of that territory
    header = rows[0]
    last = dict(zip(header, rows[2], strict=True))
    assert last["Territoire"] == "Plateau d'exemple"
    assert last["Vos besoins : Réglementation déchets"] == 5
    assert last["Vos attentes"] == "'=1+1"
    assert sheet["A1"].font.bold


def test_unknown_export_format(client, animator, known_answers):
    client.force_login(animator)
    assert client.get(known_answers.results_url() + "export/pdf/").status_code == 404


def test_exports_name_nobody(client, animator, known_answers, member):
    known_answers.store_answer("membre:x", {"vos_attentes": "ok"}, user=member)
    client.force_login(animator)
    text = client.get(known_answers.results_url() + "export/csv/").content.decode("utf-8-sig")
    assert member.username not in text and member.email not in text


FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_wagtails_own_submissions_export_neutralises_formulas(client, survey, fmt):
    """Issue #30, defect 5: /admin/forms/submissions/<id>/?export= left formulas live."""
    from portal.factories import UserFactory

    for number, text in enumerate(FORMULAS):
        survey.store_answer(
            f"formule:{number}",
            {
                "votre_territoire": "vallee-demo",
                "type_de_structure": "association",
                "vos_besoins": {},
                "vos_attentes": text,
                "votre_fonction": '=HYPERLINK("http://exemple.invalid")',
            },
        )
    admin = UserFactory(username="admin.formules", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(f"/admin/forms/submissions/{survey.pk}/?export={fmt}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        cells = [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    texts = [cell for cell in cells if isinstance(cell, str) and cell]
    assert not [cell for cell in texts if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'=1+1" in texts and "'@SUM(A1:A9)" in texts and "'-2+3" in texts
