"""`manage.py seed_demo`, monitoring part: curated items, digest compositions, idempotent."""

import datetime

from portal import demo_content as demo
from portal.models import Theme
from veille.models import (
    ExternalSource,
    ItemStatus,
    MonitoringDigestPage,
    MonitoringItem,
)

REVIEW_QUEUE = [
    # (guid, title, source, category, summary, theme slugs)
    (
        "demo:veille:file-1",
        "Consultation publique sur la responsabilité élargie des producteurs",
        "Ministère (exemple)",
        "reglementation",
        "Une consultation ouverte jusqu'à la fin du mois : à relire avant publication.",
        ["dechets"],
    ),
    (
        "demo:veille:file-2",
        "Webinaire sur la récupération de chaleur fatale",
        "Agence régionale (exemple)",
        "evenement",
        "Un webinaire d'une heure pour les animateurs et les industriels.",
        ["energie"],
    ),
]
STANDALONE = [
    (
        "demo:veille:seul-1",
        "Nouvelle fiche pratique sur les conventions de mutualisation",
        "Réseau EIT Grand Est",
        "etude",
        "Une fiche courte pour rédiger une convention entre entreprises voisines.",
        ["gouvernance"],
    ),
]


def seed_monitoring(command):
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    command.step("Veille : éléments des lettres et composition")
    for slug, _title, _year, _month, _editorial, rows in demo.MONITORING_DIGESTS:
        digest = MonitoringDigestPage.objects.filter(slug=slug).first()
        if digest is None:
            continue
        by_title = {row[0]: row for row in rows}
        for item in digest.items:
            changed = item.status != ItemStatus.PUBLISHED
            if changed:
                item.status = ItemStatus.PUBLISHED
                item.save(update_fields=["status"])
            theme_slugs = by_title[item.title][4] if item.title in by_title else []
            wanted = [themes[s] for s in theme_slugs if s in themes]
            if wanted and not item.themes.exists():
                item.themes.set(wanted)
                changed = True
            command.tally("éléments de veille (lettres)", changed)

    command.step("Veille : file de relecture et éléments publiés seuls")
    today = datetime.date.today()
    for rows, status in ((REVIEW_QUEUE, ItemStatus.TO_REVIEW), (STANDALONE, ItemStatus.PUBLISHED)):
        for guid, title, source, category, summary, theme_slugs in rows:
            item, created = MonitoringItem.objects.get_or_create(
                guid=guid,
                defaults={
                    "title": title,
                    "source": source,
                    "category": category,
                    "summary": summary,
                    "status": status,
                    "date": today,
                },
            )
            if created:
                item.themes.set([themes[s] for s in theme_slugs if s in themes])
            command.tally("éléments de veille (seuls)", created)

    _source, created = ExternalSource.objects.get_or_create(
        feed_url="https://www.ecologie.gouv.fr/rss.xml",
        defaults={"name": "Ministère de la transition écologique (exemple)", "active": False},
    )
    command.tally("sources externes", created)
