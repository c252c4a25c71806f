from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Recherche"

    def ready(self):
        from search import sync

        sync.connect()

    def seed_demo(self, command):
        """Two demo collections (the report permission comes from portal's setup_roles)."""
        from search.seed import seed_collections

        seed_collections(command)

    def health_check(self):
        """The active search engine; Elasticsearch down means searches run degraded."""
        from search.service import engine_health

        return engine_health()

    def related_pages(self, page, user, limit):
        """What portal.related asks for its "Voir aussi": pages like `page` that `user` may
        open, as [{title, url, content_type_label}]."""
        from search.service import related

        return related(page.pk, user, limit)
