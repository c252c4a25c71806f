"""What the map and the Sankey diagram draw, from the database and the visibility rule."""

from collections import defaultdict

from django.db.models import Sum

from flows.models import Category, Direction, Flow
from flows.visibility import identity_filter

UNTREATED = "traitement non renseigné"
KIND_LABELS = {
    "valorisation": "valorisation (R)",
    "elimination": "élimination (D)",
    "regroupement": "regroupement, stockage",
}
MATCHED, UNMATCHED = "besoin correspondant dans le réseau", "pas encore de preneur"


def sankey_links(territory=None):
    """[(source, target, tonnes a year)]: offers (in t) by category → current treatment →
    whether a need of the same waste code, or the same category without a code, exists."""
    offers = Flow.objects.active().filter(direction=Direction.OFFER, annual_unit="t")
    needs = Flow.objects.active().filter(direction=Direction.NEED)
    if territory is not None:
        offers = offers.filter(territory=territory)
    sought_codes = set(needs.exclude(waste_code=None).values_list("waste_code_id", flat=True))
    sought_categories = set(needs.values_list("category", flat=True))
    rows = offers.values("category", "treatment__kind", "waste_code_id").annotate(
        total=Sum("annual_quantity")
    )
    first, second = defaultdict(float), defaultdict(float)
    for row in rows:
        category = f"Offres : {Category(row['category']).label.lower()}"
        treatment = KIND_LABELS.get(row["treatment__kind"], UNTREATED)
        if row["waste_code_id"] is not None:
            matched = row["waste_code_id"] in sought_codes
        else:
            matched = row["category"] in sought_categories
        first[(category, treatment)] += float(row["total"])
        second[(treatment, MATCHED if matched else UNMATCHED)] += float(row["total"])
    return [(s, t, round(v, 1)) for (s, t), v in sorted({**first, **second}.items())]


def visible_site_flows(user, territory=None):
    """Flows drawn at their site's position: only those whose identity `user` sees."""
    flows = Flow.objects.active().select_related("establishment", "territory")
    restriction = identity_filter(user)
    if restriction is not None:
        flows = flows.filter(**restriction)
    if territory is not None:
        flows = flows.filter(territory=territory)
    return flows
