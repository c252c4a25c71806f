"""RSS 2.0 and Atom feeds of the monitoring axis: published items and public digests."""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from portal.axes import Axis
from portal.models import SectionPage
from veille.forms import ThemeQueryForm
from veille.models import MonitoringDigestPage, MonitoringItem

FEED_SIZE = 50


@dataclass
class Entry:
    guid: str
    title: str
    link: str
    description: str
    published: datetime.datetime
    updated: datetime.datetime
    categories: list


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _section_url(request):
    section = SectionPage.objects.live().public().filter(axis=Axis.MONITORING).first()
    return section.get_url(request) if section else "/"


def feed_entries(request, theme=None, limit=FEED_SIZE):
    items = MonitoringItem.objects.public().prefetch_related("themes", "digest_links__digest")
    digests = MonitoringDigestPage.objects.live().public().prefetch_related("themes")
    if theme is not None:
        items = items.filter(themes=theme)
        digests = digests.filter(themes=theme)
    section_url = _section_url(request)
    entries = []
    for item in items.order_by("-date", "-pk")[:limit]:
        if item.safe_link:
            link = item.safe_link
        elif item.digest is not None:
            link = f"{item.digest.get_url(request)}#veille-item-{item.pk}"
        else:
            link = f"{section_url}#veille-item-{item.pk}"
        moment = _day_start(item.date)
        entries.append(
            Entry(
                guid=f"urn:eit-grandest:item:{item.pk}",
                title=item.title,
                link=link,
                description=str(item.summary_html),
                published=moment,
                updated=moment,
                categories=[t.name for t in item.themes.all()],
            )
        )
    for digest in digests.order_by("-first_published_at")[:limit]:
        published = digest.first_published_at or _day_start(digest.publication_date)
        titles = "".join(f"<li>{escape(i.title)}</li>" for i in digest.shown_items())
        entries.append(
            Entry(
                guid=f"urn:eit-grandest:digest:{digest.pk}",
                title=digest.title,
                link=digest.get_url(request),
                description=f"<p>{escape(digest.summary)}</p><ul>{titles}</ul>",
                published=published,
                updated=digest.last_published_at or published,
                categories=[t.name for t in digest.themes.all()],
            )
        )
    entries.sort(key=lambda entry: entry.published, reverse=True)
    return entries[:limit]


class MonitoringRssFeed(Feed):
    description = (
        "Réglementation, appels à projets, événements et études repérés par l'animation "
        "du réseau d'écologie industrielle et territoriale du Grand Est."
    )
    language = "fr"

    def get_object(self, request, *args, **kwargs):
        self.request = request
        theme, self.unknown_theme = ThemeQueryForm(request.GET).theme_filter()
        return theme

    def title(self, theme):
        suffix = f" – {theme.name}" if theme else ""
        return f"Veille du réseau EIT Grand Est{suffix}"

    def link(self, theme):
        return _section_url(self.request)

    def items(self, theme):
        if self.unknown_theme:
            return []  # unknown theme: an empty, valid feed
        return feed_entries(self.request, theme)

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_categories(self, entry):
        return entry.categories


class MonitoringAtomFeed(MonitoringRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, theme):
        return self.description
