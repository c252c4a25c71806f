"""The animation's figures on questions: questions per month, share answered, median time
to the first answer and to the accepted answer (the dashboard's section, animator only)."""

import datetime
from statistics import median

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from portal.numbers import format_number
from questions.models import Question

MONTHS = 12
MONTH_NAMES = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _hours(delta) -> float:
    return delta.total_seconds() / 3600


def duration_label(hours) -> str:
    if hours is None:
        return "—"
    if hours < 48:
        return f"{format_number(round(hours, 1))} h"
    return f"{format_number(round(hours / 24, 1))} j"


def month_starts(today, count=MONTHS) -> list[datetime.date]:
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def question_figures(today=None) -> dict:
    """Three queries whatever the number of questions."""
    today = today or timezone.localdate()
    months = month_starts(today)
    questions = Question.objects.filter(hidden=False)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    per_month = dict(
        questions.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    per_month = {
        (key.date() if isinstance(key, datetime.datetime) else key): n
        for key, n in per_month.items()
    }
    rows = list(questions.values_list("created_at", "first_answer_at", "accepted_at"))
    total = len(rows)
    to_first = [_hours(first - asked) for asked, first, _ in rows if first]
    to_accepted = [_hours(accepted - asked) for asked, _, accepted in rows if accepted]
    answered_share = round(100 * len(to_first) / total) if total else None
    return {
        "total": total,
        "answered": len(to_first),
        "accepted": len(to_accepted),
        "answered_share": answered_share,
        "answered_share_label": f"{answered_share} %" if answered_share is not None else "—",
        "median_first_hours": median(to_first) if to_first else None,
        "median_accepted_hours": median(to_accepted) if to_accepted else None,
        "median_first_label": duration_label(median(to_first) if to_first else None),
        "median_accepted_label": duration_label(median(to_accepted) if to_accepted else None),
        "months": [
            {
                "month": month.isoformat()[:7],
                "label": f"{MONTH_NAMES[month.month - 1]} {month.year}",
                "count": per_month.get(month, 0),
            }
            for month in months
        ],
    }
