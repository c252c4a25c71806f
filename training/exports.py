"""The exports of a survey's answers (one row per answer), written by the portal's one
writer (`portal.spreadsheets`: CSV, XLSX or ODS, typed cells, safe text).

No name, e-mail or account appears: an answer is identified by its number only.
"""

from portal.spreadsheets import DATETIME, DECIMAL, INTEGER, Column, Table
from training.forms import STRUCTURE_TYPES, skills_of
from training.results import display_value, territory_names

STRUCTURE_LABELS = dict(STRUCTURE_TYPES)
NUMBER_FIELDS = {"number": DECIMAL}


def columns(page):
    """(column, getter) pairs; a scale question gives one column per skill."""
    territories = territory_names()
    cols = [
        (Column("Réponse n°", INTEGER), None),
        (Column("Envoyée le", DATETIME), lambda a: a.submit_time),
        (Column("Mise à jour le", DATETIME), lambda a: a.updated),
        (Column("Territoire"), lambda a: a.territory.name if a.territory else ""),
        (Column("Type de structure"), lambda a: STRUCTURE_LABELS.get(a.structure_type, "")),
        (Column("Fonction"), lambda a: a.role),
    ]
    for question in page.questions:
        name = question.clean_name
        if question.field_type == "skill_scale":
            for skill in skills_of(question):
                cols.append(
                    (
                        Column(f"{question.label} : {skill}", INTEGER),
                        lambda a, n=name, s=skill: (a.form_data.get(n) or {}).get(s, ""),
                    )
                )
        else:
            kind = NUMBER_FIELDS.get(question.field_type, "text")
            cols.append(
                (
                    Column(question.label, kind),
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


def table(page, answers):
    cols = columns(page)
    rows = (
        [number if get is None else get(answer) for _, get in cols]
        for number, answer in enumerate(answers, start=1)
    )
    return Table("Réponses", [column for column, _ in cols], rows)
