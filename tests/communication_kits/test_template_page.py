"""Communication templates render their kind and their text with placeholders."""

import pytest

from portal.axes import Axis
from portal.factories import CommunicationTemplatePageFactory

pytestmark = pytest.mark.django_db


def test_communication_template_page_renders(client, site_tree):
    page = CommunicationTemplatePageFactory(
        parent=site_tree.section(Axis.COMMUNICATION),
        title="Invitation à un atelier de synergies",
        kind="invitation",
        template_body="{{ nom_structure }} vous invite à l'atelier du **{{ date_atelier }}**.",
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Invitation à un atelier" in html
    assert "nom_structure" in html
    assert "date_atelier" in html


def test_communication_template_cannot_live_under_another_axis(site_tree):
    from communication_kits.models import CommunicationTemplatePage

    assert CommunicationTemplatePage.can_create_at(site_tree.section(Axis.COMMUNICATION))
    assert not CommunicationTemplatePage.can_create_at(site_tree.section(Axis.KNOWLEDGE))
