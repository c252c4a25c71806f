"""JSON: the matches of a flow (members) and the regional pooling totals."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from flows.filters import FunnelQueryForm, MatchQueryForm, PoolingQueryForm
from flows.funnel import build_funnel
from flows.matching import matched_flows
from flows.models import Flow
from flows.pooling import regional_totals, territory_totals
from flows.visibility import present_flow, sees_flows


def error(message, status=400):
    """The JSON answer to a bad request of the flows' APIs: `{"error": <French message>}`."""
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _number(value):
    return None if value is None else float(value)


def flow_json(flow, user):
    shown = present_flow(flow, user)
    return {
        "flow_id": flow.pk,
        "reference": flow.reference,
        "territory": flow.territory.slug,
        "company": shown["company"],
        "direction": flow.direction,
        "category": flow.category,
        "waste_code": flow.waste_code.code if flow.waste_code else None,
        "hazardous": bool(flow.waste_code and flow.waste_code.hazardous),
        "designation": flow.designation,
        "annual_quantity": _number(shown["annual_quantity"]),
        "annual_quantity_band": shown["annual_quantity_band"],
        "unit": flow.annual_unit,
    }


@require_GET
def matches(request, pk):
    if not sees_flows(request.user):
        return error("Réservé aux membres du réseau connectés.", status=403)
    form = MatchQueryForm(request.GET)
    if not form.is_valid():
        return error(form.first_error())
    radius, mode = form.cleaned_data["radius"], form.cleaned_data["mode"]
    flow = (
        Flow.objects.select_related("establishment", "territory", "waste_code")
        .filter(pk=pk)
        .first()
    )
    if flow is None:
        return error("Flux introuvable.", status=404)
    found = matched_flows(flow, radius_km=radius, pooling=mode == "mutualisation")
    return JsonResponse(
        {
            "flow": flow_json(flow, request.user),
            "radius_km": radius,
            "matches": [
                {
                    **flow_json(other, request.user),
                    "distance_km": match.distance_km,
                    "score": match.score,
                    "reasons": list(match.reasons),
                }
                for match, other in found
            ],
        }
    )


@require_GET
def pooling(request):
    form = PoolingQueryForm(request.GET)
    if not form.is_valid():
        return error(form.first_error())
    scope = form.cleaned_data["scope"]
    if scope.waste_code is None and scope.category is None:
        return error("Indiquez un code déchet (code=15 01 03) ou une catégorie (categorie=).")
    body = {
        "code": scope.waste_code.code if scope.waste_code else None,
        "label": scope.label,
        "hazardous": scope.waste_code.hazardous if scope.waste_code else None,
        "category": scope.category,
        "totals": [
            {**row, "annual_quantity": _number(row["annual_quantity"])}
            for row in regional_totals(scope)
        ],
    }
    if sees_flows(request.user):
        body["territories"] = [
            {
                key: _number(row[key]) if key == "annual_quantity" else row[key]
                for key in ("slug", "name", "direction", "unit", "flows", "establishments")
                + ("annual_quantity",)
            }
            for row in territory_totals(scope)
        ]
    return JsonResponse(body)


@require_GET
def funnel(request):
    """Public counts of the synergy funnel: `?territoire=<slug>&annee=<year>`, both
    optional; a bad parameter answers 400 with a French message."""
    form = FunnelQueryForm(request.GET)
    if not form.is_valid():
        return error(form.first_error())
    return JsonResponse(
        build_funnel(form.cleaned_data["territoire"], form.cleaned_data["annee"]).as_json()
    )
