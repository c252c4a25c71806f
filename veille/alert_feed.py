"""The RSS feed of a confirmed search alert: its latest public matching pages."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape

from veille.alert_query import latest_matches, query_from_string, search_url
from veille.models import SavedSearch

FEED_SIZE = 20


class AlertRssFeed(Feed):
    language = "fr"
    item_guid_is_permalink = False

    def get_object(self, request, public_id):
        alert = SavedSearch.objects.filter(public_id=public_id, confirmed_at__isnull=False).first()
        if alert is None:
            raise Http404("Aucune alerte à cette adresse.")
        return alert

    def title(self, alert):
        return f"Alerte « {alert.label} » – réseau EIT Grand Est"

    def description(self, alert):
        return f"Les derniers contenus publics du portail EIT Grand Est pour : {alert.label}."

    def link(self, alert):
        return search_url(query_from_string(alert.querystring))

    def items(self, alert):
        return latest_matches(query_from_string(alert.querystring), limit=FEED_SIZE)

    def item_title(self, match):
        return match.title

    def item_description(self, match):
        return escape(match.summary)  # plain text; readers take descriptions as HTML

    def item_link(self, match):
        return match.url

    def item_guid(self, match):
        return f"urn:eit-grandest:page:{match.page_id}"

    def item_pubdate(self, match):
        if match.date:
            return timezone.make_aware(datetime.datetime.combine(match.date, datetime.time()))
        return match.first_published_at
