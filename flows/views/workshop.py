"""The workshop page: choose establishments, print or download the sheet, enter ideas."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from flows import documents
from flows.access import manages_flows, members_only
from flows.forms import SynergyIdeaForm, WorkshopForm
from flows.models import Establishment, SynergyStage
from flows.visibility import identity_filter
from flows.workshop import as_document, build_sheet


def sheet_query(establishments) -> str:
    """The workshop's own filter (the chosen establishments), never the POST body: the
    CSRF token and the idea's text stay out of URLs, logs and Referer headers."""
    return urlencode({"establishments": [site.pk for site in establishments]}, doseq=True)


def selectable(user):
    sites = Establishment.objects.select_related("territory").order_by("territory__name", "name")
    restriction = identity_filter(user)
    return sites if restriction is None else sites.filter(**restriction)


@members_only
def workshop(request):
    if not manages_flows(request.user):
        raise PermissionDenied
    queryset = selectable(request.user)
    data = request.POST if request.method == "POST" else request.GET
    form = WorkshopForm(data if "establishments" in data else None, queryset=queryset)
    sheet = None
    idea_form = SynergyIdeaForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        establishments = list(form.cleaned_data["establishments"])
        if request.method == "POST":
            if idea_form.is_valid():
                synergy = idea_form.save(commit=False)
                synergy.stage = SynergyStage.IDEA
                synergy.territory = establishments[0].territory
                synergy.save()
                synergy.establishments.set(establishments)
                messages.success(
                    request, f"Idée « {synergy.title} » enregistrée à l'étape « Idée »."
                )
                return redirect(f"{request.path}?{sheet_query(establishments)}")
        sheet = build_sheet(establishments)
        fmt = request.GET.get("format")
        if fmt in documents.DOCUMENT_TYPES:
            return documents.download(as_document(sheet), fmt, "atelier-synergies")
    return render(
        request,
        "flows/workshop.html",
        {"form": form, "sheet": sheet, "idea_form": idea_form, "query": request.GET.urlencode()},
    )
