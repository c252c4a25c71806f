"""JSON: the matches of a flow (members) and the regional pooling totals."""

from decimal import Decimal, InvalidOperation

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from flows.funnel import FunnelQueryError, build_funnel, parse_params
from flows.matching import default_radius_km, matched_flows
from flows.models import Flow
from flows.pooling import PoolingQueryError, parse_scope, regional_totals, territory_totals
from flows.visibility import present_flow, sees_flows
from portal.models import Territory

MAX_RADIUS_KM = 500


def error(message, status=400):
    return JsonResponse({"error": message}, status=status)


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


def _parse_radius(request):
    raw = request.GET.get("radius", "")
    if not raw:
        return default_radius_km()
    try:
        radius = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise ValueError("Le rayon doit être un nombre de kilomètres.") from None
    if not radius.is_finite() or not 0 < radius <= MAX_RADIUS_KM:
        raise ValueError(f"Le rayon doit être compris entre 0 et {MAX_RADIUS_KM} km.")
    return float(radius)


@require_GET
def matches(request, pk):
    if not sees_flows(request.user):
        return error("Réservé aux membres du réseau connectés.", status=403)
    try:
        radius = _parse_radius(request)
    except ValueError as problem:
        return error(str(problem))
    mode = request.GET.get("mode", "echange")
    if mode not in ("echange", "mutualisation"):
        return error("Le mode doit être « echange » ou « mutualisation ».")
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
    try:
        scope = parse_scope(request.GET.get("code"), request.GET.get("categorie"))
    except PoolingQueryError as problem:
        return error(str(problem))
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
    try:
        territory, year = parse_params(
            request.GET.get("territoire", "").strip(),
            request.GET.get("annee", "").strip(),
            list(Territory.objects.only("pk", "slug", "name")),
        )
    except FunnelQueryError as problem:
        return error(str(problem))
    return JsonResponse(build_funnel(territory, year).as_json())
