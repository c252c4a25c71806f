"""Axis 4, monitoring: items curated by the animator, digests composed of them, external
sources feeding the review queue, and the newsletter's subscribers and deliveries."""

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.axes import Axis
from portal.models import KnowledgePageMixin
from portal.sanitize import safe_http_url, sanitize_html, validate_http_url
from veille.forms import DigestPageForm


class MonitoringCategory(models.TextChoices):
    REGULATION = "reglementation", "Réglementation"
    FUNDING = "appel_a_projets", "Appel à projets / financement"
    EVENT = "evenement", "Événement"
    STUDY = "etude", "Étude"
    NEWS = "actualite", "Actualité"


class ItemStatus(models.TextChoices):
    TO_REVIEW = "a_relire", "À relire"
    PUBLISHED = "publie", "Publié"
    DISCARDED = "ecarte", "Écarté"


class MonitoringItemSerializer(serializers.Serializer):
    """A digest's item in the Wagtail API."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    source = serializers.CharField()
    link = serializers.CharField(source="safe_link")
    date = serializers.DateField()
    category = serializers.CharField()
    summary = serializers.CharField()


class MonitoringDigestPage(KnowledgePageMixin, Page):
    """A monitoring digest for one period: an editorial and the items selected for it.

    The animator composes it in `selection` (DigestItem rows: ordered, revisioned with the
    page) from items not yet in another digest; the published composition is the one in
    the database, the draft one lives in the latest revision.
    """

    axis = Axis.MONITORING

    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    editorial = models.TextField("éditorial", blank=True, help_text="Markdown.")

    content_panels = [
        *Page.content_panels,
        *KnowledgePageMixin.metadata_panels,
        MultiFieldPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading="Période"),
        FieldPanel("editorial"),
        InlinePanel(
            "selection",
            label="Élément de veille",
            heading="Éléments de veille",
            help_text="Seuls les éléments qui ne sont dans aucune autre lettre sont proposés.",
        ),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [
        *Page.search_fields,
        *KnowledgePageMixin.knowledge_search_fields,
        index.SearchField("editorial"),
        index.SearchField("shown_items_text"),
        index.FilterField("period_start"),
        index.FilterField("period_end"),
    ]
    api_fields = [
        *KnowledgePageMixin.knowledge_api_fields,
        APIField("period_start"),
        APIField("period_end"),
        APIField("editorial"),
        APIField("items", serializer=MonitoringItemSerializer(many=True, source="shown_items")),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "veille/monitoring_digest_page.html"
    base_form_class = DigestPageForm
    # An item belongs to one digest: copies start with an empty composition.
    exclude_fields_in_copy = ["selection"]

    class Meta:
        verbose_name = "lettre de veille"
        verbose_name_plural = "lettres de veille"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "La fin de la période précède son début."})

    @property
    def items(self):
        """The published composition's items, in order (discarded ones included)."""
        return MonitoringItem.objects.filter(digest_links__digest=self).order_by(
            "digest_links__sort_order", "pk"
        )

    def shown_items(self):
        return self.items.exclude(status=ItemStatus.DISCARDED)

    def selectable_items(self):
        """The items the composition may hold: those in no other digest."""
        return MonitoringItem.objects.unassigned(self).order_by("-date", "title")

    def shown_items_text(self) -> list[str]:
        """The digest's items (discarded ones left out), as search indexes them."""
        return [f"{item.title} {item.source} {item.summary}" for item in self.shown_items()]


class DigestItem(Orderable):
    """One line of a digest's composition in the editor: an existing monitoring item."""

    digest = ParentalKey(MonitoringDigestPage, on_delete=models.CASCADE, related_name="selection")
    item = models.ForeignKey(
        "veille.MonitoringItem",
        verbose_name="élément",
        on_delete=models.CASCADE,
        related_name="digest_links",
    )

    # A plain select, not the snippet chooser: DigestPageForm limits its choices to the
    # items in no other digest.
    panels = [FieldPanel("item", widget=forms.Select)]

    class Meta(Orderable.Meta):
        verbose_name = "élément de la lettre"
        verbose_name_plural = "éléments de la lettre"


class MonitoringItemQuerySet(models.QuerySet):
    def unassigned(self, digest=None):
        """Items in no digest (or in `digest`), for composing `digest`."""
        others = DigestItem.objects.all()
        if digest is not None and digest.pk:
            others = others.exclude(digest_id=digest.pk)
        return self.exclude(status=ItemStatus.DISCARDED).exclude(pk__in=others.values("item_id"))

    def public(self):
        """Published items, alone or in a live digest open to everyone."""
        public_digests = MonitoringDigestPage.objects.live().public().values("pk")
        hidden = DigestItem.objects.exclude(digest__in=public_digests).values("item_id")
        return self.filter(status=ItemStatus.PUBLISHED).exclude(pk__in=hidden)


@register_snippet
class MonitoringItem(index.Indexed, models.Model):
    """A piece of news curated by the animator, published alone or grouped in a digest."""

    title = models.CharField("titre", max_length=255)
    source = models.CharField("source", max_length=200, blank=True)
    link = models.URLField("lien", max_length=500, blank=True, validators=[validate_http_url])
    date = models.DateField("date", default=timezone.localdate)
    category = models.CharField(
        "catégorie",
        max_length=20,
        choices=MonitoringCategory.choices,
        default=MonitoringCategory.NEWS,
    )
    summary = models.TextField(
        "résumé",
        blank=True,
        help_text="Texte simple ; le HTML venu des flux externes est nettoyé à l'import.",
    )
    summary_is_html = models.BooleanField(default=False, editable=False)
    themes = models.ManyToManyField(
        "portal.Theme", verbose_name="thématiques", blank=True, related_name="+"
    )
    territories = models.ManyToManyField(
        "portal.Territory", verbose_name="territoires", blank=True, related_name="+"
    )
    importance = models.PositiveSmallIntegerField(
        "importance",
        default=2,
        choices=[(1, "1 – secondaire"), (2, "2 – normale"), (3, "3 – majeure")],
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    status = models.CharField(
        "statut", max_length=10, choices=ItemStatus.choices, default=ItemStatus.TO_REVIEW
    )
    guid = models.CharField(
        "identifiant externe", max_length=500, unique=True, null=True, blank=True
    )
    external_source = models.ForeignKey(
        "veille.ExternalSource",
        verbose_name="source externe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)

    objects = MonitoringItemQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("source"), FieldPanel("date")]),
        FieldPanel("link"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("importance"), FieldPanel("status")]),
        FieldPanel("summary"),
        FieldPanel("themes"),
        FieldPanel("territories"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("source"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("title"),
        APIField("source"),
        APIField("link", serializer=serializers.CharField(source="safe_link", read_only=True)),
        APIField("date"),
        APIField("category"),
        APIField("summary"),
    ]

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = "élément de veille"
        verbose_name_plural = "éléments de veille"
        indexes = [models.Index(fields=["status", "-date"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.summary_is_html:
            self.summary = str(sanitize_html(self.summary))
        self.link = safe_http_url(self.link)
        super().save(*args, **kwargs)

    @property
    def safe_link(self):
        """The link as every template, feed and API renders it: http(s) or nothing."""
        return safe_http_url(self.link)

    @property
    def digest(self):
        """The digest that holds the item, if any (prefetch `digest_links__digest` for many)."""
        link = next(iter(self.digest_links.all()), None)
        return link.digest if link is not None else None

    @property
    def summary_html(self):
        """Sanitised HTML (feeds) or plain text with line breaks, ready for a template."""
        if self.summary_is_html:
            return mark_safe(self.summary)  # noqa: S308 - sanitised on save
        return linebreaksbr(self.summary, autoescape=True)

    @property
    def summary_text(self):
        return strip_tags(self.summary) if self.summary_is_html else self.summary


@register_snippet
class ExternalSource(models.Model):
    """An RSS or Atom feed whose new entries land in the review queue."""

    name = models.CharField("nom", max_length=200)
    feed_url = models.URLField(
        "adresse du flux", max_length=500, unique=True, validators=[validate_http_url]
    )
    active = models.BooleanField("active", default=True)
    default_category = models.CharField(
        "catégorie par défaut",
        max_length=20,
        choices=MonitoringCategory.choices,
        default=MonitoringCategory.NEWS,
    )
    last_fetched_at = models.DateTimeField("dernière collecte", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("feed_url"),
        FieldPanel("default_category"),
        FieldPanel("active"),
        FieldPanel("last_fetched_at", read_only=True),
        FieldPanel("last_error", read_only=True),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "source externe"
        verbose_name_plural = "sources externes"

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    """A newsletter subscriber: double opt-in, optional themes, one-click unsubscribe."""

    email = models.EmailField("courriel", max_length=254)
    themes = models.ManyToManyField(
        "portal.Theme", verbose_name="thématiques", blank=True, related_name="+"
    )
    created = models.DateTimeField("inscrit le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("désinscrit le", null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = "abonné à la lettre"
        verbose_name_plural = "abonnés à la lettre"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="veille_subscriber_email_ci_unique")
        ]

    def __str__(self):
        return self.email

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class DigestDelivery(models.Model):
    """One digest sent to one subscriber: written right after the send, never sent twice."""

    digest = models.ForeignKey(
        MonitoringDigestPage, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "envoi de lettre"
        verbose_name_plural = "envois de lettres"
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscriber"], name="veille_delivery_once_per_subscriber"
            )
        ]

    def __str__(self):
        return f"{self.digest} → {self.subscriber}"


def new_public_id():
    return secrets.token_urlsafe(18)


class AlertFrequency(models.TextChoices):
    DAILY = "daily", "Chaque jour"
    WEEKLY = "weekly", "Chaque semaine"


class SavedSearch(models.Model):
    """A search alert: new public pages matching a saved search, e-mailed at the chosen
    frequency once confirmed (double opt-in), and an RSS feed behind an unguessable id."""

    public_id = models.CharField(
        "identifiant public", max_length=32, unique=True, default=new_public_id, editable=False
    )
    email = models.EmailField("courriel", max_length=254)
    querystring = models.CharField(
        "recherche", max_length=1000, help_text="Paramètres de la recherche, sans « ? »."
    )
    label = models.CharField("intitulé", max_length=120)
    frequency = models.CharField(
        "fréquence", max_length=10, choices=AlertFrequency.choices, default=AlertFrequency.WEEKLY
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True)
    last_checked_at = models.DateTimeField("dernière vérification", null=True, blank=True)
    last_sent_at = models.DateTimeField("dernier envoi", null=True, blank=True)
    sent_until = models.DateTimeField(
        "pages déjà traitées jusqu'au",
        null=True,
        blank=True,
        help_text="Seules les pages publiées pour la première fois après ce moment sont envoyées.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "alerte de recherche"
        verbose_name_plural = "alertes de recherche"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "querystring", name="veille_savedsearch_email_query_unique"
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.email})"
