"""Home, section and standard pages: rendering, listing, pagination and the page tree."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from capitalisation.models import (
    ExperienceFeedbackPage,
    IndicatorGuidePage,
    MethodologySheetPage,
)
from communication_kits.models import CommunicationTemplatePage
from portal.axes import Axis
from portal.factories import (
    ExperienceFeedbackPageFactory,
    MethodologySheetPageFactory,
    StandardPageFactory,
)
from portal.models import HomePage, SectionPage, StandardPage
from portal.models.pages import LISTING_PAGE_SIZE
from search.models import CollectionPage
from tests.conftest import build_site_tree
from training.models import TrainingNeedsSurveyPage
from veille.models import MonitoringDigestPage

pytestmark = pytest.mark.django_db


def test_home_page_renders_sections_and_latest_pages(client, site_tree):
    ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE), title="Palettes partagées du Val"
    )
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Réseau EIT Grand Est" in html
    assert site_tree.section(Axis.MONITORING).title in html
    assert "Palettes partagées du Val" in html


def test_section_page_lists_its_children(client, site_tree):
    section = site_tree.section(Axis.KNOWLEDGE)
    ExperienceFeedbackPageFactory(parent=section, title="Chaleur fatale de la fonderie")
    MethodologySheetPageFactory(parent=section, title="Cartographier les flux d'une zone")
    response = client.get(section.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chaleur fatale de la fonderie" in html
    assert "Cartographier les flux d&#x27;une zone" in html or "Cartographier les flux" in html


def test_section_page_paginates(client, site_tree):
    section = site_tree.section(Axis.KNOWLEDGE)
    for number in range(LISTING_PAGE_SIZE + 3):
        ExperienceFeedbackPageFactory(parent=section, title=f"Synergie numéro {number:02d}")
    first = client.get(section.url)
    second = client.get(section.url, {"page": 2})
    beyond = client.get(section.url, {"page": 99})
    assert first.status_code == second.status_code == beyond.status_code == 200
    assert len(first.context["children"]) == LISTING_PAGE_SIZE
    assert len(second.context["children"]) == 3
    assert first.context["page_obj"].paginator.count == LISTING_PAGE_SIZE + 3
    assert beyond.context["page_obj"].number == 2
    first_titles = {page.title for page in first.context["children"]}
    second_titles = {page.title for page in second.context["children"]}
    assert not first_titles & second_titles


def test_section_page_hides_drafts(client, site_tree):
    section = site_tree.section(Axis.KNOWLEDGE)
    ExperienceFeedbackPageFactory(parent=section, title="Brouillon confidentiel", live=False)
    response = client.get(section.url)
    assert "Brouillon confidentiel" not in response.content.decode()


def test_standard_page_renders(client, site_tree):
    page = StandardPageFactory(
        parent=site_tree.home,
        title="Déclaration d'accessibilité",
        slug="accessibilite",
        body=[("markdown", "## Signaler un problème\n\nÉcrivez-nous.")],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Signaler un problème" in response.content.decode()


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()

    def test_home_page_children(self):
        self.assertAllowedSubpageTypes(HomePage, {SectionPage, StandardPage})
        self.assertCanNotCreateAt(HomePage, ExperienceFeedbackPage)

    def test_section_page_children(self):
        self.assertAllowedSubpageTypes(
            SectionPage,
            {
                ExperienceFeedbackPage,
                MethodologySheetPage,
                CommunicationTemplatePage,
                TrainingNeedsSurveyPage,
                MonitoringDigestPage,
                StandardPage,
                IndicatorGuidePage,
                CollectionPage,
            },
        )
        self.assertAllowedParentPageTypes(SectionPage, {HomePage})

    def test_knowledge_pages_only_under_their_own_axis(self):
        knowledge = self.tree.section(Axis.KNOWLEDGE)
        monitoring = self.tree.section(Axis.MONITORING)
        self.assertTrue(MethodologySheetPage.can_create_at(knowledge))
        self.assertFalse(MethodologySheetPage.can_create_at(monitoring))
        self.assertTrue(MonitoringDigestPage.can_create_at(monitoring))
        self.assertFalse(MonitoringDigestPage.can_create_at(knowledge))
        self.assertFalse(MethodologySheetPage.can_create_at(self.tree.home))

    def test_knowledge_pages_have_no_children(self):
        for model in (ExperienceFeedbackPage, MonitoringDigestPage, CommunicationTemplatePage):
            self.assertAllowedSubpageTypes(model, set())

    def test_home_and_sections_are_renderable(self):
        self.assertPageIsRenderable(self.tree.home)
        for section in self.tree.sections.values():
            self.assertPageIsRenderable(section)
