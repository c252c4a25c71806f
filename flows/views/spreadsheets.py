"""Spreadsheets both ways: upload (facilitators: own territory; animation: all), the
template, and the export of what the user may see in full."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from flows.access import manages_flows, members_only
from flows.forms import ImportForm
from flows.hazard import code_text
from flows.importing import import_flows
from flows.models import Flow
from flows.spreadsheet import write_csv, write_xlsx
from flows.visibility import identity_filter

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXAMPLE = {
    "reference": "AR-001",
    "territoire": "slug-du-territoire",
    "entreprise": "Nom de l'entreprise",
    "siret": "",
    "code_naf": "25.62B",
    "commune": "Charleville-Mézières",
    "sens": "offre",
    "categorie": "dechets",
    "code_dechet": "15 01 03",
    "designation": "Palettes bois",
    "quantite": "12,5",
    "unite": "t",
    "frequence": "mois",
    "traitement_actuel": "R13",
    "cout_annuel_eur": "1200",
    "date_confirmation": "2026-01-15",
    "contact": "Prénom Nom prenom.nom@exemple.fr",
}


def _download(fmt, rows, filename):
    if fmt not in CONTENT_TYPES:
        raise Http404
    body = write_csv(rows) if fmt == "csv" else write_xlsx(rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _number(value):
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def export_row(flow):
    site = flow.establishment
    return {
        "reference": flow.reference,
        "territoire": flow.territory.slug,
        "entreprise": site.name,
        "siret": site.siret,
        "code_naf": site.naf_code,
        "commune": site.commune.insee_code if site.commune else "",
        "latitude": "" if site.commune else _number(site.latitude),
        "longitude": "" if site.commune else _number(site.longitude),
        "sens": flow.direction,
        "categorie": flow.category,
        "code_dechet": code_text(flow.waste_code),  # "16 06 01*": hazardous, re-imports as is
        "designation": flow.designation,
        "quantite": _number(flow.quantity),
        "unite": flow.unit,
        "frequence": flow.frequency,
        "traitement_actuel": flow.treatment.code if flow.treatment else "",
        "cout_annuel_eur": _number(flow.annual_cost_eur),
        "date_confirmation": flow.confirmed_on.isoformat() if flow.confirmed_on else "",
        "contact": " ".join(
            part for part in (site.contact_name, site.contact_email, site.contact_phone) if part
        ),
    }


def exportable_flows(user):
    """Flows whose identity `user` may see, and nothing else."""
    flows = Flow.objects.select_related(
        "establishment__commune", "territory", "waste_code", "treatment"
    ).order_by("territory__slug", "reference", "pk")
    restriction = identity_filter(user)
    return flows if restriction is None else flows.filter(**restriction)


@members_only
def export(request, fmt):
    rows = (export_row(flow) for flow in exportable_flows(request.user).iterator(chunk_size=2000))
    return _download(fmt, rows, "flux")


def template(request, fmt):
    return _download(fmt, [EXAMPLE], "modele-flux")


@members_only
def upload(request):
    if not manages_flows(request.user):
        raise PermissionDenied
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_flows(
                upload.name,
                upload.read(),
                user=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = ImportForm()
    return render(
        request,
        "flows/import.html",
        {"form": form, "report": report, "territory": request.user.territory},
    )
