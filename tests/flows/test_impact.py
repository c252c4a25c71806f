"""Issue #27 and #24 item 8: a synergy created in the portal from a match, a pooling
opportunity or the workshop; its business case per company and its "fiche"; yearly impact
records with the CO2e factor kept; the funnel; hazardous waste; the yearly report."""

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as read_docx
from openpyxl import load_workbook

from capitalisation.dashboard import load_gain_rows
from capitalisation.models import IndicatorValue
from flows.funnel import build_funnel
from flows.models import (
    BusinessCase,
    EmissionFactor,
    ImpactRecord,
    PoolingOpportunity,
    StageChange,
    Synergy,
    SynergyStage,
    TreatmentOperation,
)
from portal.axes import Axis
from portal.factories import IndicatorGuidePageFactory
from tests.flows.conftest import make_flow
from tests.support.documents import assert_french_a4_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def synergy(register, network):
    synergy = Synergy(
        title="Palettes de la fonderie pour la scierie",
        territory=network.ardennes,
        synergy_type="substitution",
    )
    synergy.changed_by = network.facilitator
    synergy.save()
    synergy.establishments.set([register["foundry"], register["sawmill"]])
    synergy.flows.set([register["pallets_offer"], register["pallets_need"]])
    return synergy


@pytest.fixture
def hazardous(register, network):
    oil = make_flow(
        register["foundry"], "A-9", "offre", "Huiles d'usinage", code="12 01 07", quantity=8
    )
    need = make_flow(register["sawmill"], "A-10", "besoin", "Huiles à régénérer", code="12 01 07")
    return oil, need


# --- creation in the portal (#24 item 8) -----------------------------------------------


def test_a_facilitator_creates_a_synergy_from_a_match_prefilled(client, register, network):
    client.force_login(network.facilitator)
    offer, need = register["pallets_offer"], register["pallets_need"]
    detail = client.get(f"/flux/{offer.pk}/").content.decode()
    link = f"/flux/synergies/nouvelle/?flux={offer.pk}&amp;flux={need.pk}"
    assert link in detail
    form = client.get(link.replace("&amp;", "&")).content.decode()
    form = form[form.index("<main") :]
    assert 'value="Palettes bois"' in form  # title from the offer
    assert f'name="flows" value="{offer.pk}"' in form and "checked" in form
    assert "Scierie du Val" in form and "Fonderie Ardennaise" in form
    response = client.post(
        "/flux/synergies/nouvelle/",
        {
            "flux": [offer.pk, need.pk],
            "title": "Palettes bois pour la scierie",
            "territory": network.ardennes.pk,
            "synergy_type": "substitution",
            "flows": [offer.pk, need.pk],
            "establishments": [register["foundry"].pk, register["sawmill"].pk],
            "description": "",
        },
    )
    synergy = Synergy.objects.get(title="Palettes bois pour la scierie")
    assert response.status_code == 302 and response["Location"] == f"/flux/synergies/{synergy.pk}/"
    assert synergy.stage == SynergyStage.IDEA
    assert set(synergy.flows.all()) == {offer, need}
    assert set(synergy.establishments.all()) == {register["foundry"], register["sawmill"]}
    (change,) = synergy.stage_changes.all()
    assert change.to_stage == "idee" and change.changed_by == network.facilitator


def test_creation_requires_the_flows_establishments_and_a_manager(client, register, network):
    offer, need = register["pallets_offer"], register["pallets_need"]
    data = {
        "flux": [offer.pk, need.pk],
        "title": "x",
        "territory": network.ardennes.pk,
        "synergy_type": "substitution",
        "flows": [offer.pk, need.pk],
        "establishments": [register["foundry"].pk],
    }
    client.force_login(network.facilitator)
    response = client.post("/flux/synergies/nouvelle/", data)
    assert response.status_code == 200
    assert "Cochez les établissements des flux choisis." in response.content.decode()
    # a facilitator cannot file the synergy under another territory
    data["establishments"].append(register["sawmill"].pk)
    response = client.post("/flux/synergies/nouvelle/", {**data, "territory": network.moselle.pk})
    assert response.status_code == 200 and not Synergy.objects.exists()
    client.force_login(network.outsider)
    assert client.get("/flux/synergies/nouvelle/").status_code == 403


def test_creation_from_a_pooling_opportunity_and_from_the_workshop(client, register, network):
    opportunity = PoolingOpportunity.objects.create(
        title="Palettes en commun", waste_code=register["pallets_offer"].waste_code
    )
    opportunity.invited_territories.set([network.ardennes])
    client.force_login(network.animator)
    page = client.get(f"/flux/mutualisation/{opportunity.pk}/").content.decode()
    assert f"/flux/synergies/nouvelle/?mutualisation={opportunity.pk}" in page
    form = client.get(f"/flux/synergies/nouvelle/?mutualisation={opportunity.pk}")
    html = form.content.decode()
    assert 'value="Palettes en commun"' in html and "Palettes bois" in html
    client.force_login(network.facilitator)
    sites = [register["foundry"].pk, register["sawmill"].pk]
    sheet = client.get("/flux/atelier/", {"establishments": sites}).content.decode()
    assert "/flux/synergies/nouvelle/?etablissement=" in sheet
    assert "Créer la synergie" in sheet  # one link per match of the sheet
    prefilled = client.get("/flux/synergies/nouvelle/", {"etablissement": sites})
    assert prefilled.content.decode().count('name="establishments"') == 2


# --- business case and fiche ---------------------------------------------------------


def case_data(**changes):
    data = {
        "quantity": "80",
        "unit": "t",
        "price_before": "95",
        "transport_before": "1200",
        "handling_before": "0",
        "taxes_before": "2400",
        "price_after": "0",
        "transport_after": "600",
        "handling_after": "0",
        "taxes_after": "0",
        "revenue_after": "0",
        "investment": "3000",
        "one_off_costs": "500",
        "notes": "",
    }
    data.update(changes)
    return data


def test_business_case_saving_payback_and_french_errors(client, synergy, register, network):
    client.force_login(network.facilitator)
    url = f"/flux/synergies/{synergy.pk}/analyse/{register['foundry'].pk}/"
    form = client.get(url).content.decode()
    assert 'value="80.000"' in form  # the company's flow quantity
    response = client.post(url, case_data(price_before="-3"))
    assert "Un prix ou un coût ne peut pas être négatif." in response.content.decode()
    assert not BusinessCase.objects.exists()
    assert client.post(url, case_data()).status_code == 302
    case = BusinessCase.objects.get()
    # 80 × 95 + 1 200 + 2 400 = 11 200 before; 600 after: saving 10 600, payback 0,3 year
    assert case.cost_before == Decimal("11200.00") and case.cost_after == Decimal("600.00")
    assert case.yearly_saving == Decimal("10600.00")
    assert case.payback_years == Decimal("0.3")
    page = client.get(f"/flux/synergies/{synergy.pk}/").content.decode()
    assert "10 600" in page or "10\u202f600" in page or "10\xa0600" in page
    # no saving: the payback would divide by zero, a French message, never a 500
    response = client.post(
        url, case_data(price_before="0", taxes_before="0", transport_before="600"), follow=True
    )
    assert response.status_code == 200
    assert "division par zéro" in response.content.decode()


def test_each_company_sees_its_own_side_only(client, synergy, register, network):
    synergy.establishments.add(register["plant"])  # a Moselle company
    BusinessCase.objects.create(
        synergy=synergy, establishment=register["plant"], price_before=Decimal(77)
    )
    client.force_login(network.facilitator)
    page = client.get(f"/flux/synergies/{synergy.pk}/").content.decode()
    assert "Usine Mosellane" not in page  # its identity and its side stay hidden
    url = f"/flux/synergies/{synergy.pk}/analyse/{register['plant'].pk}/"
    assert client.get(url).status_code == 403
    fiche = f"/flux/synergies/{synergy.pk}/fiche/?entreprise={register['plant'].pk}"
    assert client.get(fiche).status_code == 403


def test_the_fiche_is_one_a4_page_in_french_docx_and_odt(client, synergy, register, network):
    BusinessCase.objects.create(
        synergy=synergy,
        establishment=register["foundry"],
        quantity=Decimal(80),
        price_before=Decimal(95),
        investment=Decimal(1000),
    )
    client.force_login(network.facilitator)
    url = f"/flux/synergies/{synergy.pk}/fiche/"
    html = client.get(url).content.decode()
    assert "Fiche synergie" in html and "Analyse économique – Fonderie Ardennaise" in html
    docx = assert_french_a4_docx(client.get(url, {"format": "docx"}).content)
    assert any("Fonderie Ardennaise" in p.text for p in docx.paragraphs)
    odt = client.get(url, {"format": "odt"})
    assert odt["Content-Disposition"] == f'attachment; filename="fiche-synergie-{synergy.pk}.odt"'
    with zipfile.ZipFile(io.BytesIO(odt.content)) as archive:
        styles = archive.read("styles.xml").decode()
        content = archive.read("content.xml").decode()
    assert 'fo:page-width="21cm"' in styles and 'fo:language="fr"' in styles
    assert "Fiche synergie" in content
    one = client.get(url, {"entreprise": register["foundry"].pk}).content.decode()
    assert "Scierie du Val" in one  # listed as a party, but only the foundry's side shown
    assert "Analyse économique – Scierie du Val" not in one


# --- impact records ------------------------------------------------------------------


def impact_data(**changes):
    data = {
        "year": "2025",
        "nature": "mesure",
        "recorded_on": "2025-12-01",
        "source": "Pesées",
        "confidence": "forte",
        "waste_tonnes_avoided": "80",
        "operation_before": TreatmentOperation.objects.get(code="D10").pk,
        "operation_after": TreatmentOperation.objects.get(code="R3").pk,
    }
    data.update(changes)
    return data


def test_co2e_comes_from_the_factor_table_and_the_factor_is_kept(client, synergy, network):
    d10 = TreatmentOperation.objects.get(code="D10")
    EmissionFactor.objects.create(
        waste_code_prefix="15", material="Emballages", factor=Decimal("0.5"), source="A", year=2020
    )
    EmissionFactor.objects.create(
        waste_code_prefix="15 01",
        material="Emballages bois",
        operation=d10,
        factor=Decimal("0.9"),
        source="ADEME",
        year=2023,
    )
    client.force_login(network.facilitator)
    url = f"/flux/synergies/{synergy.pk}/impact/"
    assert client.post(url, impact_data()).status_code == 302
    record = ImpactRecord.objects.get()
    assert record.co2e_factor == Decimal("0.9") and record.co2e_tonnes_avoided == Decimal("72")
    assert "ADEME (2023)" in record.co2e_factor_source
    # the table changes: the past is not rewritten, even when the record is saved again
    EmissionFactor.objects.filter(source="ADEME").update(factor=Decimal("2"))
    edit = f"{url}{record.pk}/"
    client.post(edit, impact_data(waste_tonnes_avoided="100"))
    record.refresh_from_db()
    assert record.co2e_factor == Decimal("0.9") and record.co2e_tonnes_avoided == Decimal("90")
    client.post(edit, impact_data(waste_tonnes_avoided="100", recompute_factor="on"))
    record.refresh_from_db()
    assert record.co2e_tonnes_avoided == Decimal("200")
    # one record per synergy, year and nature
    response = client.post(url, impact_data())
    assert "déjà un bilan mesuré pour 2025" in response.content.decode()


def test_a_synergy_factor_overrides_the_table_with_a_justification(client, synergy, network):
    client.force_login(network.facilitator)
    url = f"/flux/synergies/{synergy.pk}/"
    response = client.post(url, {"stage": "idee", "co2e_factor_override": "1.5"})
    assert "Justifiez le facteur propre à la synergie." in response.content.decode()
    client.post(
        url,
        {
            "stage": "idee",
            "co2e_factor_override": "1.5",
            "co2e_factor_justification": "Mesure du transporteur",
        },
    )
    client.post(f"{url}impact/", impact_data())
    record = ImpactRecord.objects.get()
    assert record.co2e_tonnes_avoided == Decimal("120")
    assert "Mesure du transporteur" in record.co2e_factor_source


def test_a_synergy_running_three_years_counts_in_each_once(synergy, network):
    synergy.stage = SynergyStage.RUNNING
    synergy.save()
    for year in (2023, 2024, 2025):
        ImpactRecord.objects.create(
            synergy=synergy, year=year, nature="mesure", source="x", waste_tonnes_avoided=10
        )
        ImpactRecord.objects.create(
            synergy=synergy, year=year, nature="estime", source="x", waste_tonnes_avoided=99
        )
    rows = [r for r in load_gain_rows() if isinstance(r["pk"], tuple)]
    assert sorted(r["year"] for r in rows) == [2023, 2024, 2025]
    assert {r["waste_tonnes_avoided"] for r in rows} == {Decimal(10)}  # measured only


# --- funnel --------------------------------------------------------------------------


def test_stopping_needs_a_reason_and_every_change_is_recorded(client, synergy, network):
    client.force_login(network.facilitator)
    url = f"/flux/synergies/{synergy.pk}/"
    response = client.post(url, {"stage": "abandonnee"})
    assert "doit en donner la raison" in response.content.decode()
    response = client.post(url, {"stage": "abandonnee", "end_reason": "autre"})
    assert "Précisez la raison « Autre »." in response.content.decode()
    client.post(url, {"stage": "etude"})
    client.post(url, {"stage": "abandonnee", "end_reason": "economique"})
    stages = list(synergy.stage_changes.values_list("to_stage", "changed_by", "reason"))
    assert stages == [
        ("idee", network.facilitator.pk, ""),
        ("etude", network.facilitator.pk, ""),
        ("abandonnee", network.facilitator.pk, "economique"),
    ]
    page = client.get(url).content.decode()
    assert "Historique des étapes" in page and "raison : économique" in page


def admin_synergy_data(synergy, **changes):
    """The admin's edit form of `synergy` as sent back by a browser, with `changes`."""
    data = {
        "title": synergy.title,
        "territory": synergy.territory_id,
        "synergy_type": synergy.synergy_type,
        "stage": synergy.stage,
        "establishments": [e.pk for e in synergy.establishments.all()],
        "flows": [f.pk for f in synergy.flows.all()],
        "description": synergy.description,
    }
    return {**data, **changes}


def test_the_admin_corrects_an_end_reason_and_records_who(client, synergy, network):
    """The admin remains for corrections: stopping there needs and takes the reason."""
    client.force_login(network.animator)
    url = reverse("synergies:edit", args=[synergy.pk])
    assert 'name="end_reason"' in client.get(url).content.decode()

    refused = client.post(url, admin_synergy_data(synergy, stage="abandonnee"))
    assert refused.status_code == 200
    assert "doit en donner la raison" in refused.content.decode()
    assert Synergy.objects.get(pk=synergy.pk).stage == "idee"

    saved = client.post(
        url, admin_synergy_data(synergy, stage="abandonnee", end_reason="logistique")
    )
    assert saved.status_code == 302
    change = StageChange.objects.filter(synergy=synergy).latest("pk")
    assert (change.to_stage, change.reason, change.changed_by) == (
        "abandonnee",
        "logistique",
        network.animator,
    )


def test_funnel_counts_conversion_median_and_reasons(register, network):
    now = timezone.now()

    def history(title, stages, territory=network.ardennes):
        synergy = Synergy.objects.create(
            title=title, territory=territory, synergy_type="substitution", stage=stages[-1][0]
        )
        synergy.stage_changes.all().delete()
        for stage, days_ago, *reason in stages:
            StageChange.objects.create(
                synergy=synergy,
                to_stage=stage,
                changed_at=now - datetime.timedelta(days=days_ago),
                reason=reason[0] if reason else "",
            )

    history("a", [("idee", 100), ("etude", 80), ("en_fonctionnement", 20)])
    history("b", [("idee", 100), ("etude", 60), ("abandonnee", 10, "technique")])
    history("c", [("idee", 50)])
    history("d", [("idee", 50)], territory=network.moselle)
    funnel = build_funnel(network.ardennes)
    assert funnel.entries == {"idee": 3, "etude": 2, "en_fonctionnement": 1, "abandonnee": 1}
    idea, study = funnel.conversion
    assert (idea["entered"], idea["converted"], idea["rate"]) == (3, 2, 0.667)
    assert (study["entered"], study["converted"], study["rate"]) == (2, 1, 0.5)
    medians = {row["stage"]: row["days"] for row in funnel.median_days}
    assert medians["idee"] == 30 and medians["etude"] == 55
    reasons = {row["reason"]: row["count"] for row in funnel.reasons}
    assert reasons["technique"] == 1 and reasons["economique"] == 0
    assert build_funnel().entries["idee"] == 4


def test_funnel_api_public_counts_and_french_400s(client, synergy, network):
    data = client.get("/api/flows/funnel/").json()
    assert data["territory"] is None and data["year"] is None
    assert {row["stage"]: row["current"] for row in data["stages"]}["idee"] == 1
    assert "Palettes" not in json.dumps(data)  # counts only
    year = timezone.localdate().year
    scoped = client.get(f"/api/flows/funnel/?territoire=ardennes-fictives&annee={year}").json()
    assert scoped["territory"] == "ardennes-fictives" and scoped["year"] == year
    for query in ("territoire=inconnu", "annee=deux-mille", "annee=20255"):
        response = client.get(f"/api/flows/funnel/?{query}")
        assert response.status_code == 400 and "error" in response.json()
    assert "Territoire inconnu" in client.get("/api/flows/funnel/?territoire=x").json()["error"]


def test_the_dashboard_shows_the_funnel_chart_and_its_table(client, synergy, network):
    html = client.get("/indicateurs/tableau-de-bord/").content.decode()
    assert 'id="entonnoir"' in html and "<svg" in html
    assert "Raisons d'arrêt ou d'abandon" in html and "Bilan régional" in html


def test_the_funnel_shares_the_dashboards_one_stylesheet(client, synergy, network, site_tree):
    """pygal's 5 KB stylesheet is sent once per page, not once per chart (page weight)."""
    indicator = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS), title="Déchets évités", code="dechets", unit="t"
    )
    for year in (2023, 2024):
        IndicatorValue(
            territory=network.ardennes, indicator=indicator, year=year, value=10, validated=True
        ).save()

    html = client.get("/indicateurs/tableau-de-bord/").content.decode()

    assert html.count("<svg") == 2  # the indicator's trend and the funnel
    assert len(re.findall(r"<style\b", html)) == 1
    assert ".pygal-chart .color-0" in html and "#chart-" not in html


# --- hazardous waste -----------------------------------------------------------------


def test_hazardous_codes_are_flagged_with_the_caution(client, hazardous, network):
    oil, need = hazardous
    client.force_login(network.facilitator)
    detail = client.get(f"/flux/{oil.pk}/").content.decode()
    assert "12 01 07*" in detail and "traçabilité" in detail and "installation autorisée" in detail
    assert "deux déchets dangereux" in detail  # the match's reasons say so
    api = client.get(f"/api/flows/{oil.pk}/matches/").json()
    assert api["flow"]["hazardous"] is True
    (match,) = [m for m in api["matches"] if m["flow_id"] == need.pk]
    assert match["hazardous"] and any("dangereux" in reason for reason in match["reasons"])
    assert "12 01 07*" in client.get("/flux/").content.decode()
    assert "12 01 07*" in client.get("/flux/mutualisation/?code=120107").content.decode()
    export = client.get("/flux/export.csv").content.decode("utf-8-sig")
    assert "12 01 07*" in export
    sheet = client.get("/flux/atelier/", {"establishments": [oil.establishment_id]})
    assert "12 01 07*" in sheet.content.decode()
    docx = client.get(
        "/flux/atelier/", {"establishments": [oil.establishment_id], "format": "docx"}
    )
    paragraphs = [p.text for p in read_docx(io.BytesIO(docx.content)).paragraphs]
    assert any("traçabilité" in text for text in paragraphs)


def test_a_running_synergy_on_hazardous_waste_states_its_regulatory_status(
    client, hazardous, network
):
    synergy = Synergy.objects.create(
        title="Huiles", territory=network.ardennes, synergy_type="substitution"
    )
    synergy.flows.set(hazardous)
    client.force_login(network.facilitator)
    url = f"/flux/synergies/{synergy.pk}/"
    response = client.post(url, {"stage": "en_fonctionnement"})
    assert "statut réglementaire" in response.content.decode()
    synergy.refresh_from_db()
    assert synergy.stage == SynergyStage.IDEA
    client.post(url, {"stage": "en_fonctionnement", "regulatory_status": "dechet"})
    synergy.refresh_from_db()
    assert synergy.stage == SynergyStage.RUNNING and synergy.regulatory_status == "dechet"


# --- yearly report -------------------------------------------------------------------


@pytest.fixture
def measured(synergy):
    synergy.stage = SynergyStage.RUNNING
    synergy.save()
    ImpactRecord.objects.create(
        synergy=synergy, year=2025, nature="estime", source="x", waste_tonnes_avoided=90
    )
    ImpactRecord.objects.create(
        synergy=synergy,
        year=2025,
        nature="mesure",
        source="x",
        waste_tonnes_avoided=80,
        euros_saved=3000,
    )
    return synergy


def test_the_report_shows_totals_to_all_and_details_to_members(client, measured, network):
    anonymous = client.get("/indicateurs/bilan/2025/").content.decode()
    assert "Bilan 2025" in anonymous and "Impact 2025" in anonymous
    assert "Palettes de la fonderie" not in anonymous and "Synergies une à une" not in anonymous
    assert "90" in anonymous and "80" in anonymous  # estimated beside measured
    client.force_login(network.other_facilitator)
    other = client.get("/territoires/ardennes-fictives/bilan/2025/").content.decode()
    assert "Palettes de la fonderie" not in other
    client.force_login(network.facilitator)
    own = client.get("/territoires/ardennes-fictives/bilan/2025/").content.decode()
    assert "Synergies une à une" in own and "Palettes de la fonderie" in own
    client.force_login(network.animator)
    assert "Palettes de la fonderie" in client.get("/indicateurs/bilan/2025/").content.decode()
    assert client.get("/territoires/inconnu/bilan/2025/").status_code == 404
    assert client.get("/indicateurs/bilan/1200/").status_code == 404


def test_the_report_downloads_as_docx_odt_and_typed_xlsx(client, measured, network):
    client.force_login(network.facilitator)
    base = "/territoires/ardennes-fictives/bilan/2025/"
    docx = read_docx(io.BytesIO(client.get(base, {"format": "docx"}).content))
    assert round(docx.sections[0].page_width.cm, 1) == 21.0
    odt = client.get(base, {"format": "odt"})
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert (
        odt["Content-Disposition"] == 'attachment; filename="bilan-eit-ardennes-fictives-2025.odt"'
    )
    workbook = load_workbook(io.BytesIO(client.get(base, {"format": "xlsx"}).content))
    impact = workbook["Impact"]
    assert [c.value for c in impact[1]] == ["Impact", "Unité", "Estimé", "Mesuré"]
    assert impact["C2"].value == 90 and impact["D2"].value == 80  # numbers, not text
    assert impact.freeze_panes == "A2"
    assert "Synergies" in workbook.sheetnames
    anonymous = load_workbook(
        io.BytesIO(client.get("/indicateurs/bilan/2025/", {"format": "xlsx"}).content)
    )
    assert "Synergies" not in anonymous.sheetnames


def test_the_animation_keeps_the_factor_table_in_the_admin(client, network):
    client.force_login(network.facilitator)
    assert client.get("/admin/facteurs-emission/").status_code in (302, 403)
    client.force_login(network.animator)
    assert client.get("/admin/facteurs-emission/").status_code == 200
    response = client.post(
        "/admin/facteurs-emission/new/",
        {
            "waste_code_prefix": "15 01",
            "material": "Emballages",
            "operation": "",
            "factor": "0.8",
            "source": "ADEME, Base Empreinte",
            "year": "2024",
        },
    )
    assert response.status_code == 302
    assert EmissionFactor.objects.get().factor == Decimal("0.8")
