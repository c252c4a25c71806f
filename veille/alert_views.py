"""Search alerts on the site: creation form, confirmation, one-click unsubscription.

No response tells whether an address already has an alert.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from veille import alerts, tokens
from veille.alert_forms import AlertForm
from veille.alert_query import canonical_query, describe, is_empty, search_url, to_querystring
from veille.models import SavedSearch
from veille.views import rate_limited


def _message(request, title, text, status=200, level="info", alert=None):
    context = {"title": title, "text": text, "level": level}
    if alert is not None:
        context["feed_url"] = reverse("veille:alert_feed", args=[alert.public_id])
    return render(request, "veille/alerts/message.html", context, status=status)


def _invalid_link(request, expired=False):
    if expired:
        return _message(
            request,
            "Lien expiré",
            "Ce lien de confirmation a plus de 7 jours. Créez l'alerte à nouveau depuis la "
            "recherche pour en recevoir un nouveau.",
            status=410,
            level="error",
        )
    return _message(
        request,
        "Lien invalide",
        "Ce lien est incomplet, a été modifié ou ne correspond plus à aucune alerte. Copiez-le "
        "en entier depuis le message reçu, ou créez l'alerte à nouveau depuis la recherche.",
        status=400,
        level="error",
    )


@csrf_protect
@require_http_methods(["GET", "POST"])
def create(request):
    query = canonical_query(request.GET)
    querystring = to_querystring(query)
    context = {
        "query_label": describe(query),
        "querystring": querystring,
        "search_url": search_url(query),
        "empty": is_empty(query),
    }
    if request.method == "POST":
        if rate_limited(request, scope="alerts"):
            return _message(
                request,
                "Trop de tentatives",
                "Vous avez fait trop de demandes d'alerte en peu de temps. "
                "Merci de réessayer dans une dizaine de minutes.",
                status=429,
                level="error",
            )
        form = AlertForm(request.POST)
        if form.is_bot:
            return redirect("veille:alert_done")
        if form.is_valid() and not context["empty"]:
            data = form.cleaned_data
            alerts.register(data["email"], query, data["label"], data["frequency"])
            return redirect("veille:alert_done")
        form.link_errors()
        status = 400
    else:
        form = AlertForm(initial={"label": context["query_label"]})
        status = 400 if context["empty"] else 200
    return render(request, "veille/alerts/create.html", {**context, "form": form}, status=status)


def done(request):
    return _message(
        request,
        "Vérifiez votre boîte de réception",
        "Si cette adresse peut recevoir l'alerte, un message vient de lui être envoyé : "
        "cliquez sur le lien qu'il contient pour confirmer l'alerte (valable 7 jours). "
        "Pensez à regarder dans les indésirables.",
    )


def confirm(request, token):
    try:
        public_id = alerts.read_confirm_token(token)
    except tokens.ExpiredToken:
        return _invalid_link(request, expired=True)
    except tokens.InvalidToken:
        return _invalid_link(request)
    alert = SavedSearch.objects.filter(public_id=public_id).first()
    if alert is None:
        return _invalid_link(request)
    if alert.confirmed_at is not None:
        return _message(
            request,
            "Lien déjà utilisé",
            "Ce lien de confirmation a déjà servi : votre alerte est active.",
            status=410,
            level="error",
        )
    alerts.confirm(alert)
    return _message(
        request,
        "Alerte confirmée",
        f"Vous recevrez les nouveaux contenus correspondant à « {alert.label} » "
        f"{alert.get_frequency_display().lower()}, s'il y en a. Chaque message permet de "
        "supprimer l'alerte en un clic.",
        level="success",
        alert=alert,
    )


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the link is signed
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        public_id = alerts.read_unsubscribe_token(token)
    except tokens.InvalidToken:
        return _invalid_link(request)
    alert = SavedSearch.objects.filter(public_id=public_id).first()
    if request.method == "GET":
        if alert is None:
            return _message(request, "Alerte supprimée", "Cette alerte n'existe plus.")
        return render(request, "veille/alerts/unsubscribe.html", {"token": token, "alert": alert})
    if alert is not None:
        alert.delete()
    return _message(
        request,
        "Alerte supprimée",
        "Vous ne recevrez plus cette alerte et son flux RSS est fermé. Vous pouvez en créer "
        "une autre à tout moment depuis la recherche.",
        level="success",
    )
