"""The synergy pipeline's outputs: gains for the dashboard, the experience-feedback draft."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from capitalisation.drafts import (
    FeedbackFlow,
    draft_experience_feedback,
    live_public_feedback_pages,
)
from flows.documents import Document
from flows.hazard import HAZARDOUS_CAUTION, code_text
from flows.models import ImpactNature, ImpactRecord, Synergy, SynergyStage
from flows.models.impact import IMPACT_FIGURES
from flows.models.synergies import GAINS
from portal.numbers import format_number

CATEGORY_TO_FEEDBACK_FLOW = {
    "matieres": FeedbackFlow.MATERIALS,
    "energie": FeedbackFlow.ENERGY,
    "eau": FeedbackFlow.WATER,
    "dechets": FeedbackFlow.WASTE,
    "services": FeedbackFlow.SERVICES,
}


def synergy_year(synergy):
    return (synergy.started_on or timezone.localdate()).year


def running_synergies_not_told(territory=None):
    """Running synergies that no live, public experience-feedback page reports."""
    synergies = Synergy.objects.filter(stage=SynergyStage.RUNNING).exclude(
        experience_feedback__in=live_public_feedback_pages()
    )
    if territory is not None:
        synergies = synergies.filter(
            Q(territory=territory) | Q(establishments__territory=territory)
        ).distinct()
    return synergies.prefetch_related("establishments")


GAIN_FIELDS = [name for name, _, _ in GAINS]


def gain_rows(territory=None):
    """Rows for `capitalisation.hooks.SYNERGY_GAINS`: measured gains only, one row per
    synergy, year and territory it involves. A synergy's measured impact records give one
    row per year (a synergy running three years counts in each of them, once regionally
    per year); a synergy without any keeps its single measured figures, in its start
    year. Three queries whatever the number of synergies, one when none runs."""
    synergies = running_synergies_not_told(territory).prefetch_related(None).order_by()
    legacy = {
        row["pk"]: row
        for row in synergies.values(
            "pk", "territory_id", "started_on", *(f"measured_{name}" for name in GAIN_FIELDS)
        )
    }
    if not legacy:
        return []
    territories = defaultdict(set)
    for pk, row in legacy.items():
        territories[pk].add(row["territory_id"])
    links = Synergy.establishments.through.objects.filter(synergy__in=synergies.values("pk"))
    for pk, territory_id in links.values_list("synergy_id", "establishment__territory_id"):
        territories[pk].add(territory_id)
    by_year = defaultdict(dict)
    records = ImpactRecord.objects.filter(
        synergy__in=synergies.values("pk"), nature=ImpactNature.MEASURED
    ).values("synergy_id", "year", "jobs", *GAIN_FIELDS)
    for record in records:
        by_year[record["synergy_id"]][record["year"]] = {
            **{name: record[name] for name in GAIN_FIELDS},
            "jobs": record["jobs"],
        }
    this_year = timezone.localdate().year
    rows = []
    for pk in sorted(legacy):
        row = legacy[pk]
        years = by_year.get(pk) or {
            (row["started_on"].year if row["started_on"] else this_year): {
                **{name: row[f"measured_{name}"] for name in GAIN_FIELDS},
                "jobs": None,
            }
        }
        shown = territories[pk] & {territory.pk} if territory is not None else territories[pk]
        for year, gains in sorted(years.items()):
            if all(value is None for value in gains.values()):
                continue
            for territory_id in sorted(shown):
                rows.append(
                    {
                        "pk": ("synergy", pk, year),
                        "year": year,
                        "territories": territory_id,
                        **gains,
                    }
                )
    return rows


CENT = Decimal("0.01")


def best_gains(synergy):
    """The latest year's measured impact record, else its estimate, else the synergy's
    own single figures (measured, then estimated)."""
    records = sorted(synergy.impacts.all(), key=lambda r: (r.year, r.nature == "mesure"))
    if records:
        latest = records[-1]
        # the page keeps two decimals (tonnes and MWh are recorded with three)
        values = {name: getattr(latest, name) for name, _, _ in GAINS}
        return {name: None if v is None else v.quantize(CENT) for name, v in values.items()}
    measured = synergy.measured_gains()
    return {
        name: measured[name] if measured[name] is not None else synergy.estimated_gains()[name]
        for name, _, _ in GAINS
    }


def synergy_sheet(synergy, party_labels, sides):
    """The "fiche synergie": one A4 page for the meeting with the companies."""
    document = Document(
        title=f"Fiche synergie : {synergy.title}",
        subtitle=(
            f"{synergy.territory.name} · {synergy.get_synergy_type_display()} · étape : "
            f"{synergy.get_stage_display()} · {timezone.localdate():%d/%m/%Y}"
        ),
    )
    document.paragraph("Entreprises : " + (", ".join(party_labels) or "—"))
    flows = list(synergy.flows.all())
    if flows:
        document.table(
            "Flux échangés",
            ["Sens", "Désignation", "Code déchet", "Quantité annuelle"],
            [
                [
                    flow.get_direction_display(),
                    flow.designation,
                    code_text(flow.waste_code),
                    f"{format_number(flow.annual_quantity)} {flow.annual_unit_label}",
                ]
                for flow in flows
            ],
        )
    if synergy.is_hazardous():
        document.paragraph(HAZARDOUS_CAUTION)
        if synergy.regulatory_status:
            document.paragraph(f"Statut réglementaire : {synergy.get_regulatory_status_display()}.")
    for side in sides:
        case = side["case"]
        document.heading(f"Analyse économique – {side['site'].name}")
        if case is None:
            document.paragraph("Analyse économique à compléter.")
            continue
        document.table(
            f"Coûts de {side['site'].name}",
            ["Poste", "Aujourd'hui (€/an)", "Après la synergie (€/an)"],
            [
                [
                    f"Prix ({format_number(case.quantity)} {case.unit})",
                    case.quantity * case.price_before,
                    case.quantity * case.price_after,
                ],
                ["Transport", case.transport_before, case.transport_after],
                ["Manutention", case.handling_before, case.handling_after],
                ["Taxes (TGAP…)", case.taxes_before, case.taxes_after],
                ["Recettes nouvelles", None, case.revenue_after],
                ["Total des coûts", case.cost_before, case.cost_after],
            ],
        )
        payback = (
            case.payback_problem
            or f"Retour sur investissement : {format_number(case.payback_years)} an(s)."
        )
        document.paragraph(
            f"Économie annuelle : {format_number(case.yearly_saving)} € · investissement et "
            f"coûts ponctuels : {format_number(case.upfront)} € · {payback}"
        )
    impacts = sorted(synergy.impacts.all(), key=lambda r: (r.year, r.nature))
    if impacts:
        document.table(
            "Impact par année",
            ["Année", "Nature"] + [f"{label} ({unit})" for _, label, unit in IMPACT_FIGURES[:5]],
            [
                [r.year, r.get_nature_display()] + [getattr(r, n) for n, _, _ in IMPACT_FIGURES[:5]]
                for r in impacts
            ],
        )
    return document


def draft_feedback_for(synergy, user):
    """Draft the experience-feedback page of a running synergy, into the review workflow."""
    flows = list(synergy.flows.select_related("waste_code"))
    establishments = list(synergy.establishments.all())
    categories = sorted({CATEGORY_TO_FEEDBACK_FLOW[flow.category] for flow in flows})
    territories = {synergy.territory_id} | {site.territory_id for site in establishments}
    gains = best_gains(synergy)
    flow_lines = "\n".join(
        f"- {flow.get_direction_display()} : {flow.designation}"
        + (f" (code déchet {flow.waste_code.code})" if flow.waste_code else "")
        for flow in flows
    )
    page = draft_experience_feedback(
        user=user,
        title=synergy.title,
        summary=(synergy.description or synergy.title)[:600],
        synergy_type=synergy.synergy_type,
        flows=categories,
        year=synergy_year(synergy),
        territories=sorted(territories),
        partner_companies="\n".join(site.name for site in establishments),
        context=(synergy.description + "\n\n" if synergy.description else "")
        + ("Flux concernés :\n\n" + flow_lines if flow_lines else ""),
        gains=gains,
    )
    synergy.experience_feedback = page
    synergy.save(update_fields=["experience_feedback", "updated_at"])
    return page
