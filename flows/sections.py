"""The flows section of a territory's public page (TERRITORY_SECTIONS): the territory's flows
by category and waste chapter, its synergies by stage with their gains.

Everyone sees aggregates (counts, annual quantities, summed gains per stage): they name no
company. Those who may see the territory's identities (`flows.visibility.sees_identity`)
also see each synergy, its companies and its own gains; the others see each synergy
anonymised (its type and the sectors involved) without its own figures. Three queries."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Substr

from flows.models import Category, Direction, Flow, Synergy, SynergyStage, WasteCode
from flows.models.synergies import GAINS
from flows.visibility import sees_identity
from portal.numbers import format_number

NO_CHAPTER = "Sans code déchet"
# the gains a stage reports: measured once running (or stopped), estimated before
MEASURED_STAGES = {SynergyStage.RUNNING, SynergyStage.STOPPED}
STAGE_ORDER = [SynergyStage.RUNNING, SynergyStage.STUDY, SynergyStage.IDEA, SynergyStage.STOPPED]


def _quantities(totals):
    """{unit: Decimal} → '1 250 t/an · 300 m³/an'."""
    units = dict(Flow._meta.get_field("unit").choices)
    return " · ".join(
        f"{format_number(total.quantize(Decimal(1)))} {units.get(unit, unit)}/an"
        for unit, total in sorted(totals.items())
        if total
    )


def flow_rows(territory):
    """One row per category and waste chapter: offers, needs and annual quantities."""
    chapter = Substr("waste_subchapter", 1, 2)
    rows = (
        Flow.objects.active()
        .filter(territory=territory)
        .annotate(
            chapter=chapter,
            chapter_label=Subquery(
                WasteCode.objects.filter(
                    level=WasteCode.Level.CHAPTER, code=OuterRef("chapter")
                ).values("label")[:1]
            ),
        )
        .values("category", "chapter", "chapter_label", "direction", "annual_unit")
        .annotate(flows=Count("pk"), total=Sum("annual_quantity"))
    )
    grouped, chapters = {}, {}
    for row in rows:
        key = (row["category"], row["chapter"])
        chapters[row["chapter"]] = row["chapter_label"]
        entry = grouped.setdefault(key, {"offers": 0, "needs": 0, "offered": {}, "sought": {}})
        offer = row["direction"] == Direction.OFFER
        entry["offers" if offer else "needs"] += row["flows"]
        side = entry["offered" if offer else "sought"]
        side[row["annual_unit"]] = side.get(row["annual_unit"], 0) + (row["total"] or 0)
    order = {value: index for index, value in enumerate(Category.values)}
    result = []
    for (category, chapter), entry in sorted(
        grouped.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1] or "99")
    ):
        label = chapters.get(chapter)
        result.append(
            {
                "category": Category(category).label,
                "chapter": f"{chapter} – {label.capitalize()}" if label else NO_CHAPTER,
                "offers": entry["offers"],
                "needs": entry["needs"],
                "offered": _quantities(entry["offered"]),
                "sought": _quantities(entry["sought"]),
            }
        )
    return result


def _gain_texts(gains):
    return [
        f"{format_number(value)} {unit} ({label})"
        for (name, label, unit) in GAINS
        if (value := gains.get(name))
    ]


def _anonymous_title(synergy):
    """'Substitution entre une entreprise du bois et une entreprise de la métallurgie'."""
    kind = synergy.get_synergy_type_display().split(" (")[0]
    sectors = sorted({site.sector for site in synergy.establishments.all()})
    if not sectors:
        return f"{kind} entre des entreprises du territoire"
    if len(sectors) == 1:
        return f"{kind} entre des entreprises du même secteur ({sectors[0]})"
    return f"{kind} entre {', '.join(sectors[:-1])} et {sectors[-1]}"


def synergy_stages(territory, identified):
    """[{stage, count, gains: [text], kind, synergies: [...]}] in pipeline order."""
    synergies = (
        Synergy.objects.filter(territory=territory)
        .prefetch_related("establishments")
        .order_by("title", "pk")
    )
    by_stage = defaultdict(list)
    for synergy in synergies:
        by_stage[synergy.stage].append(synergy)
    stages = []
    for stage in STAGE_ORDER:
        found = by_stage.get(stage)
        if not found:
            continue
        measured = stage in MEASURED_STAGES
        totals = {}
        shown = []
        for synergy in found:
            gains = synergy.measured_gains() if measured else synergy.estimated_gains()
            for name, value in gains.items():
                if value is not None:
                    totals[name] = totals.get(name, Decimal(0)) + value
            shown.append(
                {
                    "pk": synergy.pk,
                    "title": synergy.title,
                    "companies": ", ".join(site.name for site in synergy.establishments.all()),
                    "gains": _gain_texts(gains),
                }
                if identified
                else {"title": _anonymous_title(synergy)}
            )
        stages.append(
            {
                "stage": SynergyStage(stage).label,
                "count": len(found),
                "kind": "mesurés" if measured else "estimés",
                "gains": _gain_texts(totals),
                "synergies": shown,
            }
        )
    return stages


def territory_section(territory, request=None):
    rows = flow_rows(territory)
    user = getattr(request, "user", None)
    identified = sees_identity(user, territory.pk) if user is not None else False
    stages = synergy_stages(territory, identified)
    if not rows and not stages:
        return None
    return {
        "order": 40,
        "template": "flows/territory_section.html",
        "context": {
            "territory": territory,
            "flow_rows": rows,
            "offers": sum(row["offers"] for row in rows),
            "needs": sum(row["needs"] for row in rows),
            "stages": stages,
            "identified": identified,
        },
    }
