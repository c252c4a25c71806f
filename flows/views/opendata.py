"""`/donnees/`: the open flow data (see `flows.opendata`), as a page with its DCAT metadata
and as CSV and JSON files, for everyone."""

import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from flows import opendata
from flows.filters import OpenDataQueryForm
from flows.models import Direction
from flows.views.api import error
from portal.links import absolute_url
from portal.numbers import format_number

TITLE = "Flux de ressources offerts et recherchés par intercommunalité"
DESCRIPTION = (
    "Pour chaque année, intercommunalité (EPCI) du Grand Est, chapitre de la liste européenne "
    "des déchets et sens (offre ou besoin) : le nombre d'établissements et le tonnage annuel "
    "déclarés au registre des flux du réseau des animateurs de l'écologie industrielle et "
    "territoriale. Valeurs couvertes par le secret statistique : moins de 3 établissements, "
    "ou un établissement au-delà de 85 % du tonnage, et secret induit."
)
PUBLISHER = "Réseau des animateurs de l'écologie industrielle et territoriale du Grand Est"
FILE_STEM = "flux-eit-grand-est"


def _file_name(year, extension):
    return f"{FILE_STEM}-{year or 'toutes-annees'}.{extension}"


def _json_number(value):
    return None if value is None else float(value)


def dcat(years, extracted_at) -> dict:
    """The DCAT-AP description of the dataset (JSON-LD) a national catalogue harvests."""
    page = absolute_url(reverse("flows:open-data"))
    licence = {"@id": opendata.LICENCE_URL}
    distributions = [
        {
            "@type": "dcat:Distribution",
            "dct:title": f"{TITLE} ({label})",
            "dcat:downloadURL": {"@id": absolute_url(reverse(name))},
            "dcat:accessURL": {"@id": page},
            "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
            "dct:format": label,
            "dct:license": licence,
        }
        for name, label, media in (
            ("flows:open-data-csv", "CSV", "text/csv"),
            ("flows:open-data-json", "JSON", "application/json"),
        )
    ]
    dataset = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "locn": "http://www.w3.org/ns/locn#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:title": TITLE,
        "dct:description": DESCRIPTION,
        "dct:identifier": page,
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": PUBLISHER},
        "dct:license": licence,
        "dct:rights": opendata.LICENCE_NAME,
        "dct:modified": {"@value": extracted_at.isoformat(), "@type": "xsd:dateTime"},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dct:spatial": {"@type": "dct:Location", "locn:geographicName": "Grand Est"},
        "dct:accrualPeriodicity": {
            "@id": "http://publications.europa.eu/resource/authority/frequency/CONT"
        },
        "dcat:keyword": [
            "écologie industrielle et territoriale",
            "déchets",
            "économie circulaire",
            "intercommunalité",
            "Grand Est",
        ],
        "dcat:landingPage": {"@id": page},
        "dcat:distribution": distributions,
    }
    if years:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": f"{min(years)}-01-01", "@type": "xsd:date"},
            "dcat:endDate": {"@value": f"{max(years)}-12-31", "@type": "xsd:date"},
        }
    return dataset


def _json_ld(data) -> str:
    """JSON for a <script> element: <, > and & escaped so that no text closes it."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - escaped just above
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def _bad_year(request, message):
    return render(
        request,
        "flows/open_data.html",
        {"error": message, "dictionary": opendata.DICTIONARY, "licence": _licence()},
        status=400,
    )


def _shown(row) -> dict:
    """A row with its numbers in French notation, for the page's tables."""
    return {
        **row,
        "establishments_text": format_number(row["etablissements"], empty="secret"),
        "tonnes_text": format_number(row["tonnes_par_an"], empty="secret"),
    }


def _licence():
    return {"name": opendata.LICENCE_NAME, "url": opendata.LICENCE_URL}


@require_GET
def open_data(request):
    form = OpenDataQueryForm(request.GET)
    if not form.is_valid():
        return _bad_year(request, form.first_error())
    year = form.cleaned_data["annee"]
    years = opendata.years()
    if year is None and years:
        year = years[0]
    rows = opendata.rows(year) if year is not None else []
    extracted_at = timezone.now()
    tables = [
        {
            "direction": label,
            "rows": [_shown(row) for row in rows if row["sens"] == value],
        }
        for value, label in Direction.choices
    ]
    context = {
        "year": year,
        "years": years,
        "tables": tables,
        "has_rows": bool(rows),
        "dictionary": opendata.DICTIONARY,
        "licence": _licence(),
        "extracted_at": extracted_at,
        "min_establishments": opendata.MIN_ESTABLISHMENTS,
        "dominance_percent": int(opendata.DOMINANCE_SHARE * 100),
        "dcat": _json_ld(dcat(years, extracted_at)),
    }
    return render(request, "flows/open_data.html", context)


@require_GET
def open_data_csv(request):
    form = OpenDataQueryForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            form.first_error(), status=400, content_type="text/plain; charset=utf-8"
        )
    year = form.cleaned_data["annee"]
    response = HttpResponse(
        opendata.as_csv(opendata.rows(year)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(year, "csv")}"'
    response["X-Extraction-Date"] = timezone.now().isoformat()
    return response


@require_GET
def open_data_json(request):
    form = OpenDataQueryForm(request.GET)
    if not form.is_valid():
        return error(form.first_error())
    year = form.cleaned_data["annee"]
    rows = [
        {**row, "tonnes_par_an": _json_number(row["tonnes_par_an"])} for row in opendata.rows(year)
    ]
    body = {
        "titre": TITLE,
        "description": DESCRIPTION,
        "producteur": PUBLISHER,
        "licence": {"nom": opendata.LICENCE_NAME, "url": opendata.LICENCE_URL},
        "date_extraction": timezone.now().isoformat(),
        "annee": year,
        "secret_statistique": {
            "etablissements_minimum": opendata.MIN_ESTABLISHMENTS,
            "part_maximale_d_un_etablissement": float(opendata.DOMINANCE_SHARE),
            "secret_induit": True,
        },
        "dictionnaire": [
            {"colonne": name, "type": kind, "description": text}
            for name, kind, text in opendata.DICTIONARY
        ],
        "donnees": rows,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{_file_name(year, "json")}"'
    return response
