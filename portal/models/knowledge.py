"""What every knowledge page carries, whatever its axis: one abstract mixin, not six copies."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.axes import Axis
from portal.blocks import BaseStreamBlock
from portal.serializers import TaxonomyTermSerializer


class KnowledgePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = "étiquette de page"


class PageAttachment(Orderable):
    """A document attached to a knowledge page: tools, templates, reports to download."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="document", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("intitulé", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def label(self):
        return self.title or self.document.title


class KnowledgeTagsManager(ClusterTaggableManager):
    """Tags shared by every knowledge page type, with a reverse name per concrete type."""

    def contribute_to_class(self, cls, name):
        if not cls._meta.abstract:
            self.remote_field.related_name = f"{cls._meta.app_label}_{cls._meta.model_name}_pages"
        super().contribute_to_class(cls, name)


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="Nom", max_length=120)
    role = blocks.CharBlock(label="Fonction", max_length=120, required=False)
    organisation = blocks.CharBlock(label="Structure", max_length=200, required=False)
    email = blocks.EmailBlock(label="Courriel", required=False)
    phone = blocks.CharBlock(label="Téléphone", max_length=30, required=False)

    class Meta:
        icon = "user"
        label = "Contact"
        template = "components/streamfield/blocks/contact_block.html"


class KnowledgePageMixin(models.Model):
    """Common metadata of the six knowledge page types.

    Each concrete type sets `axis`, declares its own fields and may extend
    `search_text_parts()` and `search_extra()`: that is the protocol the search app reads
    (see portal.search_protocol), so search never needs a list of page classes.
    """

    axis: Axis

    summary = models.TextField(
        "résumé", max_length=600, help_text="Deux ou trois phrases, reprises dans les listes."
    )
    territories = ParentalManyToManyField(
        "portal.Territory", verbose_name="territoires", blank=True, related_name="+"
    )
    themes = ParentalManyToManyField("portal.Theme", verbose_name="thématiques", related_name="+")
    audiences = ParentalManyToManyField(
        "portal.Audience", verbose_name="publics", blank=True, related_name="+"
    )
    tags = KnowledgeTagsManager("étiquettes", through="portal.KnowledgePageTag", blank=True)
    publication_date = models.DateField("date de publication", default=datetime.date.today)
    last_reviewed = models.DateField("dernière relecture", null=True, blank=True)
    next_review = models.DateField("prochaine relecture", null=True, blank=True)
    contacts = StreamField([("contact", ContactBlock())], verbose_name="contacts", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="contenu", blank=True)

    metadata_panels = [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("territories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Classement",
        ),
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("last_reviewed"),
                FieldPanel("next_review"),
            ],
            heading="Dates et fraîcheur",
        ),
    ]
    attachment_panels = [
        FieldPanel("contacts"),
        InlinePanel("attachments", label="Documents joints", heading="Documents joints"),
    ]

    knowledge_search_fields = [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]

    knowledge_api_fields = [
        APIField("summary"),
        APIField("publication_date"),
        APIField("last_reviewed"),
        APIField("next_review"),
        APIField("territories", serializer=TaxonomyTermSerializer(many=True)),
        APIField("themes", serializer=TaxonomyTermSerializer(many=True)),
        APIField("audiences", serializer=TaxonomyTermSerializer(many=True)),
        APIField("tags"),
        APIField("body"),
        APIField("contacts"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def can_create_at(cls, parent):
        """Knowledge pages live under the section page of their own axis."""
        parent = parent.specific
        return super().can_create_at(parent) and getattr(parent, "axis", None) == cls.axis

    def clean(self):
        super().clean()
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            raise ValidationError(
                {"last_reviewed": "La date de dernière relecture ne peut pas être dans le futur."}
            )
        if self.next_review and self.last_reviewed and self.next_review < self.last_reviewed:
            raise ValidationError(
                {"next_review": "La prochaine relecture doit suivre la dernière relecture."}
            )

    # --- the search protocol ---------------------------------------------------------
    def search_text_parts(self) -> list[str]:
        """Plain text of the page's own content, for full-text search."""
        return [text for text in self.body.stream_block.get_searchable_content(self.body) if text]

    def search_extra(self) -> dict:
        """Type-specific values to index beside the common fields (gains, codes...)."""
        return {}

    def search_documents(self):
        """Wagtail documents whose extracted text is indexed with the page."""
        return [attachment.document for attachment in self.attachments.all()]

    @property
    def content_type_label(self):
        return self._meta.verbose_name
