"""The public pages of the local programmes: `/territoires/` and `/territoires/<slug>/`.

The territory belongs to the core; what each app knows about it (figures, publications,
events, flows...) comes through the TERRITORY_SECTIONS hook, so portal imports no app.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from portal.caching import on_cache_miss
from portal.hooks import TERRITORY_SECTIONS
from portal.models import Territory
from portal.models.taxonomy import in_french_order
from portal.sections import collect_sections


@require_GET
def territory_index(request):
    territories = in_french_order(Territory.objects.all())
    return render(request, "portal/territory_index.html", {"territories": territories})


@require_GET
def territory_detail(request, slug):
    territory = get_object_or_404(Territory, slug=slug)
    return render(
        request,
        "portal/territory_detail.html",
        {
            "territory": territory,
            "network": on_cache_miss(in_french_order, Territory.objects.all()),
            "sections": on_cache_miss(collect_sections, TERRITORY_SECTIONS, territory, request),
        },
    )
