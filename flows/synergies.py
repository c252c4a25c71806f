"""The synergy pipeline's outputs: gains for the dashboard, the experience-feedback draft."""

from django.db.models import Q
from django.utils import timezone

from capitalisation.drafts import (
    FeedbackFlow,
    draft_experience_feedback,
    live_public_feedback_pages,
)
from flows.models import Synergy, SynergyStage
from flows.models.synergies import GAINS

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


def gain_rows(territory=None):
    """Rows for `capitalisation.hooks.SYNERGY_GAINS`: measured gains only, one row per
    synergy and territory it involves."""
    rows = []
    for synergy in running_synergies_not_told(territory):
        gains = synergy.measured_gains()
        if all(value is None for value in gains.values()):
            continue
        territories = {synergy.territory_id} | {
            site.territory_id for site in synergy.establishments.all()
        }
        if territory is not None:
            territories &= {territory.pk}
        for territory_id in sorted(territories):
            rows.append(
                {
                    "pk": ("synergy", synergy.pk),
                    "year": synergy_year(synergy),
                    "territories": territory_id,
                    "jobs": None,
                    **gains,
                }
            )
    return rows


def draft_feedback_for(synergy, user):
    """Draft the experience-feedback page of a running synergy, into the review workflow."""
    flows = list(synergy.flows.select_related("waste_code"))
    establishments = list(synergy.establishments.all())
    categories = sorted({CATEGORY_TO_FEEDBACK_FLOW[flow.category] for flow in flows})
    territories = {synergy.territory_id} | {site.territory_id for site in establishments}
    measured = synergy.measured_gains()
    gains = {
        name: measured[name] if measured[name] is not None else synergy.estimated_gains()[name]
        for name, _, _ in GAINS
    }
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
