"""The one builder of a page type's key and label, shared by search, alerts and reports."""

from capitalisation.models import ExperienceFeedbackPage, IndicatorGuidePage
from portal.search_protocol import content_type_choices, content_type_key, content_type_label
from veille.models import MonitoringDigestPage


def test_key_is_app_label_and_class_name():
    assert content_type_key(ExperienceFeedbackPage) == "capitalisation.ExperienceFeedbackPage"
    assert content_type_key(MonitoringDigestPage) == "veille.MonitoringDigestPage"


def test_label_is_the_capitalised_verbose_name():
    assert content_type_label(MonitoringDigestPage) == "Lettre de veille"
    assert (
        content_type_label(IndicatorGuidePage)
        == str(IndicatorGuidePage._meta.verbose_name).capitalize()
    )


def test_choices_cover_every_knowledge_page_type_by_label():
    choices = content_type_choices()
    keys = [key for key, _ in choices]
    assert "capitalisation.ExperienceFeedbackPage" in keys
    assert "communication_kits.CommunicationTemplatePage" in keys
    assert "portal.StandardPage" not in keys
    labels = [label for _, label in choices]
    assert labels == sorted(labels)
