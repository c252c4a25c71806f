"""The synergy pipeline: list, progress (idée → en fonctionnement), experience feedback."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from capitalisation.drafts import NoKnowledgeSection
from flows.access import members_only
from flows.filters import SynergyFilter
from flows.forms import SynergyProgressForm
from flows.models import Synergy, SynergyStage
from flows.models.synergies import GAINS
from flows.synergies import draft_feedback_for
from flows.visibility import sees_identity
from portal.roles import is_regional_animator


def manages_synergy(user, synergy):
    return is_regional_animator(user) or getattr(user, "territory_id", None) == synergy.territory_id


def parties(synergy, user):
    """The establishments of a synergy as `user` may see them."""
    return [
        site.name if sees_identity(user, site.territory_id) else f"{site.sector} ({site.territory})"
        for site in synergy.establishments.all()
    ]


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
        },
        status=200 if valid else 400,
    )


@members_only
def synergy_detail(request, pk):
    synergy = get_object_or_404(
        Synergy.objects.select_related("territory", "experience_feedback"), pk=pk
    )
    can_manage = manages_synergy(request.user, synergy)
    form = SynergyProgressForm(request.POST or None, instance=synergy) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            if form.has_changed():
                form.save()
                messages.success(request, "Synergie mise à jour.")
            else:
                messages.info(request, "Aucune modification à enregistrer.")
            return redirect("flows:synergy", pk=synergy.pk)
    gains = [
        {
            "label": label,
            "unit": unit,
            "estimated": getattr(synergy, f"estimated_{name}"),
            "measured": getattr(synergy, f"measured_{name}"),
        }
        for name, label, unit in GAINS
    ]
    return render(
        request,
        "flows/synergy_detail.html",
        {
            "synergy": synergy,
            "parties": parties(synergy, request.user),
            "gains": gains,
            "form": form,
            "can_manage": can_manage,
            "can_draft": can_manage
            and synergy.stage == SynergyStage.RUNNING
            and synergy.experience_feedback_id is None,
        },
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
