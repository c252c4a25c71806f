"""Monitoring digests render their period, editorial and items."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from portal.axes import Axis
from portal.factories import MonitoringDigestPageFactory, MonitoringItemFactory

pytestmark = pytest.mark.django_db


def test_monitoring_digest_page_renders_items(client, site_tree):
    page = MonitoringDigestPageFactory(
        parent=site_tree.section(Axis.MONITORING),
        title="Veille de mars 2025",
        editorial="Ce mois-ci, **l'eau** revient dans l'actualité.",
        items=[
            {
                "title": "Réutilisation des eaux usées traitées",
                "category": "reglementation",
                "source": "Journal officiel (exemple)",
            },
            {"title": "Appel à projets économie d'eau", "category": "appel_a_projets"},
        ],
    )
    assert page.items.count() == 2
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Réutilisation des eaux usées traitées" in html
    assert "Appel à projets économie d" in html
    assert "<strong>l&#x27;eau</strong>" in html or "<strong>l'eau</strong>" in html


def test_item_factory_attaches_to_a_digest(site_tree):
    page = MonitoringDigestPageFactory(parent=site_tree.section(Axis.MONITORING), items=[])
    MonitoringItemFactory(digest=page, title="Rencontre régionale des animateurs")
    saved = type(page).objects.get(pk=page.pk)
    assert [item.title for item in saved.items.all()] == ["Rencontre régionale des animateurs"]


def test_period_end_before_start_is_an_error(site_tree):
    page = MonitoringDigestPageFactory(parent=site_tree.section(Axis.MONITORING))
    page.period_start = datetime.date(2025, 3, 31)
    page.period_end = datetime.date(2025, 3, 1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "La fin de la période précède son début." in error.value.message_dict["period_end"]
