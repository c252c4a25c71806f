"""The flows tests share the members' network (two territories, an animator, two
facilitators, an outsider) and a small register built through the models."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from flows.models import Commune, Establishment, Flow, WasteCode
from flows.reference import ensure_reference
from tests.support.members import build_network


@pytest.fixture(autouse=True)
def reference_lists(db):
    """The migration loads them; a transactional test's flush elsewhere removes them."""
    ensure_reference()


@pytest.fixture
def network(db):
    return build_network()


def make_establishment(territory, name, commune="Charleville-Mézières", **kwargs):
    return Establishment.objects.create(
        territory=territory,
        name=name,
        commune=Commune.objects.filter(name=commune).first(),
        **kwargs,
    )


def make_flow(establishment, reference, direction, designation, code=None, **kwargs):
    values = {
        "category": "dechets",
        "quantity": Decimal(100),
        "unit": "t",
        "frequency": "an",
        "confirmed_on": timezone.localdate() - datetime.timedelta(days=30),
    }
    values.update(kwargs)
    return Flow.objects.create(
        establishment=establishment,
        reference=reference,
        direction=direction,
        designation=designation,
        waste_code=WasteCode.objects.get(code=code) if code else None,
        **values,
    )


@pytest.fixture
def register(network):
    """Ardennes: a foundry offers pallets, a sawmill needs them; Moselle: a plant offers
    cardboard 150 km away; another Ardennes site needs cardboard packaging."""
    foundry = make_establishment(
        network.ardennes,
        "Fonderie Ardennaise",
        naf_code="24.51Z",
        siret="73282932000074",
        contact_name="Paul Fondeur",
        contact_email="paul@fonderie.example",
    )
    sawmill = make_establishment(network.ardennes, "Scierie du Val", commune="Sedan")
    plant = make_establishment(
        network.moselle, "Usine Mosellane", commune="Metz", naf_code="25.62B"
    )
    printer = make_establishment(network.ardennes, "Imprimerie Sedanaise", commune="Sedan")
    return {
        "foundry": foundry,
        "sawmill": sawmill,
        "plant": plant,
        "printer": printer,
        "pallets_offer": make_flow(
            foundry, "A-1", "offre", "Palettes bois", code="15 01 03", quantity=Decimal(80)
        ),
        "pallets_need": make_flow(sawmill, "A-2", "besoin", "palette", code="15 01 03"),
        "cardboard_offer": make_flow(
            plant, "M-1", "offre", "Carton", code="15 01 01", quantity=Decimal(60)
        ),
        "cardboard_need": make_flow(
            printer, "A-3", "besoin", "Emballages en papier/carton", quantity=Decimal(10)
        ),
    }
