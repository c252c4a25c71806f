"""Issue #25 (3): a survey's results read `?territoire=`, `?structure=` and `?avec=` with
forms. A value that is not a territory, a structure type or a comparable campaign is
ignored, as before; a NUL byte (refused by PostgreSQL) is no longer a server error."""

import pytest
from django.test import RequestFactory

from portal.axes import Axis
from portal.factories import TrainingNeedsSurveyPageFactory
from tests.support.surveys import QUESTIONS
from training.forms import ComparisonForm
from training.results import Selection

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "99999999999999999999", "<script>", "\x00", "é" * 300]


def test_a_bad_selection_is_ignored(known_answers):
    for value in HOSTILE:
        request = RequestFactory().get("/", {"territoire": value, "structure": value})
        selection = Selection.from_request(known_answers, request)
        assert (selection.territory, selection.structure_type) == ("", ""), value
        assert selection.answers().count() == 4


def test_the_selection_reads_the_last_of_repeated_parameters(known_answers):
    request = RequestFactory().get("/?territoire=inconnu&territoire=%20plateau-exemple%20")
    assert Selection.from_request(known_answers, request).territory == "plateau-exemple"


def test_the_results_page_ignores_a_bad_selection(client, animator, known_answers):
    client.force_login(animator)
    for value in HOSTILE:
        response = client.get(known_answers.results_url(), {"territoire": value})
        assert response.status_code == 200 and "4 réponses" in response.content.decode()
        response = client.get(known_answers.results_url("compare"), {"territoire": value})
        assert response.status_code == 200, value


def test_the_comparison_takes_the_campaign_asked_for_or_the_first(site_tree):
    section = site_tree.section(Axis.TRAINING)
    first, second = (
        TrainingNeedsSurveyPageFactory(parent=section, title=title, form_fields=QUESTIONS)
        for title in ("Campagne 2023", "Campagne 2024")
    )
    candidates = [first, second]
    assert ComparisonForm({"avec": str(second.pk)}, candidates=candidates).other() == second
    for value in [*HOSTILE, "", str(2**70), "-1"]:
        assert ComparisonForm({"avec": value}, candidates=candidates).other() == first
    assert ComparisonForm({}, candidates=[]).other() is None
