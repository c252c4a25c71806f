"""The register's pages: the public summary, the members' list, a flow and its matches,
and the introduction request (the one way to reach an anonymised company)."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from flows.access import manages_flows, members_only
from flows.filters import FlowFilter, filter_query
from flows.forms import IntroductionForm
from flows.matching import default_radius_km, matched_flows
from flows.models import Category, Direction, Flow
from flows.pooling import category_totals, top_codes
from flows.visibility import identity_filter, present_flow, sees_flows, sees_identity
from portal.ratelimit import over_limit
from portal.roles import MEMBERS_GROUP
from portal.sanitize import clean_text

PAGE_SIZE = 50
# A second request for the same flow within this window (a double click, a reload that
# re-posts the form) is not sent again.
INTRODUCTION_DEDUPE_SECONDS = 600


def index(request):
    context = {
        "category_totals": category_totals(),
        "top_codes": top_codes(),
        "is_member": sees_flows(request.user),
        "manages_flows": manages_flows(request.user),
        "categories": Category.choices,
        "directions": Direction.choices,
    }
    status = 200
    if context["is_member"]:
        filterset = FlowFilter(
            request.GET,
            queryset=Flow.objects.active().select_related(
                "establishment", "territory", "waste_code"
            ),
        )
        if not filterset.is_valid():
            status = 400  # the form shows the French errors; the list stays empty
        flows = filterset.qs if filterset.is_valid() else Flow.objects.none()
        page = Paginator(flows.order_by("territory__name", "pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context.update(
            page_obj=page,
            rows=[present_flow(flow, request.user) for flow in page],
            filter=filterset,
            filter_query=filter_query(filterset),
        )
    return render(request, "flows/index.html", context, status=status)


@members_only
def flow_detail(request, pk):
    flow = get_object_or_404(
        Flow.objects.select_related(
            "establishment__commune", "territory", "waste_code", "treatment"
        ),
        pk=pk,
    )
    user = request.user
    rows = []
    for pooling in (False, True):
        rows.append(
            [
                {"match": match, **present_flow(other, user)}
                for match, other in matched_flows(flow, pooling=pooling)
            ]
        )
    return render(
        request,
        "flows/flow_detail.html",
        {
            "item": present_flow(flow, user),
            "flow": flow,
            "matches": rows[0],
            "pooling_matches": rows[1],
            "radius_km": default_radius_km(),
            "introduction_form": IntroductionForm(),
            "can_create_synergy": manages_flows(user),
        },
    )


def facilitator_addresses(territory):
    """The territory's contact address, else its facilitators' own addresses."""
    if territory.facilitator_email:
        return [territory.facilitator_email]
    return list(
        territory.members.filter(groups__name=MEMBERS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


@require_POST
@members_only
def introduction(request, pk):
    """Ask the facilitator of a flow's territory to introduce the requester; nothing about
    the company is disclosed to the requester."""
    flow = get_object_or_404(Flow.objects.select_related("establishment", "territory"), pk=pk)
    back = request.POST.get("depuis")
    back_url = f"/flux/{int(back)}/" if back and back.isdigit() else f"/flux/{flow.pk}/"
    if sees_identity(request.user, flow.territory_id):
        messages.info(request, "Vous voyez déjà les coordonnées de cette entreprise.")
        return redirect(back_url)
    form = IntroductionForm(request.POST)
    recipients = facilitator_addresses(flow.territory)
    if not form.is_valid() or not recipients:
        messages.error(
            request,
            "Écrivez un message (2 000 caractères au plus)."
            if recipients
            else "Ce territoire n'a pas d'adresse de contact : écrivez à l'animation régionale.",
        )
        return redirect(back_url)
    sent_key = f"flows-introduction-sent:{request.user.pk}:{flow.pk}"
    if not cache.add(sent_key, True, INTRODUCTION_DEDUPE_SECONDS):
        messages.info(
            request,
            "Votre demande de mise en relation pour ce flux est déjà partie : "
            "l'animation du territoire vous répondra.",
        )
        return redirect(back_url)
    if over_limit(f"flows-introduction:{request.user.pk}", limit=20, seconds=3600):
        cache.delete(sent_key)
        messages.error(request, "Trop de demandes en une heure : réessayez plus tard.")
        return redirect(back_url)
    context = {"flow": flow, "requester": request.user, "message": form.cleaned_data["message"]}
    try:
        send_mail(
            clean_text(f"Demande de mise en relation : flux {flow.reference or flow.pk}"),
            clean_text(render_to_string("flows/email/introduction.txt", context), multiline=True),
            None,
            recipients,
        )
    except Exception:
        cache.delete(sent_key)  # not sent: the person may try again at once
        raise
    messages.success(
        request,
        f"Votre demande a été envoyée à l'animation du territoire {flow.territory.name}.",
    )
    return redirect(back_url)


@members_only
def to_confirm(request):
    """The freshness report of the register: active flows not confirmed for 12 months,
    among those whose identity the user sees (the facilitator's own, or all for the
    animation), so that the facilitator knows whom to call."""
    if not manages_flows(request.user):
        raise PermissionDenied
    flows = Flow.objects.to_confirm().select_related("establishment", "territory", "waste_code")
    restriction = identity_filter(request.user)
    if restriction is not None:
        flows = flows.filter(**restriction)
    return render(
        request,
        "flows/to_confirm.html",
        {"flows": flows.order_by("territory__name", "confirmed_on", "pk")[:1000]},
    )
