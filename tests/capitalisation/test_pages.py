"""The three capitalisation page types render their own fields."""

import pytest

from portal.axes import Axis
from portal.factories import (
    DocumentFactory,
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    MethodologySheetPageFactory,
)

pytestmark = pytest.mark.django_db


def test_experience_feedback_page_renders_synergy_and_gains(client, site_tree, taxonomy):
    page = ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        title="Réemploi des palettes bois",
        partner_companies="Menuiserie Fictive du Lac\nTransports d'Exemple",
        lessons_learned="Un **accord écrit** a suffi pour démarrer.",
        waste_tonnes_avoided=85,
        themes=[taxonomy["theme"]],
        territories=[taxonomy["territory"]],
        tags=["bois", "déchets bois"],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Réemploi des palettes bois" in html
    assert "Menuiserie Fictive du Lac" in html
    assert "<strong>accord écrit</strong>" in html
    assert "85" in html
    assert "Vallée de démonstration" in html


def test_methodology_sheet_page_renders_steps_and_attachment(client, site_tree):
    document = DocumentFactory(title="Grille d'entretien des entreprises")
    page = MethodologySheetPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        objective="Repérer les flux que d'autres entreprises pourraient utiliser.",
        steps=[("step", {"title": "Délimiter le périmètre", "text": "Une zone *lisible*."})],
        attachments=[document],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Repérer les flux" in html
    assert "Délimiter le périmètre" in html
    assert "Grille d" in html and "entretien des entreprises" in html


def test_indicator_guide_page_renders_definition_and_unit(client, site_tree):
    page = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        title="Tonnes de déchets évités",
        code="dechets-evites",
        unit="t",
        definition="Masse annuelle de déchets détournée de l'élimination.",
        calculation_method="Somme des **tonnages échangés**.",
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Masse annuelle de déchets" in html
    assert "<strong>tonnages échangés</strong>" in html
    assert "dechets-evites" in html
