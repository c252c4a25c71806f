"""The flows section of a territory's public page: aggregates only, never a company."""

from django.db.models import Count, Sum

from flows.models import Category, Direction, Flow, Synergy, SynergyStage


def territory_section(territory, request=None):
    rows = list(
        Flow.objects.active()
        .filter(territory=territory)
        .values("category", "direction", "annual_unit")
        .annotate(flows=Count("pk"), total=Sum("annual_quantity"))
        .order_by("category", "direction", "annual_unit")
    )
    if not rows:
        return None
    for row in rows:
        row["category_label"] = Category(row["category"]).label
        row["direction_label"] = Direction(row["direction"]).label
    return {
        "order": 40,
        "template": "flows/territory_section.html",
        "context": {
            "territory": territory,
            "flow_rows": rows,
            "offers": sum(r["flows"] for r in rows if r["direction"] == Direction.OFFER),
            "needs": sum(r["flows"] for r in rows if r["direction"] == Direction.NEED),
            "running_synergies": Synergy.objects.filter(
                territory=territory, stage=SynergyStage.RUNNING
            ).count(),
        },
    }
