"""The dashboard's charts as a reader sees them: axes rounded and in French, each unit
written once, regional and territory totals (euros included) public."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from portal.axes import Axis
from portal.charts import chart_number
from portal.factories import IndicatorGuidePageFactory, IndicatorValueFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

URL = "/indicateurs/tableau-de-bord/"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3.2000000000000002, "3,2"),
        (0.30000000000000004, "0,3"),
        (12499.99999, "12\u202f500"),
        (45.678, "45,7"),
        (Decimal("2.50"), "2,5"),
        (0, "0"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_chart_numbers_are_rounded_and_french(value, text):
    assert chart_number(value) == text


@pytest.fixture
def water(site_tree):
    indicator = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        title="Eau économisée (m³)",
        code="eau-economisee",
        unit="m³",
    )
    territory = TerritoryFactory(name="Vallée (test)", slug="vallee-test")
    for year, value in ((2021, "3.1"), (2022, "3.2"), (2023, "3.35"), (2024, "3.4")):
        IndicatorValueFactory(
            territory=territory, indicator=indicator, year=year, value=Decimal(value)
        )
    return indicator


def svg_texts(html):
    return [
        text.strip()
        for svg in re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
        for text in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    ]


def test_axes_are_rounded_french_numbers(client, water):
    html = client.get(URL).content.decode()
    texts = svg_texts(html)
    labels = [
        t
        for t in texts
        if re.fullmatch(r"[\d\u202f]+(,\d+)?", t) and t not in {"2021", "2022", "2023", "2024"}
    ]
    assert labels, texts
    for label in labels:
        assert re.fullmatch(r"\d+(,\d{1,2})?", label), label  # "3,2", never 3,2000000000000002
    assert not re.search(r"\d[.,]\d{5,}", " ".join(texts))


def test_each_unit_is_written_once(client, water):
    html = client.get(URL).content.decode()
    assert "(m³) (m³)" not in html and "(m³) <span" not in html
    assert 'Eau économisée <span class="unit">(m³)</span>' in html
    assert water.title_without_unit == "Eau économisée"


def test_the_demo_publishes_the_financial_totals():
    """Totals (regional, per territory) are public, euros included: the demo's financial
    indicator is public; its guide says no company's own figure is published."""
    path = Path(settings.BASE_DIR) / "demo/pages/guides-indicateurs/indicateur-gains-financiers.md"
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert meta["code"] == "gains-financiers"
    assert meta["visibility"] == "public"
    assert "jamais le chiffre d'une entreprise" in meta["limits"]


def test_anonymous_visitors_see_euro_totals_by_territory(client, site_tree):
    euros = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        title="Gains financiers (euros économisés)",
        code="gains-financiers",
        unit="€",
    )
    territory = TerritoryFactory(name="Vallée (test)", slug="vallee-test")
    IndicatorValueFactory(territory=territory, indicator=euros, year=2024, value=Decimal(165160))
    html = client.get(URL).content.decode()
    assert 'Gains financiers <span class="unit">(€)</span>' not in html  # title kept whole
    assert "Gains financiers (euros économisés)" in html
    assert re.search(r"165[\u202f\xa0]160", html)
