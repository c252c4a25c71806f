"""The yearly report ("bilan") of the region or of one territory: indicators, synergies
by stage, impact (estimated beside measured), funnel and pooled flows.

The regional report lives here rather than in `capitalisation/` because it needs both the
indicator data and the flows data: `flows/` may read `capitalisation.dashboard` (its
documented entry point, `build_dashboard`), never the other way round.

Anonymous visitors (and members outside the territory) get totals only; the members of
the territory and the regional animation also get the per-synergy tables.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from capitalisation.dashboard import build_dashboard
from flows.documents import Document
from flows.funnel import build_funnel
from flows.hazard import code_text
from flows.models import (
    Category,
    ImpactNature,
    ImpactRecord,
    PoolingOpportunity,
    RegulatoryStatus,
    Synergy,
    SynergyStage,
)
from flows.models.impact import IMPACT_FIGURES
from portal.models import Territory
from portal.numbers import format_number
from portal.roles import is_network_member, is_regional_animator


def sees_details(user, territory):
    """Per-synergy tables: the animation always, a territory's members for its report."""
    if is_regional_animator(user):
        return True
    return (
        territory is not None
        and is_network_member(user)
        and getattr(user, "territory_id", None) == territory.pk
    )


@dataclass
class Report:
    year: int
    territory: object
    detailed: bool
    indicators: list = field(default_factory=list)  # [{title, unit, value, gain}]
    stages: list = field(default_factory=list)  # [{label, count}]
    impact: list = field(default_factory=list)  # [{label, unit, estimated, measured}]
    waste_by_operation: list = field(default_factory=list)  # [{before, after, tonnes}]
    funnel: object = None
    pooling: list = field(default_factory=list)  # [{title, code, status, territories}]
    synergies: list = field(default_factory=list)  # per-synergy rows (detailed only)

    @property
    def scope(self):
        return self.territory.name if self.territory else "Grand Est"


def build_report(year, territory=None, user=None):
    detailed = sees_details(user, territory)
    synergies = Synergy.objects.all()
    if territory is not None:
        synergies = synergies.filter(territory=territory)
    report = Report(year=year, territory=territory, detailed=detailed)
    territories = list(Territory.objects.order_by("name"))
    dashboard = build_dashboard(user, territories, year=year, territory=territory)
    for series in dashboard.series:
        value, gain = series.totals.get(year), series.gains.get(year)
        if value is None and gain is None:
            continue
        report.indicators.append(
            {
                "title": series.indicator.title,
                "unit": series.indicator.unit,
                "value": value,
                "gain": gain,
            }
        )
    counts = dict(synergies.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    report.stages = [
        {"stage": stage.value, "label": stage.label, "count": counts.get(stage.value, 0)}
        for stage in SynergyStage
    ]
    records = ImpactRecord.objects.filter(year=year, synergy__in=synergies)
    sums = records.aggregate(
        **{
            f"{nature}_{name}": Sum(name, filter=Q(nature=nature))
            for nature in ImpactNature.values
            for name, _, _ in IMPACT_FIGURES
        }
    )
    report.impact = [
        {
            "label": label,
            "unit": unit,
            "estimated": sums[f"{ImpactNature.ESTIMATED}_{name}"],
            "measured": sums[f"{ImpactNature.MEASURED}_{name}"],
        }
        for name, label, unit in IMPACT_FIGURES
    ]
    by_operation = (
        records.filter(nature=ImpactNature.MEASURED, waste_tonnes_avoided__isnull=False)
        .values("operation_before__code", "operation_after__code")
        .annotate(tonnes=Sum("waste_tonnes_avoided"))
        .order_by("operation_before__code", "operation_after__code")
    )
    report.waste_by_operation = [
        {
            "before": row["operation_before__code"] or "non précisée",
            "after": row["operation_after__code"] or "non précisée",
            "tonnes": row["tonnes"],
        }
        for row in by_operation
    ]
    report.funnel = build_funnel(territory, year)
    opportunities = PoolingOpportunity.objects.select_related("waste_code").annotate(
        invited=Count("invited_territories", distinct=True),
        synergy_count=Count("synergies", distinct=True),
    )
    if territory is not None:
        opportunities = opportunities.filter(invited_territories=territory)
    member = is_network_member(user)  # opportunities are named to members only
    report.pooling = [
        {
            "title": item.title if member else f"Mutualisation : {opportunity_scope(item)}",
            "code": code_text(item.waste_code),
            "status": item.get_status_display(),
            "territories": item.invited,
            "synergies": item.synergy_count,
        }
        for item in opportunities.order_by("title")
    ]
    if detailed:
        report.synergies = synergy_rows(synergies, year)
    return report


def opportunity_scope(item):
    if item.waste_code_id:
        return code_text(item.waste_code)
    return Category(item.category).label if item.category in Category.values else "flux divers"


def synergy_rows(synergies, year):
    """One row per synergy: stage, and the year's waste, CO2e and money estimated beside
    measured (two queries whatever the number of synergies)."""
    figures = defaultdict(dict)
    for row in ImpactRecord.objects.filter(year=year, synergy__in=synergies).values(
        "synergy_id", "nature", "waste_tonnes_avoided", "co2e_tonnes_avoided", "euros_saved"
    ):
        figures[row["synergy_id"]][row["nature"]] = row
    hazardous = set(
        synergies.filter(flows__waste_code__hazardous=True).values_list("pk", flat=True)
    )
    stages = dict(SynergyStage.choices)
    statuses = dict(RegulatoryStatus.choices)
    rows = []
    for synergy in synergies.order_by("territory__name", "title").values(
        "pk", "title", "territory__name", "stage", "regulatory_status"
    ):
        estimated = figures[synergy["pk"]].get(ImpactNature.ESTIMATED, {})
        measured = figures[synergy["pk"]].get(ImpactNature.MEASURED, {})
        rows.append(
            {
                "pk": synergy["pk"],
                "title": synergy["title"],
                "territory": synergy["territory__name"],
                "stage": stages.get(synergy["stage"], synergy["stage"]),
                "hazardous": synergy["pk"] in hazardous,
                "regulatory_status": statuses.get(synergy["regulatory_status"], ""),
                "estimated_waste": estimated.get("waste_tonnes_avoided"),
                "measured_waste": measured.get("waste_tonnes_avoided"),
                "estimated_co2e": estimated.get("co2e_tonnes_avoided"),
                "measured_co2e": measured.get("co2e_tonnes_avoided"),
                "estimated_euros": estimated.get("euros_saved"),
                "measured_euros": measured.get("euros_saved"),
            }
        )
    return rows


SYNERGY_HEADERS = [
    "Synergie",
    "Territoire",
    "Étape",
    "Déchet dangereux",
    "Statut réglementaire",
    "Déchets évités estimés (t)",
    "Déchets évités mesurés (t)",
    "CO2e évitées estimées (t)",
    "CO2e évitées mesurées (t)",
    "Économies estimées (€)",
    "Économies mesurées (€)",
]


def report_document(report):
    """The report as a `flows.documents.Document` (DOCX, ODT, XLSX)."""
    document = Document(
        title=f"Bilan {report.year} de l'écologie industrielle et territoriale – {report.scope}",
        subtitle="Réseau des démarches d'EIT du Grand Est. Valeurs validées et bilans "
        "d'impact des synergies ; chiffres estimés et mesurés présentés côte à côte.",
    )
    document.heading("Indicateurs")
    document.table(
        "Indicateurs",
        ["Indicateur", "Unité", f"Valeur {report.year}", "Gains documentés"],
        [[r["title"], r["unit"], r["value"], r["gain"]] for r in report.indicators],
    )
    document.heading("Synergies par étape")
    document.table(
        "Synergies par étape",
        ["Étape", "Synergies aujourd'hui", f"Entrées en {report.year}"],
        [
            [row["label"], row["count"], report.funnel.entries.get(row["stage"], 0)]
            for row in report.stages
        ],
    )
    document.heading("Impact")
    document.table(
        "Impact",
        ["Impact", "Unité", "Estimé", "Mesuré"],
        [[r["label"], r["unit"], r["estimated"], r["measured"]] for r in report.impact],
    )
    if report.waste_by_operation:
        document.table(
            "Déchets évités par destination",
            ["Destination évitée", "Nouvelle destination", "Tonnes"],
            [[r["before"], r["after"], r["tonnes"]] for r in report.waste_by_operation],
        )
    document.heading("Entonnoir des synergies")
    document.table(
        "Conversion",
        ["Passage", "Entrées", "Passées à l'étape suivante", "Taux (%)"],
        [
            [
                row["label"],
                row["entered"],
                row["converted"],
                None if row["rate"] is None else Decimal(str(row["rate"])) * 100,
            ]
            for row in report.funnel.conversion
        ],
    )
    document.table(
        "Durée médiane par étape",
        ["Étape", "Durée médiane (jours)", "Séjours terminés"],
        [[row["label"], row["days"], row["stays"]] for row in report.funnel.median_days],
    )
    document.table(
        "Raisons d'arrêt ou d'abandon",
        ["Raison", "Synergies"],
        [[row["label"], row["count"]] for row in report.funnel.reasons],
    )
    document.heading("Flux mutualisés")
    document.table(
        "Mutualisations",
        ["Opportunité", "Code déchet", "État", "Territoires invités", "Synergies"],
        [
            [r["title"], r["code"], r["status"], r["territories"], r["synergies"]]
            for r in report.pooling
        ],
    )
    if report.detailed:
        document.heading("Synergies une à une")
        document.table(
            "Synergies",
            SYNERGY_HEADERS,
            [
                [
                    r["title"],
                    r["territory"],
                    r["stage"],
                    "oui" if r["hazardous"] else "non",
                    r["regulatory_status"],
                    r["estimated_waste"],
                    r["measured_waste"],
                    r["estimated_co2e"],
                    r["measured_co2e"],
                    r["estimated_euros"],
                    r["measured_euros"],
                ]
                for r in report.synergies
            ],
        )
    return document


def impact_line(report):
    """A sentence of the year's measured impact, for the page's introduction."""
    measured = {row["label"]: row for row in report.impact if row["measured"] is not None}
    return " · ".join(
        f"{label} : {format_number(row['measured'])} {row['unit']}"
        for label, row in measured.items()
    )
