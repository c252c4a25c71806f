"""Where flows appear in the portal's navigation (NAVIGATION_LINKS, MEMBER_AREA hooks)."""

from django.urls import reverse

from flows.access import manages_flows
from flows.models import PoolingOpportunity, Synergy
from portal.roles import is_network_member, is_regional_animator


def main_entry(request):
    """The register's regional totals are public: the entry is there for everyone."""
    return {"order": 20, "title": "Flux et synergies", "url": reverse("flows:index")}


def member_links(request):
    user = request.user
    if not is_network_member(user):
        return None
    links = [
        {
            "title": "Registre des flux",
            "url": reverse("flows:index"),
            "description": "Les ressources offertes et recherchées, et leurs correspondances.",
        },
        {
            "title": "Synergies",
            "url": reverse("flows:synergies"),
            "description": "Les synergies en cours, leur avancement et leurs gains.",
        },
        {
            "title": "Carte des flux",
            "url": reverse("flows:map"),
            "description": "Les établissements et les flux par territoire.",
        },
        {
            "title": "Mutualisation régionale",
            "url": reverse("flows:pooling"),
            "description": "Un même déchet dans plusieurs territoires.",
        },
    ]
    if manages_flows(user):
        links += [
            {
                "title": "Flux à confirmer",
                "url": reverse("flows:to-confirm"),
                "description": "Les flux de plus d'un an à revoir avec les entreprises.",
            },
            {
                "title": "Importer un tableur de flux",
                "url": reverse("flows:import"),
                "description": "Le relevé d'un atelier, au format du modèle.",
            },
            {
                "title": "Préparer un atelier",
                "url": reverse("flows:workshop"),
                "description": "Les correspondances entre les établissements invités.",
            },
        ]
    links += followed_items(user)
    title = "Flux et synergies" + (" (toute la région)" if is_regional_animator(user) else "")
    return {"order": 10, "title": title, "links": links}


def followed_items(user, count=3):
    """The latest synergies of the member's territory (the region's for the animation) and
    the pooling opportunities their territory is invited to: one click from the area."""
    synergies = Synergy.objects.order_by("-updated_at")
    opportunities = PoolingOpportunity.objects.order_by("-updated_at")
    if not is_regional_animator(user):
        own = synergies.filter(territory_id=user.territory_id)
        synergies = own if own.exists() else synergies  # else the region's latest
        opportunities = opportunities.filter(invited_territories=user.territory_id)
    links = [
        {
            "title": f"Synergie : {synergy.title}",
            "url": reverse("flows:synergy", args=[synergy.pk]),
            "description": synergy.get_stage_display(),
        }
        for synergy in synergies[:count]
    ]
    links += [
        {
            "title": f"Mutualisation : {item.title}",
            "url": reverse("flows:opportunity", args=[item.pk]),
            "description": item.get_status_display(),
        }
        for item in opportunities[:count]
    ]
    return links
