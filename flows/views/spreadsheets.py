"""Spreadsheets both ways: upload (facilitators: own territory; animation: all), the
template, and the export of what the user may see in full."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from flows.access import manages_flows, members_only
from flows.forms import ImportForm
from flows.hazard import code_text
from flows.importing import import_flows
from flows.models import Flow
from flows.spreadsheet import EXPORT_COLUMNS, EXPORT_HEADERS, HEADERS
from flows.visibility import identity_filter
from portal.spreadsheets import Table, download

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
    "quantite": Decimal("12.5"),
    "unite": "t",
    "frequence": "mois",
    "traitement_actuel": "R13",
    "cout_annuel_eur": Decimal(1200),
    "date_confirmation": datetime.date(2026, 1, 15),
    "contact": "Prénom Nom prenom.nom@exemple.fr",
}


def _download(fmt, rows, filename, headers=EXPORT_HEADERS):
    """CSV, XLSX or ODS (portal.spreadsheets: typed cells, French formats, safe text)."""
    columns = [EXPORT_COLUMNS[EXPORT_HEADERS.index(header)] for header in headers]
    table = Table("flux", columns, ([row.get(h) for h in headers] for row in rows))
    return download(fmt, [table], filename)


def export_row(flow):
    site = flow.establishment
    return {
        "reference": flow.reference,
        "territoire": flow.territory.slug,
        "entreprise": site.name,
        "siret": site.siret,
        "code_naf": site.naf_code,
        "commune": site.commune.insee_code if site.commune else "",
        "nom_commune": site.commune.name if site.commune else "",
        "latitude": None if site.commune else site.latitude,
        "longitude": None if site.commune else site.longitude,
        "sens": flow.direction,
        "categorie": flow.category,
        "code_dechet": code_text(flow.waste_code),  # "16 06 01*": hazardous, re-imports as is
        "designation": flow.designation,
        "quantite": flow.quantity,
        "unite": flow.unit,
        "frequence": flow.frequency,
        "traitement_actuel": flow.treatment.code if flow.treatment else "",
        "cout_annuel_eur": flow.annual_cost_eur,
        "date_confirmation": flow.confirmed_on,
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
    return _download(fmt, [EXAMPLE], "modele-flux", HEADERS)  # the import's columns only


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
