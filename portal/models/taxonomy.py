"""The shared taxonomy, edited as snippets: territories, themes, audiences."""

import unicodedata

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.fields import latitude_field, longitude_field
from portal.sanitize import render_markdown


def in_french_order(terms):
    """Terms sorted by name as a French reader expects (É with E), whatever the database."""

    def key(term):
        return unicodedata.normalize("NFKD", term.name).encode("ascii", "ignore").lower()

    return sorted(terms, key=key)


class TaxonomyTerm(index.Indexed, models.Model):
    name = models.CharField("nom", max_length=120, unique=True)
    slug = models.SlugField("identifiant", max_length=120, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


@register_snippet
class Territory(TaxonomyTerm):
    """One local EIT programme of the Grand Est network."""

    lead_structure = models.CharField("structure porteuse", max_length=200)
    departments = models.CharField(
        "départements", max_length=200, blank=True, help_text="Par exemple : Aube (10)"
    )
    year_started = models.PositiveSmallIntegerField(
        "année de lancement",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    facilitator_name = models.CharField("animateur ou animatrice", max_length=120, blank=True)
    facilitator_email = models.EmailField("courriel de contact", blank=True)
    facilitator_phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site web", blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    presentation = models.TextField(
        "présentation",
        blank=True,
        max_length=1500,
        help_text=(
            "Quelques phrases sur la démarche, affichées sur sa page publique "
            "(Markdown : **gras**, *italique*, [lien](https://…), listes)."
        ),
    )
    is_demo = models.BooleanField(
        "donnée de démonstration",
        default=False,
        help_text="Cochée pour les territoires inventés du jeu de démonstration.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("lead_structure"),
        FieldPanel("departments"),
        FieldPanel("year_started"),
        FieldPanel("presentation"),
        MultiFieldPanel(
            [
                FieldPanel("facilitator_name"),
                FieldPanel("facilitator_email"),
                FieldPanel("facilitator_phone"),
                FieldPanel("website"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading="Localisation"),
        FieldPanel("is_demo"),
    ]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "territoire"
        verbose_name_plural = "territoires"

    def get_absolute_url(self):
        return reverse("territory_detail", args=[self.slug])

    @property
    def presentation_html(self):
        """The presentation as HTML, through the portal's one sanitiser."""
        return render_markdown(self.presentation)

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None


@register_snippet
class Theme(TaxonomyTerm):
    description = models.TextField("description", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "thématique"
        verbose_name_plural = "thématiques"


@register_snippet
class Audience(TaxonomyTerm):
    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "public"
        verbose_name_plural = "publics"
