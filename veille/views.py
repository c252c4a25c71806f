"""Newsletter subscription: double opt-in, signed links, one-click unsubscription.

No response ever tells whether an address is already subscribed.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from portal.links import absolute_url
from portal.models import Theme
from portal.pagination import request_page_links
from portal.ratelimit import request_over_limit
from veille import tokens
from veille.forms import ArchiveQueryForm, SubscriptionForm
from veille.models import MonitoringDigestPage, Subscriber

RATE_LIMIT = 5  # subscription attempts per member, or per address for anonymous visitors...
RATE_WINDOW = 10 * 60  # ...per 10 minutes


def rate_limited(request, scope="subscribe"):
    """Shared by the newsletter and the search alerts, each with its own counter."""
    return request_over_limit(request, f"veille:{scope}", RATE_LIMIT, RATE_WINDOW)


def send_confirmation(subscriber):
    url = absolute_url(reverse("veille:confirm", args=[tokens.make_confirm_token(subscriber)]))
    body = render_to_string(
        "veille/email/confirm.txt", {"confirm_url": url, "max_days": 7, "subscriber": subscriber}
    )
    send_mail(
        "Confirmez votre abonnement à la lettre de veille EIT Grand Est",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
    )


def _message(request, title, text, status=200, level="info"):
    return render(
        request,
        "veille/message.html",
        {"title": title, "text": text, "level": level},
        status=status,
    )


@csrf_protect
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        if rate_limited(request):
            return _message(
                request,
                "Trop de tentatives",
                "Vous avez fait trop de demandes d'abonnement en peu de temps. "
                "Merci de réessayer dans une dizaine de minutes.",
                status=429,
                level="error",
            )
        form = SubscriptionForm(request.POST)
        if form.is_bot:
            return redirect("veille:subscribe_done")
        if form.is_valid():
            register(form.cleaned_data["email"], form.cleaned_data["themes"])
            return redirect("veille:subscribe_done")
        status = 400
    else:
        form = SubscriptionForm()
        status = 200
    return render(request, "veille/subscribe.html", {"form": form}, status=status)


def register(email, themes):
    """Create or refresh a pending subscription; mail a link unless already confirmed."""
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is not None and subscriber.is_active:
        return  # already subscribed: nothing to do, and nothing said
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email)
    subscriber.themes.set(themes)
    send_confirmation(subscriber)


def subscribe_done(request):
    return _message(
        request,
        "Vérifiez votre boîte de réception",
        "Si cette adresse peut recevoir la lettre, un message vient de lui être envoyé : "
        "cliquez sur le lien qu'il contient pour confirmer votre abonnement "
        "(valable 7 jours). Pensez à regarder dans les indésirables.",
    )


def _invalid_link(request, expired=False):
    if expired:
        return _message(
            request,
            "Lien expiré",
            "Ce lien de confirmation a plus de 7 jours. Abonnez-vous à nouveau pour en "
            "recevoir un nouveau.",
            status=410,
            level="error",
        )
    return _message(
        request,
        "Lien invalide",
        "Ce lien est incomplet ou a été modifié. Copiez-le en entier depuis le message "
        "reçu, ou abonnez-vous à nouveau.",
        status=400,
        level="error",
    )


def confirm(request, token):
    try:
        pk, issued = tokens.read_confirm_token(token)
    except tokens.ExpiredToken:
        return _invalid_link(request, expired=True)
    except tokens.InvalidToken:
        return _invalid_link(request)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        return _invalid_link(request)
    # Whole seconds on both sides: a link mailed right after unsubscribing stays valid.
    stale = subscriber.unsubscribed_at is not None and issued < int(
        subscriber.unsubscribed_at.timestamp()
    )
    if subscriber.is_active or stale:
        return _message(
            request,
            "Lien déjà utilisé",
            "Ce lien de confirmation a déjà servi ou n'est plus valable. "
            "Si vous souhaitez vous abonner, remplissez à nouveau le formulaire.",
            status=410,
            level="error",
        )
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return _message(
        request,
        "Abonnement confirmé",
        "Merci ! Vous recevrez la prochaine lettre de veille du réseau EIT Grand Est. "
        "Chaque lettre contient un lien pour vous désabonner en un clic.",
        level="success",
    )


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the link is signed
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        pk = tokens.read_unsubscribe_token(token)
    except tokens.InvalidToken:
        return _invalid_link(request)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        return _invalid_link(request)
    if request.method == "GET":
        return render(request, "veille/unsubscribe.html", {"token": token})
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return _message(
        request,
        "Désabonnement enregistré",
        "Vous ne recevrez plus la lettre de veille. Vous pouvez vous réabonner à tout moment.",
        level="success",
    )


def archive(request):
    """Every public digest, newest first, filtered by theme and year."""
    digests = MonitoringDigestPage.objects.live().public().order_by("-period_start")
    themes = Theme.objects.filter(pk__in=digests.values("themes")).order_by("name")
    years = sorted({d.year for d in digests.dates("period_start", "year")}, reverse=True)
    form = ArchiveQueryForm(request.GET, years=years)
    theme, unknown_theme = form.theme_filter()
    year = form.valid_values().get("annee")
    if unknown_theme:
        digests = digests.none()  # an unknown theme matches nothing
    if theme:
        digests = digests.filter(themes=theme)
    if year:
        digests = digests.filter(period_start__year=year)
    page_obj = Paginator(digests, 12).get_page(request.GET.get("page"))
    return render(
        request,
        "veille/archive.html",
        {
            "page_obj": page_obj,
            "pagination": request_page_links(request, page_obj),
            "digests": page_obj.object_list,
            "themes": themes,
            "years": years,
            "theme": theme,
            "year": year,
        },
    )
