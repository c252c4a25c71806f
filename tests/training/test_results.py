"""Results of a survey on a known answer set: counts, percentages, scales, filters."""

import re

import pytest

from training.models import SurveyAnswer
from training.results import Selection, question_results

pytestmark = pytest.mark.django_db


def by_label(results):
    return {result.label: result for result in results}


def test_aggregation_on_known_answers(known_answers):
    page = known_answers
    results = by_label(question_results(page, SurveyAnswer.objects.filter(page=page)))

    fmt = results["Format préféré"]
    assert fmt.answered == 4
    assert [(r["label"], r["count"], r["percent"]) for r in fmt.rows] == [
        ("Présentiel", 3, 75.0),
        ("Distanciel", 1, 25.0),
    ]
    moments = results["Moments"]
    assert moments.answered == 3  # one respondent ticked nothing
    assert {r["label"]: r["count"] for r in moments.rows} == {
        "Matin": 2,
        "Après-midi": 0,
        "Soir": 2,
    }
    assert {r["label"]: r["percent"] for r in moments.rows}["Soir"] == 66.7

    territory = results["Votre territoire"]
    assert {r["label"]: r["count"] for r in territory.rows} == {
        "Vallée de démonstration": 2,
        "Plateau d'exemple": 2,
    }
    structure = {r["label"]: r["count"] for r in results["Type de structure"].rows}
    assert structure["Association"] == 2 and structure["Bureau d'études"] == 0

    scale = {s.skill: s for s in results["Vos besoins"].skills}
    cartographie = scale["Cartographie des flux"]
    assert cartographie.distribution == [0, 1, 1, 1, 1]
    assert cartographie.mean == 3.5
    assert cartographie.demand == 50.0
    assert scale["Montage financier"].mean == 3.75
    assert scale["Montage financier"].demand == 75.0
    assert scale["Réglementation déchets"].demand == 25.0

    assert results["Vos attentes"].texts == ["Des cas concrets", "<script>x</script>", "=1+1"]


def test_filters_by_territory_and_structure(known_answers, rf):
    request = rf.get("/", {"territoire": "plateau-exemple", "structure": "association"})
    selection = Selection.from_request(known_answers, request)
    assert selection.answers().count() == 1
    request = rf.get("/", {"territoire": "inconnu", "structure": "<b>"})
    selection = Selection.from_request(known_answers, request)
    assert (selection.territory, selection.structure_type) == ("", "")
    assert selection.answers().count() == 4


def test_results_page_shows_charts_tables_and_escaped_text(client, animator, known_answers):
    client.force_login(animator)
    response = client.get(known_answers.results_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "4 réponses" in html
    assert html.count("<svg") >= 5  # ranking, scale, and the choice questions
    # no script from another host (pygal links its tooltips from a CDN unless told not to);
    # not "cdn" anywhere: a random CSRF token may hold those three letters
    assert not re.search(r"<script[^>]*\bsrc=\"(?:https?:)?//", html)
    assert "pygal-tooltips" not in html and "<script>x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert ">Notes de 1 (pas de besoin) à 5 (besoin prioritaire), par compétence" in html
    assert '<th scope="row">Présentiel</th><td>3</td><td>75,0 %</td>' in html
    assert 'name="robots" content="noindex"' in html


def test_results_page_filtered(client, animator, known_answers):
    client.force_login(animator)
    html = client.get(known_answers.results_url(), {"territoire": "vallee-demo"}).content.decode()
    assert "2 réponses pour la sélection" in html
    assert '<option value="vallee-demo" selected>' in html
    assert "export/csv/?territoire=vallee-demo" in html
