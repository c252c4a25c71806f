"""Needs ranking, comparison of two campaigns, and the resources that answer a need."""

import datetime

import pytest
from django.utils import timezone

from portal.axes import Axis
from portal.factories import MethodologySheetPageFactory, TrainingNeedsSurveyPageFactory
from tests.support.surveys import SKILLS
from training.models import SurveyAnswer
from training.results import comparable_surveys, compare, ranking

pytestmark = pytest.mark.django_db


def test_ranking_by_demand_then_mean(known_answers):
    ranked = ranking(known_answers, SurveyAnswer.objects.filter(page=known_answers))
    assert [(s.skill, s.demand, s.mean) for s in ranked] == [
        ("Montage financier", 75.0, 3.75),
        ("Cartographie des flux", 50.0, 3.5),
        ("Réglementation déchets", 25.0, 2.75),
    ]


def test_ties_broken_by_mean(survey):
    survey.store_answer("a", {"vos_besoins": {SKILLS[0]: 4, SKILLS[1]: 5, SKILLS[2]: 1}})
    ranked = ranking(survey, SurveyAnswer.objects.filter(page=survey))
    assert [s.skill for s in ranked] == [SKILLS[1], SKILLS[0], SKILLS[2]]


def make_campaign(site_tree, year, skills, answers):
    page = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        title=f"Campagne {year}",
        opens_at=timezone.make_aware(datetime.datetime(year, 9, 1)),
        closes_at=timezone.make_aware(datetime.datetime(year, 11, 30)),
        form_fields=[
            {"label": "Besoins", "field_type": "skill_scale", "choices": "\n".join(skills)}
        ],
    )
    for number, scores in enumerate(answers):
        page.store_answer(f"r{number}", {"besoins": dict(zip(skills, scores, strict=True))})
    return page


def test_comparison_of_two_campaigns(site_tree):
    before = make_campaign(
        site_tree, 2024, ["A", "B", "C", "Seule 2024"], [(5, 1, 4, 5), (4, 2, 4, 5)]
    )
    after = make_campaign(
        site_tree, 2025, ["A", "B", "C", "Nouvelle"], [(2, 5, 4, 1), (4, 4, 4, 1)]
    )
    changes = {c.skill: c for c in compare(before, after)}
    assert set(changes) == {"A", "B", "C"}  # only the shared skills
    assert (changes["A"].delta, changes["A"].trend) == (-50.0, "baisse")
    assert (changes["B"].delta, changes["B"].trend) == (100.0, "hausse")
    assert (changes["C"].delta, changes["C"].trend) == (0.0, "stable")
    assert comparable_surveys(after) == [before]


def test_comparison_page(client, animator, site_tree):
    before = make_campaign(site_tree, 2024, ["A", "B"], [(5, 1)])
    after = make_campaign(site_tree, 2025, ["A", "B"], [(1, 5)])
    client.force_login(animator)
    response = client.get(after.results_url("compare"), {"avec": before.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Besoins en hausse (1)" in html and "Besoins en baisse (1)" in html
    assert '<th scope="row">B</th>' in html
    assert "<svg" in html


def test_ranking_links_resources_and_marks_gaps(client, animator, known_answers, site_tree):
    MethodologySheetPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        title="Cartographie des flux d'une zone d'activités",
        summary="Méthode pour la cartographie des flux de matières.",
    )
    client.force_login(animator)
    html = client.get(known_answers.results_url()).content.decode()
    assert "Score de demande : part des répondants" in html
    assert "Cartographie des flux d&#x27;une zone d&#x27;activités" in html or (
        "Cartographie des flux d'une zone d'activités" in html
    )
    assert "1 ressource" in html
    assert "Aucune ressource" in html  # e.g. "Montage financier": nothing on the portal
