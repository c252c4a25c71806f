"""The search app's stored data: the database engine's copy of the search documents,
pending index operations and the anonymous log of visitors' queries.

Defined here rather than in search/models.py (which re-exports them) so that the engines
and the service can import them without importing the collection pages, which use the
service: no import cycle.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """One knowledge page's search document (the output of `build_document`), as the
    database engine searches it: on PostgreSQL a weighted tsvector (GIN), on SQLite a row
    of the FTS5 table `search_fulltext` (see search.engines.fulltext). Facet values and
    visibility are carried on the row as "facet=value" terms (GIN on PostgreSQL)."""

    page_id = models.PositiveIntegerField("page", primary_key=True)
    terms = models.JSONField("valeurs de facette et visibilité", default=list)
    labelled_terms = models.JSONField("valeurs de facette avec leur libellé", default=list)
    search_vector = SearchVectorField("vecteur de recherche", null=True, editable=False)
    # Title and summary only (PostgreSQL): small enough to rank every match cheaply, to pick
    # the candidates that the full vector then ranks (search.engines.database).
    head_vector = SearchVectorField("vecteur titre et résumé", null=True, editable=False)
    date = models.DateField("date", null=True, blank=True)
    last_published_at = models.DateTimeField("dernière publication", null=True, blank=True)
    indexed_at = models.DateTimeField("indexé le", auto_now=True)
    # Last: on SQLite the columns before it are read without walking its overflow pages.
    document = models.JSONField("document")

    class Meta:
        verbose_name = "document de recherche"
        verbose_name_plural = "documents de recherche"
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return self.document.get("title", str(self.page_id))


class PendingIndexOperation(models.Model):
    """An Elasticsearch write that failed; `search_index sync` and later tasks replay it."""

    INDEX = "index"
    DELETE = "delete"
    ACTIONS = [(INDEX, "indexer"), (DELETE, "supprimer")]

    page_id = models.PositiveIntegerField("page", unique=True)
    action = models.CharField("action", max_length=10, choices=ACTIONS)
    attempts = models.PositiveIntegerField("tentatives", default=1)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "opération d'indexation en attente"
        verbose_name_plural = "opérations d'indexation en attente"

    def __str__(self):
        return f"{self.action} {self.page_id}"


class SearchQueryLog(models.Model):
    """What visitors look for, without personal data: one row per day, query and facets.

    No user, IP address or session is stored; a repeated search increments `hits`.
    `results` and `engine` are those of the day's latest search of the row.
    """

    day = models.DateField("jour")
    query = models.CharField("requête normalisée", max_length=200, blank=True)
    facets = models.JSONField("facettes", default=dict, blank=True)
    facets_hash = models.CharField("empreinte des facettes", max_length=64)
    results = models.PositiveIntegerField("nombre de résultats", default=0)
    engine = models.CharField("moteur", max_length=20)
    hits = models.PositiveIntegerField("nombre de recherches", default=1)

    class Meta:
        verbose_name = "recherche journalisée"
        verbose_name_plural = "recherches journalisées"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "query", "facets_hash"], name="search_query_log_unique_per_day"
            )
        ]
        indexes = [models.Index(fields=["day", "results"])]

    def __str__(self):
        return f"{self.day} « {self.query} » ×{self.hits}"
