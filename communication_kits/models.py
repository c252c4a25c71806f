from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from portal.axes import Axis
from portal.models import KnowledgePageMixin


class TemplateKind(models.TextChoices):
    PRESS_RELEASE = "communique", "Communiqué de presse"
    BULLETIN_ARTICLE = "article", "Article pour un bulletin local"
    SOCIAL_POST = "reseaux_sociaux", "Publication pour les réseaux sociaux"
    WORKSHOP_INVITATION = "invitation", "Invitation à un atelier"
    KEY_MESSAGES = "elements_de_langage", "Éléments de langage"
    SLIDES = "diaporama", "Diaporama"


class CommunicationTemplatePage(KnowledgePageMixin, Page):
    """An adaptable communication template; the downloadable files are its attachments."""

    axis = Axis.COMMUNICATION

    kind = models.CharField("nature", max_length=30, choices=TemplateKind.choices)
    template_body = models.TextField(
        "texte du modèle", help_text="Markdown. Les éléments à adapter s'écrivent {{ nom }}."
    )

    content_panels = [
        *Page.content_panels,
        *KnowledgePageMixin.metadata_panels,
        FieldPanel("kind"),
        FieldPanel("template_body"),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [*Page.search_fields, *KnowledgePageMixin.knowledge_search_fields]
    api_fields = [
        *KnowledgePageMixin.knowledge_api_fields,
        APIField("kind"),
        APIField("template_body"),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "communication_kits/communication_template_page.html"

    class Meta:
        verbose_name = "modèle de communication"
        verbose_name_plural = "modèles de communication"

    def search_text_parts(self):
        return [self.get_kind_display(), self.template_body, *super().search_text_parts()]
