"""The synergy funnel: how many ideas became studies, running and stopped synergies, how
long each stage lasts and why synergies end, from the recorded changes of stage.

Public counts only: nothing here names a synergy or a company. A year scopes what
happened in it: the entries in each stage that year, the conversion of those entries,
the stays that began that year and the ends of that year.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import ExtractYear

from flows.models import EndReason, StageChange, Synergy, SynergyStage
from flows.models.synergies import ENDED_STAGES, FUNNEL_PATH

STAGE_ORDER = list(SynergyStage)
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass
class Funnel:
    territory: object
    year: int | None
    entries: dict  # {stage: synergies that entered it (in the year)}
    current: dict  # {stage: synergies in it now}
    by_year: dict  # {year: {stage: entries}}
    conversion: list = field(default_factory=list)
    median_days: list = field(default_factory=list)
    reasons: list = field(default_factory=list)

    @property
    def years(self):
        return sorted(self.by_year)

    @property
    def total(self):
        return sum(self.current.values())

    def stage_rows(self):
        return [
            {
                "stage": stage.value,
                "label": stage.label,
                "entered": self.entries.get(stage.value, 0),
                "current": self.current.get(stage.value, 0),
            }
            for stage in STAGE_ORDER
        ]

    def as_json(self):
        return {
            "territory": self.territory.slug if self.territory else None,
            "year": self.year,
            "stages": self.stage_rows(),
            "by_year": [
                {"year": year, **{s.value: self.by_year[year].get(s.value, 0) for s in STAGE_ORDER}}
                for year in self.years
            ],
            "conversion": self.conversion,
            "median_days": self.median_days,
            "end_reasons": self.reasons,
        }


def build_funnel(territory=None, year=None):
    synergies = Synergy.objects.all()
    if territory is not None:
        synergies = synergies.filter(territory=territory)
    current = Counter(synergies.values_list("stage", flat=True))
    changes = defaultdict(list)
    rows = (
        StageChange.objects.filter(synergy__in=synergies)
        .annotate(year=ExtractYear("changed_at"))
        .values_list("synergy_id", "to_stage", "changed_at", "reason", "year")
        .order_by("synergy_id", "changed_at", "pk")
    )
    for synergy_id, *change in rows:
        changes[synergy_id].append(change)
    return compute(territory, year, dict(current), changes)


def compute(territory, year, current, changes):
    """The funnel from {synergy: [(stage, when, reason, year)] in time order} (pure)."""

    entries, by_year, reasons = Counter(), defaultdict(Counter), Counter()
    entered, converted = Counter(), Counter()
    stays = defaultdict(list)
    for history in changes.values():
        reached = {}
        for position, (stage, when, reason, entry_year) in enumerate(history):
            by_year[entry_year][stage] += 1
            in_scope = year is None or entry_year == year
            if in_scope:
                entries[stage] += 1
                if stage in ENDED_STAGES:
                    reasons[reason or ""] += 1
            if position + 1 < len(history) and in_scope:
                stays[stage].append((history[position + 1][1] - when).days)
            if stage in FUNNEL_PATH and stage not in reached:
                reached[stage] = entry_year
        for step, stage in enumerate(FUNNEL_PATH[:-1]):
            if stage in reached and (year is None or reached[stage] == year):
                entered[stage] += 1
                if any(later in reached for later in FUNNEL_PATH[step + 1 :]):
                    converted[stage] += 1
    conversion = []
    for step, stage in enumerate(FUNNEL_PATH[:-1]):
        following = FUNNEL_PATH[step + 1]
        rate = round(converted[stage] / entered[stage], 3) if entered[stage] else None
        conversion.append(
            {
                "from": stage.value,
                "to": following.value,
                "label": f"{stage.label} → {following.label}",
                "entered": entered[stage],
                "converted": converted[stage],
                "rate": rate,
            }
        )
    median_days = [
        {
            "stage": stage.value,
            "label": stage.label,
            "days": statistics.median(stays[stage]) if stays[stage] else None,
            "stays": len(stays[stage]),
        }
        for stage in FUNNEL_PATH
    ]
    reason_rows = [
        {"reason": reason.value, "label": reason.label, "count": reasons.get(reason.value, 0)}
        for reason in EndReason
    ]
    if reasons.get(""):
        reason_rows.append({"reason": "", "label": "Non indiquée", "count": reasons[""]})
    return Funnel(
        territory=territory,
        year=year,
        entries=dict(entries),
        current=current,
        by_year={y: dict(c) for y, c in by_year.items()},
        conversion=conversion,
        median_days=median_days,
        reasons=reason_rows,
    )
