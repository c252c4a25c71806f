"""CSV and XLSX exports of a survey's answers (one row per answer), safe in a spreadsheet.

No name, e-mail or account appears: an answer is identified by its number only.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from portal.exports import safe_cell
from training.forms import STRUCTURE_TYPES, skills_of
from training.results import display_value, territory_names

STRUCTURE_LABELS = dict(STRUCTURE_TYPES)


def columns(page):
    """(header, getter) pairs; a scale question gives one column per skill."""
    territories = territory_names()
    cols = [
        ("Réponse n°", None),
        ("Envoyée le", lambda a: a.submit_time.strftime("%Y-%m-%d %H:%M")),
        ("Mise à jour le", lambda a: a.updated.strftime("%Y-%m-%d %H:%M")),
        ("Territoire", lambda a: a.territory.name if a.territory else ""),
        ("Type de structure", lambda a: STRUCTURE_LABELS.get(a.structure_type, "")),
        ("Fonction", lambda a: a.role),
    ]
    for question in page.questions:
        name = question.clean_name
        if question.field_type == "skill_scale":
            for skill in skills_of(question):
                cols.append(
                    (
                        f"{question.label} : {skill}",
                        lambda a, n=name, s=skill: (a.form_data.get(n) or {}).get(s, ""),
                    )
                )
        else:
            cols.append(
                (
                    question.label,
                    lambda a, q=question: _flat(
                        display_value(q, a.form_data.get(q.clean_name, ""), territories)
                    ),
                )
            )
    return cols


def _flat(value):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if value is None:
        return ""
    return value if isinstance(value, int | float) else str(value)


def rows(page, answers):
    cols = columns(page)
    headers = [header for header, _ in cols]
    body = []
    for number, answer in enumerate(answers, start=1):
        body.append([number if get is None else get(answer) for _, get in cols])
    return headers, body


def to_csv(page, answers):
    headers, body = rows(page, answers)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(h) for h in headers])
    for row in body:
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()  # a BOM so that spreadsheet software reads UTF-8


def to_xlsx(page, answers):
    headers, body = rows(page, answers)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Réponses"
    sheet.append([safe_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in body:
        sheet.append([safe_cell(cell) for cell in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
