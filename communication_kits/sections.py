"""The templates a territory can personalise, on its public page (TERRITORY_SECTIONS):
the templates made for it first, then the network's common ones, in one query."""

from django.db.models import Exists, OuterRef, Q

from communication_kits.models import CommunicationTemplatePage

LISTED_TEMPLATES = 6


def territory_templates_section(territory, request):
    links = CommunicationTemplatePage.territories.through.objects.filter(
        communicationtemplatepage_id=OuterRef("pk")
    )
    templates = list(
        CommunicationTemplatePage.objects.live()
        .public()
        .annotate(own=Exists(links.filter(territory=territory)), tagged=Exists(links))
        .filter(Q(own=True) | Q(tagged=False))
        .order_by("-own", "title")[:LISTED_TEMPLATES]
    )
    if not templates:
        return None
    return {
        "order": 30,
        "template": "communication_kits/territory_templates.html",
        "context": {"templates": templates},
    }
