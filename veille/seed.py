"""`manage.py seed_demo`, monitoring part: the items of the demo digests (the Markdown
format carries a digest, not its items, which are snippets of their own), a review queue,
a source; idempotent."""

import datetime

import yaml
from django.conf import settings

from portal.models import Theme
from veille.models import (
    DigestItem,
    ExternalSource,
    ItemStatus,
    MonitoringDigestPage,
    MonitoringItem,
)

DIGEST_ITEMS_FILE = settings.BASE_DIR / "demo" / "monitoring_items.yaml"
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
    command.step("Veille : éléments des lettres (demo/monitoring_items.yaml)")
    data = yaml.safe_load(DIGEST_ITEMS_FILE.read_text(encoding="utf-8"))
    for digest in MonitoringDigestPage.objects.filter(slug__in=data["digests"]):
        seed_digest_items(command, digest, data["digests"][digest.slug], themes)

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


def seed_digest_items(command, digest, rows, themes):
    """The digest's items, in order, found again by title; True when some were created.

    New items join the digest's composition through a new published revision, so the
    editor (which edits the latest revision) and the search document see them.
    """
    existing = set(digest.selection.values_list("item__title", flat=True))
    created = False
    for position, values in enumerate(rows):
        values = dict(values)
        theme_slugs = values.pop("themes", [])
        found = values["title"] in existing
        command.tally("éléments de veille (lettres)", not found)
        if found:
            continue
        item = MonitoringItem.objects.create(**values, status=ItemStatus.PUBLISHED)
        item.themes.set([themes[slug] for slug in theme_slugs if slug in themes])
        digest.selection.add(DigestItem(item=item, sort_order=position))
        created = True
    if created:
        digest.save_revision().publish()
    return created
