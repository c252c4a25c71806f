"""What the monitoring axis shows on the core's pages (portal hooks): next events of a
territory (TERRITORY_SECTIONS), the latest digest and the next events (HOME_SECTIONS).
Only published items that anyone may read (see MonitoringItemQuerySet.public)."""

from django.urls import reverse
from django.utils import timezone

from veille.models import MonitoringCategory, MonitoringDigestPage, MonitoringItem

NEXT_EVENTS = 5


def next_events(territory=None, limit=NEXT_EVENTS):
    events = MonitoringItem.objects.public().filter(
        category=MonitoringCategory.EVENT, date__gte=timezone.localdate()
    )
    if territory is not None:
        events = events.filter(territories=territory)
    return list(events.order_by("date", "pk")[:limit])


def territory_events_section(territory, request):
    events = next_events(territory)
    if not events:
        return None
    return {
        "order": 40,
        "template": "veille/territory_events.html",
        "context": {"events": events},
    }


def home_monitoring_section(request):
    digest = MonitoringDigestPage.objects.live().public().order_by("-period_end", "-pk").first()
    events = next_events()
    if digest is None and not events:
        return None
    return {
        "order": 30,
        "template": "veille/home_monitoring.html",
        "context": {"digest": digest, "events": events},
    }


def member_links(request):
    """The newsletter and the saved-search alerts, for members as for anyone."""
    return {
        "order": 50,
        "title": "Veille",
        "links": [
            {
                "title": "Créer une alerte sur une recherche",
                "url": reverse("search:page"),
                "description": "Cherchez, puis « Créer une alerte » : un courriel quand une "
                "nouvelle page répond à votre recherche.",
            },
            {
                "title": "S'abonner à la lettre de veille",
                "url": reverse("veille:subscribe"),
                "description": "La lettre du réseau, par thème.",
            },
            {
                "title": "Archives de la veille",
                "url": reverse("veille:archive"),
                "description": "Toutes les lettres publiées.",
            },
        ],
    }
