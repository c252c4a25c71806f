"""Regional pooling ("massification"): who offers or seeks a waste code or a category,
across the region, and how much a year per unit. Aggregates only (see `flows.visibility`)."""

from dataclasses import dataclass

from django.db.models import Count, Sum

from flows import flow_index
from flows.codes import normalize_waste_code
from flows.models import Category, Direction, Flow, Unit, WasteCode


class PoolingQueryError(ValueError):
    pass


@dataclass
class PoolingScope:
    waste_code: WasteCode | None = None
    category: str | None = None

    @property
    def label(self):
        if self.waste_code:
            return f"{self.waste_code.display} – {self.waste_code.label}"
        if self.category:
            return Category(self.category).label
        return "tous les flux"

    def flows(self):
        flows = Flow.objects.active()
        if self.waste_code:
            flows = flows.filter(waste_code=self.waste_code)
        elif self.category:
            flows = flows.filter(category=self.category)
        return flows


def parse_scope(code=None, category=None) -> PoolingScope:
    """The scope a request asks for; PoolingQueryError with a French message otherwise."""
    if code:
        normalized = normalize_waste_code(code)
        waste_code = (
            WasteCode.objects.filter(code=normalized, level="rubrique").first()
            if normalized
            else None
        )
        if waste_code is None:
            raise PoolingQueryError(
                f"Code déchet « {code[:20]} » inconnu : attendu un code de la liste européenne "
                "des déchets, par exemple 15 01 03."
            )
        return PoolingScope(waste_code=waste_code)
    if category:
        if category not in Category.values:
            raise PoolingQueryError(
                "Catégorie inconnue : attendu matieres, energie, eau, dechets ou services."
            )
        return PoolingScope(category=category)
    return PoolingScope()


def regional_totals(scope: PoolingScope):
    """[{direction, unit, flows, establishments, territories, annual_quantity}]: from the
    flows' index when Elasticsearch answers (aggregations), from the database otherwise."""
    rows = flow_index.with_fallback(flow_index.regional_totals, database_regional_totals, scope)
    return with_labels(rows)


def territory_totals(scope: PoolingScope):
    """Per territory and direction, for members: aggregates with the territory's own
    position (never a site's); from the index or the database, as `regional_totals`."""
    rows = flow_index.with_fallback(flow_index.territory_totals, database_territory_totals, scope)
    return with_labels(rows)


def with_labels(rows):
    """The labels people read ("offre", "m³") beside the stored values, whichever engine
    answered."""
    for row in rows:
        row["direction_label"] = choice_label(Direction, row["direction"]).lower()
        row["unit_label"] = choice_label(Unit, row["unit"])
    return rows


def database_regional_totals(scope: PoolingScope):
    rows = (
        scope.flows()
        .values("direction", "annual_unit")
        .annotate(
            flow_count=Count("pk"),
            establishment_count=Count("establishment", distinct=True),
            territory_count=Count("territory", distinct=True),
            total=Sum("annual_quantity"),
        )
        .order_by("direction", "annual_unit")
    )
    return [
        {
            "direction": row["direction"],
            "unit": row["annual_unit"],
            "flows": row["flow_count"],
            "establishments": row["establishment_count"],
            "territories": row["territory_count"],
            "annual_quantity": row["total"],
        }
        for row in rows
    ]


def database_territory_totals(scope: PoolingScope):
    rows = (
        scope.flows()
        .values(
            "territory_id",
            "territory__slug",
            "territory__name",
            "territory__latitude",
            "territory__longitude",
            "direction",
            "annual_unit",
        )
        .annotate(
            flow_count=Count("pk"),
            establishment_count=Count("establishment", distinct=True),
            total=Sum("annual_quantity"),
        )
        .order_by("territory__name", "direction", "annual_unit")
    )
    return [
        {
            "territory_id": row["territory_id"],
            "slug": row["territory__slug"],
            "name": row["territory__name"],
            "latitude": row["territory__latitude"],
            "longitude": row["territory__longitude"],
            "direction": row["direction"],
            "unit": row["annual_unit"],
            "flows": row["flow_count"],
            "establishments": row["establishment_count"],
            "annual_quantity": row["total"],
        }
        for row in rows
    ]


def top_codes(limit=15):
    """The waste codes offered or sought by the most establishments, regionally."""
    return list(
        Flow.objects.active()
        .filter(waste_code__isnull=False)
        .values("waste_code__code", "waste_code__label", "waste_code__hazardous")
        .annotate(
            establishments=Count("establishment", distinct=True),
            territories=Count("territory", distinct=True),
            total=Sum("annual_quantity"),
        )
        .order_by("-territories", "-establishments", "waste_code__code")[:limit]
    )


def category_totals():
    """Regional counts and totals per category, direction and unit: the public summary,
    with the labels people read ("Déchets", "offre", "m³"), not the stored values."""
    rows = list(
        Flow.objects.active()
        .values("category", "direction", "annual_unit")
        .annotate(flows=Count("pk"), total=Sum("annual_quantity"))
        .order_by("category", "direction", "annual_unit")
    )
    for row in rows:
        row["category_label"] = choice_label(Category, row["category"])
        row["direction_label"] = choice_label(Direction, row["direction"]).lower()
        row["unit_label"] = choice_label(Unit, row["annual_unit"])
    return rows


def choice_label(choices, value):
    """The label of a stored choice value; the value itself if it is not (any more) one."""
    try:
        return choices(value).label
    except ValueError:
        return value
