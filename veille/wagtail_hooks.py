"""Admin: newsletter subscribers, listed for the animator (they subscribe themselves)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from veille.models import Subscriber


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Abonnés à la lettre"
    list_display = ["email", "created", "confirmed_at", "unsubscribed_at"]
    list_filter = ["confirmed_at", "unsubscribed_at", "themes"]
    search_fields = ["email"]
    add_to_admin_menu = False


register_snippet(SubscriberViewSet)
