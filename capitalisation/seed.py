"""`manage.py seed_demo`, capitalisation part: the indicator values of the demo
territories (the guides are Markdown files of demo/pages), idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from capitalisation import demo
from capitalisation.models import IndicatorGuidePage, IndicatorValue
from portal.models import Territory
from portal.roles import ANIMATION_GROUP


def seed_indicators(command):
    guides = {guide.code: guide for guide in IndicatorGuidePage.objects.all()}
    command.step("Indicateurs : valeurs 2021-2025 des territoires de démonstration")
    animator = (
        get_user_model()
        .objects.filter(groups__name=ANIMATION_GROUP, is_active=True)
        .order_by("pk")
        .first()
    )
    territories = {
        territory.slug: territory
        for territory in Territory.objects.filter(slug__in=demo.REPORTING_TERRITORIES)
    }
    existing = set(
        IndicatorValue.objects.filter(territory__in=territories.values()).values_list(
            "territory_id", "indicator_id", "year"
        )
    )
    facilitators = {
        user.territory_id: user
        for user in get_user_model().objects.filter(territory__in=territories.values())
    }
    validated_at = timezone.make_aware(datetime.datetime(2026, 1, 15, 10, 0))
    for index, (slug, factor) in enumerate(demo.REPORTING_TERRITORIES.items()):
        territory = territories.get(slug)
        if territory is None:
            continue
        for code in demo.VALUE_PROFILES:
            guide = guides.get(code)
            if guide is None:
                continue
            for year in demo.YEARS:
                if demo.skip(code, index, year):
                    continue
                found = (territory.pk, guide.pk, year) in existing
                command.tally("valeurs d'indicateurs", not found)
                if found:
                    continue
                validated = demo.is_validated(index, year)
                value = IndicatorValue(
                    territory=territory,
                    indicator=guide,
                    year=year,
                    value=demo.demo_value(code, index, factor, year),
                    source=demo.SOURCES[code],
                    validated=validated,
                    validated_by=animator if validated else None,
                    validated_at=validated_at if validated else None,
                )
                value.save(user=facilitators.get(territory.pk) or animator)
