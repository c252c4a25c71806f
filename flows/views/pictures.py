"""The map of establishments and flows, and the Sankey diagrams, each with its table."""

from django.http import Http404
from django.shortcuts import render

from flows.access import members_only
from flows.maps import site_markers, territory_markers
from flows.pictures import sankey_links, visible_site_flows
from flows.pooling import PoolingScope, territory_totals
from flows.sankey import layout
from portal.geo import ATTRIBUTION, departements, projection
from portal.models import Territory
from portal.query_forms import TerritoryQueryForm

SANKEY_WIDTH, SANKEY_HEIGHT = 640, 360


def _territory(request):
    """`?territoire=`: the territory, None for the region; 404 for an unknown one."""
    form = TerritoryQueryForm(request.GET)
    if not form.is_valid():
        raise Http404(form.first_error())
    return form.cleaned_data["territoire"]


@members_only
def flows_map(request):
    territory = _territory(request)
    sites = site_markers(visible_site_flows(request.user, territory))
    for marker in sites:
        marker["r"] = 4
    rows = [
        row
        for row in territory_totals(PoolingScope())
        if territory is None or row["territory_id"] == territory.pk
    ]
    return render(
        request,
        "flows/map.html",
        {
            "territory": territory,
            "territories": Territory.objects.order_by("name"),
            "sites": sites,
            "territory_markers": territory_markers(rows),
            "territory_rows": rows,
            "departements": departements(),
            "view_box": projection().view_box,
            "attribution": ATTRIBUTION,
        },
    )


def sankey(request):
    territory = _territory(request)
    links = sankey_links(territory)
    nodes, bands = layout(links, SANKEY_WIDTH, SANKEY_HEIGHT)
    return render(
        request,
        "flows/sankey.html",
        {
            "territory": territory,
            "territories": Territory.objects.order_by("name"),
            "links": links,
            "nodes": nodes,
            "bands": bands,
            "width": SANKEY_WIDTH + 260,
            "height": SANKEY_HEIGHT,
        },
    )
