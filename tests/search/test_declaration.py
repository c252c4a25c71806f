"""One declaration of what is searchable per page type, read by the document builder."""

import pytest
from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from communication_kits.models import TemplatePlaceholder
from portal.axes import Axis
from portal.factories import (
    CommunicationTemplatePageFactory,
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    MethodologySheetPageFactory,
    MonitoringDigestPageFactory,
    TrainingNeedsSurveyPageFactory,
)
from portal.search_protocol import knowledge_page_models
from portal.searchable import declared_value, filter_fields, text_fields_of_weight
from search import service
from search.documents import build_document
from search.engines.base import SearchQuery

TEXT_FIELDS = (models.CharField, models.TextField, RichTextField, StreamField)


def own_text_fields(model):
    inherited = {field.name for field in Page._meta.get_fields()}
    return {
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, TEXT_FIELDS) and field.name not in inherited
    }


@pytest.mark.parametrize("model", knowledge_page_models(), ids=lambda m: m.__name__)
def test_every_text_field_is_declared(model):
    declared = {field.field_name for field in model.search_fields}
    unindexed = set(model.search_unindexed_fields)
    missing = own_text_fields(model) - declared - unindexed
    assert not missing, f"{model.__name__}: declare {sorted(missing)} in search_fields"
    assert not unindexed & declared


@pytest.mark.parametrize("model", knowledge_page_models(), ids=lambda m: m.__name__)
def test_declaration_gives_weights_and_filters(model):
    assert [f.field_name for f in text_fields_of_weight(model, "A")] == ["title"]
    assert [f.field_name for f in text_fields_of_weight(model, "B")] == ["summary"]
    body = {f.field_name for f in text_fields_of_weight(model, "C")}
    assert "body" in body and "summary" not in body
    assert all(isinstance(f, index.FilterField) for f in filter_fields(model))


@pytest.mark.django_db
def test_fields_that_had_drifted_are_indexed(site_tree):
    sheet = MethodologySheetPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE), prerequisites="Un portage par la CCI locale."
    )
    guide = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        data_sources="Déclarations GEREP.",
        limits="Double comptage possible.",
        example="Quarante tonnes de palettes.",
    )
    assert "portage par la CCI" in build_document(sheet.specific)["body"]
    body = build_document(guide.specific)["body"]
    assert "GEREP" in body and "Double comptage" in body and "Quarante tonnes" in body
    assert build_document(guide.specific)["filters"]["code"] == guide.code


@pytest.mark.django_db
def test_template_placeholders_are_indexed_as_their_labels(site_tree, settings):
    """Issue 14 item 10: excerpts showed raw "{{ tonnes_evitees }}" placeholders."""
    settings.ELASTICSEARCH_URL = ""
    page = CommunicationTemplatePageFactory(
        parent=site_tree.section(Axis.COMMUNICATION),
        template_body="Le territoire a évité {{ tonnes_evitees }} de déchets grâce aux synergies.",
    )
    TemplatePlaceholder.objects.create(
        page=page, name="tonnes_evitees", label="Tonnes de déchets évitées"
    )
    service.index_page(page)
    document = build_document(page.specific)
    assert "{{" not in document["body"]
    assert "Tonnes de déchets évitées de déchets" in document["body"]
    response = service.search(SearchQuery(q="synergies évité"))
    highlights = " ".join(h for r in response.results for h in r.highlight)
    assert response.total == 1 and highlights
    assert "{{" not in highlights and "tonnes_evitees" not in highlights


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory, axis",
    [
        (ExperienceFeedbackPageFactory, Axis.KNOWLEDGE),
        (MethodologySheetPageFactory, Axis.KNOWLEDGE),
        (IndicatorGuidePageFactory, Axis.INDICATORS),
        (MonitoringDigestPageFactory, Axis.MONITORING),
        (TrainingNeedsSurveyPageFactory, Axis.TRAINING),
        (CommunicationTemplatePageFactory, Axis.COMMUNICATION),
    ],
    ids=lambda value: value._meta.model.__name__ if hasattr(value, "_meta") else str(value),
)
def test_declared_values_are_modelsearch_values(site_tree, factory, axis):
    """The shortcut that reads plain fields straight from their attribute gives what
    modelsearch's `get_value` gives, for every declared field of every page type."""
    page = factory(parent=site_tree.section(axis)).specific
    fields = [*type(page).search_fields]
    assert fields
    for field in fields:
        assert declared_value(page, field) == field.get_value(page), field
