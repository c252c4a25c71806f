"""Fictitious establishments, flows, synergies and pooling opportunities in every demo
territory (idempotent: everything is found again by territory and name or reference)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from flows.models import (
    BusinessCase,
    Commune,
    Confidence,
    EmissionFactor,
    EndReason,
    Establishment,
    Flow,
    ImpactNature,
    ImpactRecord,
    PoolingOpportunity,
    PoolingStatus,
    RegulatoryStatus,
    StageChange,
    Synergy,
    SynergyStage,
    TreatmentOperation,
    WasteCode,
)
from flows.reference import ensure_reference
from portal.models import Territory

# (key, name pattern, NAF, offset in degrees (lat, lon))
SITES = (
    ("metal", "Mécanique de précision {n} (fictif)", "25.62B", (0.02, 0.03)),
    ("food", "Conserverie {n} (fictif)", "10.39A", (-0.03, 0.01)),
    ("wood", "Scierie {n} (fictif)", "16.10A", (0.04, -0.04)),
    ("logistics", "Plateforme logistique {n} (fictif)", "52.10B", (-0.01, -0.03)),
)
# (site, suffix, direction, category, waste code, designation, quantity, unit, frequency,
#  treatment)
FLOWS = (
    ("metal", "01", "offre", "dechets", "15 01 03", "Palettes bois", 40, "t", "an", "R13"),
    (
        "metal",
        "02",
        "offre",
        "dechets",
        "12 01 01",
        "Limailles et chutes de métaux ferreux",
        10,
        "t",
        "mois",
        "R4",
    ),
    (
        "metal",
        "03",
        "besoin",
        "energie",
        None,
        "Chaleur pour le séchage des pièces",
        800,
        "MWh",
        "an",
        None,
    ),
    ("food", "01", "offre", "dechets", "15 01 01", "Cartons d'emballage", 25, "t", "an", "R3"),
    (
        "food",
        "02",
        "offre",
        "dechets",
        "02 03 04",
        "Écarts de tri de légumes",
        6,
        "t",
        "mois",
        "D10",
    ),
    ("food", "03", "besoin", "dechets", "15 01 03", "Palettes", 30, "t", "an", None),
    (
        "wood",
        "01",
        "offre",
        "dechets",
        "03 01 05",
        "Sciures et copeaux de bois",
        300,
        "t",
        "an",
        "R1",
    ),
    (
        "wood",
        "02",
        "offre",
        "energie",
        None,
        "Chaleur fatale de la chaudière",
        1200,
        "MWh",
        "an",
        None,
    ),
    ("wood", "03", "besoin", "dechets", None, "Emballages en papier/carton", 12, "t", "an", None),
    (
        "logistics",
        "01",
        "offre",
        "dechets",
        "15 01 02",
        "Films plastiques d'emballage",
        15,
        "t",
        "an",
        "D10",
    ),
    (
        "logistics",
        "02",
        "offre",
        "dechets",
        "15 01 03",
        "Palettes bois cassées",
        60,
        "t",
        "an",
        "R13",
    ),
    # a hazardous waste (asterisk code): its synergy must state its regulatory status
    (
        "metal",
        "04",
        "offre",
        "dechets",
        "12 01 07",
        "Huiles d'usinage usagées",
        8,
        "t",
        "an",
        "R9",
    ),
    (
        "logistics",
        "04",
        "besoin",
        "dechets",
        "12 01 07",
        "Huiles usagées à régénérer",
        10,
        "t",
        "an",
        None,
    ),
    (
        "logistics",
        "03",
        "besoin",
        "services",
        None,
        "Benne partagée pour le carton",
        52,
        "unites",
        "an",
        None,
    ),
)
STAGES = list(SynergyStage)
SYNERGIES = (
    (
        "Palettes de la mécanique vers la conserverie",
        "substitution",
        ("metal", "food"),
        ("metal-01", "food-03"),
    ),
    (
        "Chaleur de la scierie pour le séchage",
        "substitution",
        ("wood", "metal"),
        ("wood-02", "metal-03"),
    ),
    (
        "Régénération des huiles d'usinage",
        "substitution",
        ("metal", "logistics"),
        ("metal-04", "logistics-04"),
    ),
)
MEASURED = {
    "measured_waste_tonnes_avoided": Decimal(30),
    "measured_euros_saved": Decimal(4500),
    "measured_co2e_tonnes_avoided": Decimal("12.5"),
}
ESTIMATED = {"estimated_waste_tonnes_avoided": Decimal(35), "estimated_euros_saved": Decimal(5000)}
# (waste code prefix, material, avoided operation, t CO2e per t, source, year): a starter
# table for the demo only; the animation replaces it with its own sources
FACTORS = (
    ("15 01", "Emballages (bois, carton, plastique)", "D10", "0.9", 2023),
    ("15 01", "Emballages (bois, carton, plastique)", None, "0.5", 2023),
    ("12 01", "Métaux et huiles d'usinage", None, "1.2", 2023),
    ("", "Toute matière", None, "0.3", 2022),
)
FACTOR_SOURCE = "Valeur de démonstration (à remplacer par la Base Empreinte de l'ADEME)"
END_REASONS = {
    SynergyStage.STOPPED: (EndReason.COMPANY_GONE, "Le site receveur a fermé en fin d'année."),
    SynergyStage.ABANDONED: (
        EndReason.ECONOMIC,
        "Le transport coûtait plus que l'élimination actuelle.",
    ),
}
# the path each demo synergy took to its stage
PATHS = {
    SynergyStage.IDEA: [SynergyStage.IDEA],
    SynergyStage.STUDY: [SynergyStage.IDEA, SynergyStage.STUDY],
    SynergyStage.RUNNING: [SynergyStage.IDEA, SynergyStage.STUDY, SynergyStage.RUNNING],
    SynergyStage.STOPPED: [
        SynergyStage.IDEA,
        SynergyStage.STUDY,
        SynergyStage.RUNNING,
        SynergyStage.STOPPED,
    ],
    SynergyStage.ABANDONED: [SynergyStage.IDEA, SynergyStage.STUDY, SynergyStage.ABANDONED],
}
OPPORTUNITIES = (
    ("Filière régionale de recyclage des films plastiques", "15 01 02"),
    ("Réparation mutualisée des palettes bois", "15 01 03"),
)


def nearest_commune(latitude, longitude):
    box = Decimal("0.15")
    nearby = Commune.objects.filter(
        latitude__range=(latitude - box, latitude + box),
        longitude__range=(longitude - box, longitude + box),
    )
    return min(
        nearby,
        key=lambda c: (c.latitude - latitude) ** 2 + (c.longitude - longitude) ** 2,
        default=None,
    )


def _tally(command, kind, created):
    if command is not None:
        command.tally(kind, created)


@transaction.atomic
def seed_flows(command=None):
    ensure_reference()
    territories = list(Territory.objects.filter(is_demo=True, latitude__isnull=False))
    codes = {c.code: c for c in WasteCode.objects.filter(level="rubrique")}
    treatments = {t.code: t for t in TreatmentOperation.objects.all()}
    confirmed = timezone.localdate() - datetime.timedelta(days=60)
    stale = timezone.localdate() - datetime.timedelta(days=460)
    for prefix, material, operation, factor, year in FACTORS:
        _, created = EmissionFactor.objects.get_or_create(
            waste_code_prefix=prefix,
            material=material,
            operation=treatments.get(operation) if operation else None,
            year=year,
            defaults={"factor": Decimal(factor), "source": FACTOR_SOURCE, "is_demo": True},
        )
        _tally(command, "facteurs d'émission", created)
    for index, territory in enumerate(territories):
        sites = {}
        for key, pattern, naf, (dlat, dlon) in SITES:
            latitude = territory.latitude + Decimal(str(dlat))
            longitude = territory.longitude + Decimal(str(dlon))
            site, created = Establishment.objects.get_or_create(
                territory=territory,
                name=pattern.format(n=territory.name.split(" (")[0]),
                defaults={
                    "naf_code": naf,
                    "commune": nearest_commune(latitude, longitude),
                    "latitude": latitude,
                    "longitude": longitude,
                    "contact_name": "Contact fictif",
                    "contact_email": f"{key}.{territory.slug}@exemple.fr",
                    "is_demo": True,
                },
            )
            _tally(command, "établissements (flux)", created)
            sites[key] = site
        flows = {}
        for key, suffix, direction, category, code, designation, qty, unit, freq, treat in FLOWS:
            reference = f"DEMO-{key}-{suffix}"
            flow = Flow.objects.filter(territory=territory, reference=reference).first()
            created = flow is None
            if created:
                flow = Flow(
                    establishment=sites[key],
                    reference=reference,
                    direction=direction,
                    category=category,
                    waste_code=codes.get(code) if code else None,
                    designation=designation,
                    quantity=Decimal(qty) * (1 + Decimal(index % 3) / 4),
                    unit=unit,
                    frequency=freq,
                    treatment=treatments.get(treat) if treat else None,
                    # one flow per territory left unconfirmed for over a year: "à confirmer"
                    confirmed_on=stale if (key, suffix) == ("food", "02") else confirmed,
                    is_demo=True,
                )
                flow.save()
            _tally(command, "flux", created)
            flows[f"{key}-{suffix}"] = flow
        for number, (title, kind, site_keys, flow_keys) in enumerate(SYNERGIES):
            hazardous = "metal-04" in flow_keys
            stage = (
                SynergyStage.RUNNING
                if hazardous
                else STAGES[(index * len(SYNERGIES) + number) % len(STAGES)]
            )
            reason, reason_text = END_REASONS.get(stage, ("", ""))
            synergy, created = Synergy.objects.get_or_create(
                territory=territory,
                title=f"{title} – {territory.name.split(' (')[0]}",
                defaults={
                    "synergy_type": kind,
                    "stage": stage,
                    "started_on": confirmed if stage == SynergyStage.RUNNING else None,
                    "end_reason": reason,
                    "end_reason_text": reason_text,
                    "regulatory_status": RegulatoryStatus.WASTE if hazardous else "",
                    "is_demo": True,
                    **ESTIMATED,
                    **(MEASURED if stage == SynergyStage.RUNNING else {}),
                },
            )
            if created:
                synergy.establishments.set([sites[k] for k in site_keys])
                synergy.flows.set([flows[k] for k in flow_keys])
                seed_history(synergy, reason, reason_text)
                seed_impact(synergy, treatments)
                seed_business_cases(synergy)
            _tally(command, "synergies", created)
    for title, code in OPPORTUNITIES:
        opportunity, created = PoolingOpportunity.objects.get_or_create(
            title=title,
            defaults={"waste_code": codes[code], "status": PoolingStatus.OPEN, "is_demo": True},
        )
        if created:
            opportunity.invited_territories.set(territories)
        _tally(command, "opportunités de mutualisation", created)


def seed_history(synergy, reason, reason_text):
    """The stages the synergy went through, a few months apart, ending in its stage."""
    path = PATHS[SynergyStage(synergy.stage)]
    now = timezone.now()
    synergy.stage_changes.all().delete()
    previous = ""
    for step, stage in enumerate(path):
        ended = stage in (SynergyStage.STOPPED, SynergyStage.ABANDONED)
        StageChange.objects.create(
            synergy=synergy,
            from_stage=previous,
            to_stage=stage,
            changed_at=now - datetime.timedelta(days=120 * (len(path) - step) + 30),
            reason=reason if ended else "",
            reason_text=reason_text if ended else "",
        )
        previous = stage


def seed_impact(synergy, treatments):
    """An estimate for last year, and what running synergies measured these last two."""
    if synergy.stage not in (SynergyStage.RUNNING, SynergyStage.STOPPED):
        return
    this_year = timezone.localdate().year
    waste_code = synergy.main_waste_code()
    rows = [(this_year - 1, ImpactNature.ESTIMATED, Decimal(35), Decimal(5000))]
    rows += [
        (this_year - 2, ImpactNature.MEASURED, Decimal(28), Decimal(4200)),
        (this_year - 1, ImpactNature.MEASURED, Decimal(30), Decimal(4500)),
    ]
    for year, nature, tonnes, euros in rows:
        record = ImpactRecord(
            synergy=synergy,
            year=year,
            nature=nature,
            source="Entreprises (fictif)",
            confidence=Confidence.MEDIUM if nature == ImpactNature.ESTIMATED else Confidence.HIGH,
            waste_tonnes_avoided=tonnes,
            operation_before=treatments.get("D10"),
            operation_after=treatments.get("R3"),
            virgin_material_tonnes=tonnes / 2,
            euros_saved=euros,
            jobs=Decimal(1),
        )
        record.apply_factor(waste_code)
        record.save()


def seed_business_cases(synergy):
    for number, site in enumerate(synergy.establishments.all()):
        BusinessCase.objects.get_or_create(
            synergy=synergy,
            establishment=site,
            defaults={
                "quantity": Decimal(40),
                "price_before": Decimal(95) if number == 0 else Decimal(60),
                "transport_before": Decimal(1200),
                "taxes_before": Decimal(2400) if number == 0 else Decimal(0),
                "price_after": Decimal(0) if number == 0 else Decimal(20),
                "transport_after": Decimal(600),
                "investment": Decimal(3000),
                "notes": "Hypothèses de démonstration.",
            },
        )
