"""Communication kits: adaptable templates, their placeholders, kits and download counts."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from communication_kits import views
from communication_kits.documents import DocumentFormat
from communication_kits.forms import CommunicationTemplatePageForm
from communication_kits.placeholders import (
    PLACEHOLDER_NAME_PATTERN,
    PLACEHOLDER_RE,
    PREFILL_HELP,
)
from portal.axes import Axis
from portal.fields import territory_field
from portal.models import KnowledgePageMixin


class TemplateKind(models.TextChoices):
    PRESS_RELEASE = "communique", "Communiqué de presse"
    BULLETIN_ARTICLE = "article", "Article pour un bulletin local"
    SOCIAL_POST = "reseaux_sociaux", "Publication pour les réseaux sociaux"
    WORKSHOP_INVITATION = "invitation", "Invitation à un atelier"
    KEY_MESSAGES = "elements_de_langage", "Éléments de langage"
    SLIDES = "diaporama", "Diaporama"


@register_snippet
class CommunicationKit(index.Indexed, models.Model):
    """The templates of one campaign: launching a programme, inviting to a workshop..."""

    name = models.CharField("nom", max_length=150, unique=True)
    slug = models.SlugField("identifiant", max_length=150, unique=True)
    description = models.TextField("description", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "kit de communication"
        verbose_name_plural = "kits de communication"

    def __str__(self):
        return self.name


class CommunicationTemplatePage(RoutablePageMixin, KnowledgePageMixin, Page):
    """An adaptable communication template; the downloadable files are its attachments."""

    axis = Axis.COMMUNICATION

    kind = models.CharField("nature", max_length=30, choices=TemplateKind.choices)
    kit = models.ForeignKey(
        CommunicationKit,
        verbose_name="kit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="templates",
    )
    template_body = models.TextField(
        "texte du modèle",
        help_text="Markdown. Les éléments à adapter s'écrivent {{ nom }} et doivent être "
        "déclarés ci-dessous, dans « Éléments à personnaliser ».",
    )

    content_panels = [
        *Page.content_panels,
        *KnowledgePageMixin.metadata_panels,
        FieldPanel("kind"),
        FieldPanel("kit"),
        FieldPanel("template_body"),
        InlinePanel(
            "placeholders",
            label="Élément à personnaliser",
            heading="Éléments à personnaliser",
            help_text=PREFILL_HELP,
        ),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [
        *Page.search_fields,
        *KnowledgePageMixin.knowledge_search_fields,
        index.SearchField("get_kind_display"),
        index.SearchField("template_body"),
        index.FilterField("kind"),
        index.FilterField("kit"),
    ]
    api_fields = [
        *KnowledgePageMixin.knowledge_api_fields,
        APIField("kind"),
        APIField("template_body"),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "communication_kits/communication_template_page.html"
    # Checks the declared placeholders against the body: only the form sees both.
    base_form_class = CommunicationTemplatePageForm

    class Meta:
        verbose_name = "modèle de communication"
        verbose_name_plural = "modèles de communication"

    def search_value(self, search_field):
        """The template's text with each `{{ name }}` shown as its label."""
        value = super().search_value(search_field)
        if search_field.field_name == "template_body":
            labels = {p.name: p.label for p in self.placeholders.all()}
            return PLACEHOLDER_RE.sub(lambda m: labels.get(m[1], m[1].replace("_", " ")), value)
        return value

    def declared_placeholders(self):
        return list(self.placeholders.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["placeholders"] = self.declared_placeholders()
        context["personalise_url"] = self.url + self.reverse_subpage("personalise")
        if self.kit_id:
            context["kit_templates"] = (
                CommunicationTemplatePage.objects.live()
                .public()
                .filter(kit_id=self.kit_id)
                .exclude(pk=self.pk)
                .order_by("title")
            )
        return context

    @path("personnaliser/", name="personalise")
    def personalise(self, request):
        return views.personalise(request, self)

    @path("telecharger/<str:fmt>/", name="download")
    def download(self, request, fmt):
        if fmt not in DocumentFormat.values:
            raise Http404("Format inconnu")
        return views.download(request, self, fmt)


class TemplatePlaceholder(Orderable):
    """One `{{ name }}` of a template, with what the visitor is told about it."""

    page = ParentalKey(
        CommunicationTemplatePage, on_delete=models.CASCADE, related_name="placeholders"
    )
    name = models.CharField(
        "identifiant",
        max_length=60,
        validators=[
            RegexValidator(
                rf"^{PLACEHOLDER_NAME_PATTERN}$",
                "Identifiant invalide : lettres minuscules sans accent, chiffres et _ "
                "uniquement, sans commencer par un chiffre (par exemple nom_territoire).",
            )
        ],
        help_text="Tel qu'il est écrit dans le texte entre {{ et }}, par exemple nom_territoire.",
    )
    label = models.CharField("libellé", max_length=150)
    help_text = models.CharField("aide", max_length=300, blank=True)
    default = models.CharField("valeur par défaut", max_length=500, blank=True)
    required = models.BooleanField("obligatoire", default=True)
    max_length = models.PositiveIntegerField(
        "longueur maximale",
        default=200,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("label"),
        FieldPanel("help_text"),
        MultiFieldPanel(
            [FieldPanel("default"), FieldPanel("required"), FieldPanel("max_length")],
            heading="Saisie",
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "élément à personnaliser"
        verbose_name_plural = "éléments à personnaliser"

    def __str__(self):
        return self.name


class TemplateDownload(models.Model):
    """One successful download: which template, territory and format; no personal data."""

    page = models.ForeignKey(
        CommunicationTemplatePage,
        verbose_name="modèle",
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    territory = territory_field()
    format = models.CharField("format", max_length=10, choices=DocumentFormat.choices)
    date = models.DateField("date", default=timezone.localdate, db_index=True)

    class Meta:
        verbose_name = "téléchargement de modèle"
        verbose_name_plural = "téléchargements de modèles"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.page_id} {self.format} {self.date}"
