"""The yearly report pages (`/indicateurs/bilan/<year>/`, `/territoires/<slug>/bilan/<year>/`)
and the members' funnel page."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from flows import documents
from flows.bilan import build_report, impact_line, report_document
from flows.funnel import MAX_YEAR, MIN_YEAR
from portal.models import Territory


@require_GET
def report(request, year, slug=None):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("Année hors des bornes.")
    territory = get_object_or_404(Territory, slug=slug) if slug else None
    bilan = build_report(year, territory, request.user)
    fmt = request.GET.get("format")
    if fmt in documents.DOCUMENT_TYPES:
        stem = f"bilan-eit-{territory.slug if territory else 'grand-est'}-{year}"
        return documents.download(report_document(bilan), fmt, stem)
    return render(
        request,
        "flows/bilan.html",
        {"report": bilan, "impact_line": impact_line(bilan), "years": range(year - 3, year + 1)},
    )
