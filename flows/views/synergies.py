"""The synergy pipeline: list, creation from a match / pooling opportunity / workshop,
progress (idée → en fonctionnement, with the funnel's history), business case per
company, yearly impact records, the "fiche synergie" and the experience feedback."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from capitalisation.drafts import NoKnowledgeSection
from flows import documents
from flows.access import manages_flows, members_only
from flows.filters import SynergyFilter
from flows.forms import (
    BusinessCaseForm,
    ImpactRecordForm,
    SynergyCreateForm,
    SynergyProgressForm,
)
from flows.hazard import HAZARDOUS_CAUTION
from flows.models import (
    BusinessCase,
    Establishment,
    Flow,
    ImpactRecord,
    PoolingOpportunity,
    Synergy,
    SynergyStage,
)
from flows.models.impact import IMPACT_FIGURES
from flows.synergies import draft_feedback_for, synergy_sheet
from flows.visibility import anonymous_label, sees_identity
from portal.models import Territory
from portal.roles import is_regional_animator

MAX_CANDIDATE_FLOWS = 40


def manages_synergy(user, synergy):
    return is_regional_animator(user) or getattr(user, "territory_id", None) == synergy.territory_id


def party_label(site, user):
    return (
        site.name if sees_identity(user, site.territory_id) else f"{site.sector} ({site.territory})"
    )


def parties(synergy, user):
    """The establishments of a synergy as `user` may see them."""
    return [party_label(site, user) for site in synergy.establishments.all()]


@members_only
def synergy_list(request):
    synergies = Synergy.objects.select_related("territory").prefetch_related(
        "establishments__territory"
    )
    filterset = SynergyFilter(request.GET, queryset=synergies)
    valid = filterset.is_valid()
    synergies = filterset.qs if valid else []
    rows = [{"synergy": s, "parties": parties(s, request.user)} for s in synergies]
    return render(
        request,
        "flows/synergy_list.html",
        {
            "rows": rows,
            "stages": SynergyStage.choices,
            "stage": filterset.form.cleaned_data.get("etape") if valid else None,
            "filter": filterset,
            "manages_flows": manages_flows(request.user),
        },
        status=200 if valid else 400,
    )


def creation_candidates(request):
    """(flows, establishments, pooling opportunity, pre-checked flows and sites) from the
    query string: `flux` (a match's two flows), `mutualisation` (an opportunity),
    `etablissement` (the workshop's establishments)."""
    params = request.POST if request.method == "POST" else request.GET
    ids = [int(v) for v in params.getlist("flux") if v.isdigit()][:MAX_CANDIDATE_FLOWS]
    site_ids = [int(v) for v in params.getlist("etablissement") if v.isdigit()][:50]
    opportunity = None
    opportunity_id = params.get("mutualisation", "")
    active = Flow.objects.active()
    query = Q(pk__in=ids)
    if opportunity_id.isdigit():
        opportunity = get_object_or_404(PoolingOpportunity, pk=int(opportunity_id))
        scoped = active.filter(territory__in=opportunity.invited_territories.all())
        if opportunity.waste_code_id:
            scoped = scoped.filter(waste_code_id=opportunity.waste_code_id)
        elif opportunity.category:
            scoped = scoped.filter(category=opportunity.category)
        query |= Q(pk__in=scoped.values("pk")[:MAX_CANDIDATE_FLOWS])
    if site_ids:
        query |= Q(establishment_id__in=site_ids)
    flows = active.filter(query).select_related(
        "establishment__territory", "territory", "waste_code"
    )
    flows = flows.order_by("direction", "pk")[:MAX_CANDIDATE_FLOWS]
    flow_ids = [flow.pk for flow in flows]
    site_query = Q(pk__in=site_ids) | Q(flows__pk__in=flow_ids)
    sites = Establishment.objects.filter(site_query).distinct().select_related("territory")
    checked_flows = [pk for pk in flow_ids if pk in ids]
    checked_sites = sorted(
        set(site_ids) | {f.establishment_id for f in flows if f.pk in checked_flows}
    )
    return flows, sites, opportunity, checked_flows, checked_sites


@members_only
def synergy_create(request):
    """A facilitator turns a match, a pooling opportunity or a workshop's establishments
    into a synergy at the "Idée" stage (the Wagtail admin remains for corrections)."""
    user = request.user
    if not manages_flows(user):
        raise PermissionDenied
    flows, sites, opportunity, checked_flows, checked_sites = creation_candidates(request)
    flows = list(flows)
    labels = {
        "flows": {
            flow.pk: (
                f"{flow.get_direction_display()} : {flow.designation}"
                + (f" ({flow.waste_code.display})" if flow.waste_code_id else "")
                + " – "
                + (
                    flow.establishment.name
                    if sees_identity(user, flow.territory_id)
                    else anonymous_label(flow)
                )
            )
            for flow in flows
        },
        "sites": {site.pk: party_label(site, user) for site in sites},
    }
    territories = (
        Territory.objects.order_by("name")
        if is_regional_animator(user)
        else Territory.objects.filter(pk=user.territory_id)
    )
    default_territory = user.territory_id or next(
        (flow.territory_id for flow in flows if flow.pk in checked_flows), None
    )
    title = ""
    if opportunity:
        title = opportunity.title
    elif checked_flows:  # the offer names the synergy
        chosen = [flow for flow in flows if flow.pk in checked_flows]
        title = min(chosen, key=lambda flow: flow.direction != "offre").designation
    form = SynergyCreateForm(
        request.POST if request.method == "POST" else None,
        initial={
            "title": title[:200],
            "territory": default_territory,
            "synergy_type": "substitution",
            "flows": checked_flows,
            "establishments": checked_sites,
        },
        flows=Flow.objects.filter(pk__in=[flow.pk for flow in flows]),
        establishments=sites,
        territories=territories,
        labels=labels,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            synergy = form.save(commit=False)
            synergy.stage = SynergyStage.IDEA
            synergy.pooling_opportunity = opportunity
            synergy.changed_by = user
            synergy.save()
            form.save_m2m()
        messages.success(request, f"Synergie « {synergy.title} » créée à l'étape « Idée ».")
        return redirect("flows:synergy", pk=synergy.pk)
    hazardous = any(flow.waste_code_id and flow.waste_code.hazardous for flow in flows)
    return render(
        request,
        "flows/synergy_create.html",
        {
            "form": form,
            "opportunity": opportunity,
            "has_candidates": bool(flows or sites),
            "candidate_flows": [flow.pk for flow in flows],
            "candidate_sites": [site.pk for site in sites],
            "hazardous_caution": HAZARDOUS_CAUTION if hazardous else "",
            "manages_flows": True,
        },
    )


def business_sides(synergy, user):
    """Each company's business case that `user` may read: the sides of the companies
    whose identity they see (each company sees its own side)."""
    cases = {case.establishment_id: case for case in synergy.business_cases.all()}
    return [
        {"site": site, "case": cases.get(site.pk)}
        for site in synergy.establishments.all()
        if sees_identity(user, site.territory_id)
    ]


def load_synergy(pk):
    return get_object_or_404(
        Synergy.objects.select_related("territory", "experience_feedback").prefetch_related(
            "establishments__territory",
            "flows__waste_code",
            "business_cases",
            "impacts__operation_before",
            "impacts__operation_after",
            "stage_changes__changed_by",
        ),
        pk=pk,
    )


@members_only
def synergy_detail(request, pk):
    synergy = load_synergy(pk)
    can_manage = manages_synergy(request.user, synergy)
    form = SynergyProgressForm(request.POST or None, instance=synergy) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            if form.has_changed():
                form.instance.changed_by = request.user
                form.save()
                messages.success(request, "Synergie mise à jour.")
            else:
                messages.info(request, "Aucune modification à enregistrer.")
            return redirect("flows:synergy", pk=synergy.pk)
    return render(
        request,
        "flows/synergy_detail.html",
        {
            "synergy": synergy,
            "parties": parties(synergy, request.user),
            "sides": business_sides(synergy, request.user) if can_manage else [],
            "impacts": synergy.impacts.all(),
            "impact_figures": IMPACT_FIGURES,
            "changes": synergy.stage_changes.all(),
            "hazardous_caution": HAZARDOUS_CAUTION if synergy.is_hazardous() else "",
            "form": form,
            "can_manage": can_manage,
            "can_draft": can_manage
            and synergy.stage == SynergyStage.RUNNING
            and synergy.experience_feedback_id is None,
        },
    )


def managed_synergy(request, pk):
    synergy = load_synergy(pk)
    if not manages_synergy(request.user, synergy):
        raise PermissionDenied
    return synergy


@members_only
def business_case(request, pk, site_pk):
    synergy = managed_synergy(request, pk)
    site = get_object_or_404(synergy.establishments.all(), pk=site_pk)
    if not sees_identity(request.user, site.territory_id):
        raise PermissionDenied
    case = BusinessCase.objects.filter(synergy=synergy, establishment=site).first()
    if case is None:
        case = BusinessCase(synergy=synergy, establishment=site, **quantity_of(synergy, site))
    form = BusinessCaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        case = form.save()
        messages.success(request, f"Analyse économique de {site.name} enregistrée.")
        if case.payback_problem:
            messages.warning(request, case.payback_problem)
        return redirect("flows:synergy", pk=synergy.pk)
    return render(
        request,
        "flows/business_case_form.html",
        {"synergy": synergy, "site": site, "form": form, "case": case},
    )


def quantity_of(synergy, site):
    """A new business case starts from the company's own flow in the synergy."""
    for flow in synergy.flows.all():
        if flow.establishment_id == site.pk:
            return {"quantity": flow.annual_quantity, "unit": flow.annual_unit or "t"}
    return {}


@members_only
def impact_record(request, pk, record_pk=None):
    synergy = managed_synergy(request, pk)
    record = None
    if record_pk is not None:
        record = get_object_or_404(ImpactRecord, pk=record_pk, synergy=synergy)
    form = ImpactRecordForm(request.POST or None, instance=record, synergy=synergy)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        if form.cleaned_data.get("recompute_factor"):
            record.co2e_factor = None
            record.co2e_factor_source = ""
        record.apply_factor(synergy.main_waste_code())
        record.save()
        messages.success(
            request, f"Bilan {record.get_nature_display().lower()} {record.year} enregistré."
        )
        return redirect("flows:synergy", pk=synergy.pk)
    return render(
        request,
        "flows/impact_form.html",
        {"synergy": synergy, "form": form, "record": record},
    )


@members_only
def synergy_fiche(request, pk):
    """The one-page A4 "fiche synergie" a facilitator brings to the meeting: HTML to
    print, DOCX or ODT; `?entreprise=<id>` keeps one company's side only."""
    synergy = managed_synergy(request, pk)
    sides = business_sides(synergy, request.user)
    company = request.GET.get("entreprise", "")
    if company:
        sides = [side for side in sides if str(side["site"].pk) == company]
        if not sides:
            raise PermissionDenied
    sheet = synergy_sheet(synergy, parties(synergy, request.user), sides)
    fmt = request.GET.get("format")
    if fmt in documents.DOCUMENT_TYPES:
        return documents.download(sheet, fmt, f"fiche-synergie-{synergy.pk}")
    return render(
        request,
        "flows/synergy_fiche.html",
        {"synergy": synergy, "sheet": sheet, "query": request.GET.urlencode()},
    )


@require_POST
@members_only
def draft_feedback(request, pk):
    synergy = get_object_or_404(Synergy, pk=pk)
    if not manages_synergy(request.user, synergy):
        raise PermissionDenied
    if synergy.stage != SynergyStage.RUNNING or synergy.experience_feedback_id:
        messages.error(
            request,
            "Seule une synergie en fonctionnement sans retour d'expérience peut en avoir un.",
        )
        return redirect("flows:synergy", pk=synergy.pk)
    try:
        page = draft_feedback_for(synergy, request.user)
    except NoKnowledgeSection as problem:
        messages.error(request, str(problem))
        return redirect("flows:synergy", pk=synergy.pk)
    messages.success(
        request,
        f"Brouillon « {page.title} » créé et soumis à la relecture de l'animation régionale.",
    )
    return redirect("flows:synergy", pk=synergy.pk)
