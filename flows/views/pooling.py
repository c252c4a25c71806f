"""Regional pooling page, and the opportunities the regional animation opens and follows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from flows.access import animator_only, manages_flows, members_only
from flows.filters import PoolingQueryForm
from flows.forms import OpenPoolingForm, PoolingFollowForm
from flows.maps import territory_markers
from flows.models import Category, PoolingOpportunity
from flows.pooling import (
    PoolingScope,
    parse_scope,
    regional_totals,
    territory_totals,
    top_codes,
)
from flows.visibility import sees_flows
from portal.geo import ATTRIBUTION, departements, projection
from portal.roles import is_regional_animator


def pooling(request):
    form = PoolingQueryForm(request.GET)
    valid = form.is_valid()
    error = None if valid else form.first_error()
    scope = form.cleaned_data["scope"] if valid else PoolingScope()
    member = sees_flows(request.user)
    context = {
        "scope": scope,
        "error": error,
        "code": form.cleaned_data.get("code", ""),
        "categories": Category.choices,
        "totals": regional_totals(scope),
        "top_codes": top_codes(),
        "is_member": member,
        "is_animator": is_regional_animator(request.user),
    }
    if member:
        rows = territory_totals(scope)
        context.update(
            territory_rows=rows,
            markers=territory_markers(rows),
            departements=departements(),
            view_box=projection().view_box,
            attribution=ATTRIBUTION,
            opportunities=PoolingOpportunity.objects.select_related("waste_code")[:20],
        )
        if context["is_animator"] and (scope.waste_code or scope.category):
            context["open_form"] = OpenPoolingForm(
                initial={
                    "title": f"Mutualisation : {scope.label}"[:200],
                    "invited_territories": sorted({row["territory_id"] for row in rows}),
                }
            )
    return render(request, "flows/pooling.html", context, status=400 if error else 200)


@require_POST
@animator_only
def open_opportunity(request):
    query = PoolingQueryForm(request.POST)
    if not query.is_valid():
        messages.error(request, query.first_error())
        return redirect("flows:pooling")
    scope = query.cleaned_data["scope"]
    form = OpenPoolingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Donnez un intitulé à l'opportunité.")
        return redirect("flows:pooling")
    opportunity = form.save(commit=False)
    opportunity.waste_code = scope.waste_code
    opportunity.category = scope.category or ""
    opportunity.opened_by = request.user
    opportunity.save()
    form.save_m2m()
    messages.success(request, "Opportunité de mutualisation ouverte.")
    return redirect("flows:opportunity", pk=opportunity.pk)


@members_only
def opportunity(request, pk):
    item = get_object_or_404(PoolingOpportunity.objects.select_related("waste_code"), pk=pk)
    animator = is_regional_animator(request.user)
    invited = set(item.invited_territories.values_list("pk", flat=True))
    if not animator and request.user.territory_id not in invited:
        raise PermissionDenied
    form = None
    if animator:
        form = PoolingFollowForm(request.POST or None, instance=item)
        if request.method == "POST" and form.is_valid():
            if form.has_changed():
                form.save()
                messages.success(request, "Suivi enregistré.")
            else:
                messages.info(request, "Aucune modification à enregistrer.")
            return redirect("flows:opportunity", pk=item.pk)
    elif request.method == "POST":
        raise PermissionDenied
    scope = parse_scope(item.waste_code.code if item.waste_code else None, item.category or None)
    return render(
        request,
        "flows/opportunity.html",
        {
            "item": item,
            "form": form,
            "scope": scope,
            "totals": regional_totals(scope),
            "territory_rows": territory_totals(scope),
            "invited": item.invited_territories.order_by("name"),
            "can_create_synergy": manages_flows(request.user),
        },
    )
