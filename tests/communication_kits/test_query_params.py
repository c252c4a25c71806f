"""Issue #25 (3): the personalisation page reads `?territoire=` with a form; an unknown
territory is ignored as before, and a NUL byte (refused by PostgreSQL) is no longer a
server error, on the page as in the form that downloads the document."""

import pytest

from tests.communication_kits.conftest import download_url, form_data, personalise_url

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "<script>", "\x00", "é" * 300]


def test_a_bad_territory_is_ignored(client, template_page, territory):
    for value in HOSTILE:
        response = client.get(personalise_url(template_page), {"territoire": value})
        assert response.status_code == 200, value
        assert response.context["form"].initial["territoire"] is None
    response = client.get(personalise_url(template_page), {"territoire": " vallee-meuse "})
    assert response.context["form"].initial["v_nom_territoire"] == "Vallée de la Meuse"


def test_a_bad_territory_in_the_download_form_is_a_french_form_error(client, template_page):
    for value in HOSTILE:
        response = client.post(download_url(template_page, "docx"), form_data(territoire=value))
        assert response.status_code == 400, value
        assert "Sélectionnez un choix valide" in response.content.decode()
