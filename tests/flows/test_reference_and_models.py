import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from flows.codes import normalize_waste_code, parse_decimal, sector_label, siret_is_valid
from flows.models import Commune, Establishment, TreatmentOperation, WasteCode
from flows.models.register import validate_siret
from tests.flows.conftest import make_establishment, make_flow

pytestmark = pytest.mark.django_db


def test_reference_lists_are_loaded_by_the_migration():
    assert WasteCode.objects.filter(level="rubrique").count() == 842
    assert WasteCode.objects.get(code="15 01 10").hazardous is True
    assert WasteCode.objects.get(code="15 01 03").hazardous is False
    codes = set(TreatmentOperation.objects.values_list("code", flat=True))
    assert {f"R{n}" for n in range(1, 14)} <= codes
    assert {"D1", "D10", "D15"} <= codes and "D6" not in codes
    assert Commune.objects.count() == 5132
    metz = Commune.objects.get(name="Metz")
    assert (metz.departement, round(float(metz.latitude))) == ("57", 49)


def test_loading_the_reference_again_changes_nothing(capsys):
    call_command("load_flow_reference")
    out = capsys.readouterr().out
    assert "communes : 0 créé(s), 0 mis à jour" in out
    assert Commune.objects.count() == 5132


def test_loading_the_reference_again_restores_changed_rows(capsys):
    Commune.objects.filter(name__in=["Metz", "Reims"]).update(
        postal_codes="", epci_name="", population=None, latitude=Decimal("0")
    )
    WasteCode.objects.filter(code="15 01 10").update(hazardous=False, label="?")

    call_command("load_flow_reference")

    out = capsys.readouterr().out
    assert "communes : 0 créé(s), 2 mis à jour" in out
    reims = Commune.objects.get(name="Reims")
    assert (reims.postal_codes, reims.epci_name, reims.population) == (
        "51100",
        "CU du Grand Reims",
        177674,
    )
    assert round(float(reims.latitude)) == 49
    assert Commune.objects.get(name="Metz").postal_codes.startswith("570")
    code = WasteCode.objects.get(code="15 01 10")
    assert code.hazardous is True and code.label != "?"


@pytest.mark.parametrize("typed", ["15 01 03", "150103", "15.01.03", " 15-01-03 ", "15 01 03*"])
def test_waste_codes_are_accepted_in_every_usual_spelling(typed):
    assert normalize_waste_code(typed) == "15 01 03"


@pytest.mark.parametrize("typed", ["", "15 01", "1501030", "ab0103"])
def test_malformed_waste_codes_are_refused(typed):
    assert normalize_waste_code(typed) is None


def test_siret_luhn_key():
    assert siret_is_valid("73282932000074")
    assert not siret_is_valid("73282932000075")
    assert not siret_is_valid("7328293200007")
    with pytest.raises(ValidationError, match="SIRET"):
        validate_siret("12345678901234")


def test_french_decimals_and_sectors():
    assert parse_decimal("1 234,5") == Decimal("1234.5")
    assert parse_decimal("2.5") == Decimal("2.5")
    with pytest.raises(ValueError):
        parse_decimal("beaucoup")
    assert sector_label("24.51Z") == "une entreprise de la métallurgie"
    assert sector_label("") == "une entreprise"


def test_annual_quantity_is_derived_in_the_base_unit(network):
    site = make_establishment(network.ardennes, "Site")
    flow = make_flow(
        site, "X", "offre", "Copeaux", quantity=Decimal(500), unit="kg", frequency="mois"
    )
    assert (flow.annual_quantity, flow.annual_unit) == (Decimal("6.000"), "t")
    assert flow.territory == network.ardennes


def test_commune_gives_the_position(network):
    site = make_establishment(network.ardennes, "Site", commune="Sedan")
    assert site.latitude == Commune.objects.get(name="Sedan").latitude
    with pytest.raises(ValidationError):
        Establishment(territory=network.ardennes, name="Nulle part").full_clean()


def test_a_flow_not_confirmed_for_twelve_months_is_to_confirm(network):
    site = make_establishment(network.ardennes, "Site")
    fresh = make_flow(site, "F", "offre", "Fresh")
    old = make_flow(
        site, "O", "offre", "Old", confirmed_on=datetime.date.today() - datetime.timedelta(days=400)
    )
    assert not fresh.needs_confirmation and old.needs_confirmation
    from flows.models import Flow

    assert list(Flow.objects.to_confirm()) == [old]
