"""The templates a territory can personalise, on its public page (TERRITORY_SECTIONS):
the templates made for it first, then the network's common ones."""

from communication_kits.models import CommunicationTemplatePage

LISTED_TEMPLATES = 6


def territory_templates_section(territory, request):
    visible = CommunicationTemplatePage.objects.live().public().order_by("title")
    templates = list(visible.filter(territories=territory)[:LISTED_TEMPLATES])
    if len(templates) < LISTED_TEMPLATES:
        common = visible.filter(territories__isnull=True)
        templates += list(common[: LISTED_TEMPLATES - len(templates)])
    if not templates:
        return None
    return {
        "order": 30,
        "template": "communication_kits/territory_templates.html",
        "context": {"templates": templates},
    }
