"""The Wagtail API lists every knowledge page type and never a members-only page."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from portal.axes import Axis
from portal.factories import KNOWLEDGE_PAGE_FACTORIES

pytestmark = pytest.mark.django_db

AXIS_OF_TYPE = {
    "capitalisation.ExperienceFeedbackPage": Axis.KNOWLEDGE,
    "capitalisation.MethodologySheetPage": Axis.KNOWLEDGE,
    "capitalisation.IndicatorGuidePage": Axis.INDICATORS,
    "veille.MonitoringDigestPage": Axis.MONITORING,
    "training.TrainingNeedsSurveyPage": Axis.TRAINING,
    "communication_kits.CommunicationTemplatePage": Axis.COMMUNICATION,
}


@pytest.fixture
def pages_of_every_type(site_tree):
    members = Group.objects.create(name="Membres du réseau")
    pages = {}
    for type_name, factory_class in KNOWLEDGE_PAGE_FACTORIES.items():
        section = site_tree.section(AXIS_OF_TYPE[type_name])
        public = factory_class(parent=section, title=f"Public {type_name}")
        private = factory_class(parent=section, title=f"Réservé {type_name}")
        restriction = PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(members)
        pages[type_name] = (public, private)
    return pages


@pytest.mark.parametrize("type_name", list(KNOWLEDGE_PAGE_FACTORIES))
def test_api_lists_each_type_without_restricted_pages(client, pages_of_every_type, type_name):
    public, private = pages_of_every_type[type_name]
    response = client.get("/api/v2/pages/", {"type": type_name, "fields": "*"})
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    ids = {item["id"] for item in items}
    assert public.pk in ids
    assert private.pk not in ids
    item = next(item for item in items if item["id"] == public.pk)
    assert item["meta"]["type"] == type_name
    assert item["summary"] == public.summary
    assert item["themes"]


def test_restricted_page_detail_is_not_found(client, pages_of_every_type):
    _, private = pages_of_every_type["capitalisation.MethodologySheetPage"]
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_restricted_page_is_absent_from_unfiltered_listing(client, pages_of_every_type):
    response = client.get("/api/v2/pages/", {"limit": 100})
    ids = {item["id"] for item in response.json()["items"]}
    for public, private in pages_of_every_type.values():
        assert public.pk in ids
        assert private.pk not in ids
