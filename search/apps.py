from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Recherche"

    def ready(self):
        from search import document_changes, sync

        sync.connect()
        document_changes.connect()
