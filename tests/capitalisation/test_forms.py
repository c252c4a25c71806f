"""Admin form validation of knowledge pages: French messages for editors."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from capitalisation.models import ExperienceFeedbackPage
from portal.axes import Axis
from portal.factories import ExperienceFeedbackPageFactory

pytestmark = pytest.mark.django_db

NEGATIVE = "Une valeur négative n'a pas de sens ici."


def form_data(**overrides):
    data = {
        "title": "Réemploi des palettes",
        "slug": "reemploi-palettes",
        "summary": "Des palettes réemployées entre deux entreprises voisines.",
        "synergy_type": "substitution",
        "status": "en_cours",
        "year": 2024,
        "flows": ["matieres"],
        "publication_date": "2024-05-02",
        "body": streamfield([]),
        "contacts": streamfield([]),
        "attachments": inline_formset([]),
    }
    themes = overrides.pop("themes", [])
    data.update(overrides)
    data = nested_form_data(data)
    data["themes"] = themes  # a list: nested_form_data would flatten it
    return data


def bound_form(site_tree, **overrides):
    form_class = ExperienceFeedbackPage.get_edit_handler().get_form_class()
    section = site_tree.section(Axis.KNOWLEDGE)
    return form_class(
        form_data(**overrides), instance=ExperienceFeedbackPage(), parent_page=section
    )


def test_negative_gain_is_refused_in_french(site_tree, taxonomy):
    form = bound_form(site_tree, themes=[taxonomy["theme"].pk], waste_tonnes_avoided="-5")
    assert not form.is_valid()
    assert NEGATIVE in form.errors["waste_tonnes_avoided"]


def test_valid_form_has_no_error(site_tree, taxonomy):
    form = bound_form(site_tree, themes=[taxonomy["theme"].pk], waste_tonnes_avoided="12.5")
    assert form.is_valid(), form.errors


def test_missing_summary_and_themes_are_errors(site_tree):
    form = bound_form(site_tree, summary="")
    assert not form.is_valid()
    assert "summary" in form.errors
    assert "themes" in form.errors


def test_negative_gain_fails_model_validation(site_tree):
    page = ExperienceFeedbackPageFactory(parent=site_tree.section(Axis.KNOWLEDGE))
    page.euros_saved = -100
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert NEGATIVE in error.value.message_dict["euros_saved"]


def test_next_review_before_last_reviewed_is_an_error(site_tree):
    page = ExperienceFeedbackPageFactory(parent=site_tree.section(Axis.KNOWLEDGE))
    page.last_reviewed = datetime.date(2025, 6, 1)
    page.next_review = datetime.date(2025, 1, 1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["next_review"] == [
        "La prochaine relecture doit suivre la dernière relecture."
    ]


def test_next_review_error_in_admin_form(site_tree, taxonomy):
    form = bound_form(
        site_tree,
        themes=[taxonomy["theme"].pk],
        last_reviewed="2025-06-01",
        next_review="2025-01-01",
    )
    assert not form.is_valid()
    assert "La prochaine relecture doit suivre la dernière relecture." in form.errors["next_review"]
