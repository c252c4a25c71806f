"""Training-needs surveys render their questions and accept answers while open.

These surveys accept anonymous answers (`allow_anonymous`); members-only surveys are
tested in test_campaign.py.
"""

import datetime

import pytest
from django.utils import timezone

from portal.axes import Axis
from portal.factories import TrainingNeedsSurveyPageFactory
from training.models import SurveyAnswer

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"label": "Votre territoire", "field_type": "singleline", "required": True},
    {
        "label": "Thèmes souhaités",
        "field_type": "checkboxes",
        "choices": "Cartographie des flux\nAnimation d'ateliers",
    },
]


def test_survey_page_renders_its_questions(client, site_tree):
    page = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        intro="Vos réponses orientent le **programme** du réseau.",
        form_fields=QUESTIONS,
        allow_anonymous=True,
    )
    assert page.form_fields.count() == 2
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Votre territoire" in html
    assert "Cartographie des flux" in html
    assert "<strong>programme</strong>" in html


def test_open_survey_records_an_answer(client, site_tree):
    page = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING), form_fields=QUESTIONS, allow_anonymous=True
    )
    response = client.post(
        page.url, {"votre_territoire": "Vallée de démonstration", "themes_souhaites": []}
    )
    assert response.status_code == 200
    assert SurveyAnswer.objects.filter(page=page).count() == 1


def test_closed_survey_records_nothing(client, site_tree):
    now = timezone.now()
    page = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        form_fields=QUESTIONS,
        allow_anonymous=True,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )
    response = client.post(page.url, {"votre_territoire": "Vallée de démonstration"})
    assert response.status_code == 200
    assert SurveyAnswer.objects.filter(page=page).count() == 0
