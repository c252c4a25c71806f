"""Fixtures of the training tests: surveys with every question type, members, animators."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from portal.axes import Axis
from portal.factories import TerritoryFactory, TrainingNeedsSurveyPageFactory, UserFactory
from tests.support.surveys import QUESTIONS, store_known_answers


@pytest.fixture(autouse=True)
def _clear_cache():
    """The rate limiter counts posts in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def territories(db):
    return [
        TerritoryFactory(name="Vallée de démonstration", slug="vallee-demo"),
        TerritoryFactory(name="Plateau d'exemple", slug="plateau-exemple"),
    ]


@pytest.fixture
def survey(site_tree, territories):
    return TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING), title="Campagne 2025", form_fields=QUESTIONS
    )


@pytest.fixture
def member(db, territories):
    return UserFactory(username="membre.test", territory=territories[0])


@pytest.fixture
def animator(db):
    group, _ = Group.objects.get_or_create(name="Animation régionale")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="training",
            codename__in=["view_surveyanswer", "delete_surveyanswer"],
        )
    )
    user = UserFactory(username="animation.test")
    user.groups.add(group)
    return user


def answer_post(territory="vallee-demo", structure="association", scores=(4, 5, 2), **extra):
    data = {
        "votre_territoire": territory,
        "type_de_structure": structure,
        "votre_fonction": "Animatrice EIT",
        "format_prefere": "Présentiel",
        "moments": ["Matin"],
        "vos_attentes": "Des cas concrets",
    }
    for index, score in enumerate(scores):
        if score is not None:
            data[f"vos_besoins__{index}"] = str(score)
    data.update(extra)
    return data


@pytest.fixture
def known_answers(survey):
    """Four answers whose aggregates the tests compute by hand."""
    return store_known_answers(survey)
