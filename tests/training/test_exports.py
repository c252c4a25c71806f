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
