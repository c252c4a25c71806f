"""The database engine's copy of the search documents, and pending index operations."""

from django.db import models


class SearchDocument(models.Model):
    """One knowledge page's search document (the output of `build_document`)."""

    page_id = models.PositiveIntegerField("page", primary_key=True)
    document = models.JSONField("document")
    title = models.TextField("titre normalisé")
    summary = models.TextField("résumé normalisé", blank=True)
    text = models.TextField("texte normalisé", blank=True)
    date = models.DateField("date", null=True, blank=True)
    last_published_at = models.DateTimeField("dernière publication", null=True, blank=True)
    indexed_at = models.DateTimeField("indexé le", auto_now=True)

    class Meta:
        verbose_name = "document de recherche"
        verbose_name_plural = "documents de recherche"
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return self.document.get("title", str(self.page_id))


class SearchFacetValue(models.Model):
    """One facet value of a document; `visibility` is stored here as a facet too."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField("facette", max_length=20)
    value = models.CharField("valeur", max_length=200)
    label = models.CharField("libellé", max_length=200)

    class Meta:
        verbose_name = "valeur de facette"
        verbose_name_plural = "valeurs de facette"
        indexes = [models.Index(fields=["facet", "value"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


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
