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
from wagtail.models import CollectionViewRestriction, Orderable, PagePermissionTester
from wagtail.search import index

from portal.axes import Axis
from portal.blocks import BaseStreamBlock
from portal.caching import on_cache_miss
from portal.forms import KnowledgePageForm
from portal.related import related_pages
from portal.roles import territory_allows_edit
from portal.searchable import declared_value, text_fields_of_weight, text_parts
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


def collection_restrictions() -> list:
    """Every collection view restriction with its collection (a handful of rows)."""
    return list(CollectionViewRestriction.objects.select_related("collection"))


def document_restrictions(document, restrictions) -> list:
    """The restrictions, among `restrictions`, of the document's collection or its ancestors."""
    path = document.collection.path
    return [r for r in restrictions if path.startswith(r.collection.path)]


def indexable_documents(documents, restrictions) -> list:
    """The documents, among `documents`, of no restricted collection."""
    return [doc for doc in documents if not document_restrictions(doc, restrictions)]


def is_overdue(next_review, today=None) -> bool:
    """A page is to be reviewed once its next-review date is past."""
    return bool(next_review) and next_review < (today or timezone.localdate())


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


class KnowledgePagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions with the territory rule (see territory_allows_edit).

    A contributor ("add" on an ancestor, no "change": the local facilitators under the
    "savoirs" section) also edits the pages of his territory, not only his own; nobody
    outside the regional animation edits, deletes or publishes another territory's page.
    """

    def _in_territory(self):
        return self.user.is_superuser or territory_allows_edit(self.user, self.page)

    def can_edit(self):
        if not self._in_territory():
            return False
        contributor = self.user.is_active and "add" in getattr(self, "permissions", ())
        return super().can_edit() or contributor

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk) and self._in_territory()

    def can_publish(self):
        return super().can_publish() and self._in_territory()

    def can_unpublish(self):
        return super().can_unpublish() and self._in_territory()


class KnowledgePageMixin(models.Model):
    """Common metadata of the six knowledge page types.

    Each concrete type sets `axis`, declares its own fields and, once, what of them is
    searchable: `search_fields` lists its text fields (`index.SearchField`, weighted by
    `boost`) and its filter fields (`index.FilterField`); `search_unindexed_fields` names
    the text fields left out on purpose. The search app's document builder, both of its
    engines and Wagtail's admin search read that one declaration (see
    portal.search_protocol), so search never needs a list of page classes.
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

    # Weights: the title (Page's, boost 2) ranks first, a boost above 1 second (the
    # summary), every other text field third.
    knowledge_search_fields = [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]
    # Text fields never indexed: contacts are people's names and addresses.
    search_unindexed_fields = ("contacts",)

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

    base_form_class = KnowledgePageForm

    def permissions_for_user(self, user):
        return KnowledgePagePermissionTester(user, self)

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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["see_also"] = on_cache_miss(related_pages, self, getattr(request, "user", None))
        return context

    @property
    def review_overdue(self) -> bool:
        """Past its next-review date: the page shows a discreet "à revoir" notice."""
        return is_overdue(self.next_review)

    # --- the search protocol ---------------------------------------------------------
    def search_value(self, search_field):
        """The value of one declared field as search indexes it (a type may rewrite it)."""
        return declared_value(self, search_field)

    def search_text_parts(self) -> list:
        """The values of the declared text fields below the title and summary weights."""
        fields = text_fields_of_weight(type(self), "C")
        return [text for field in fields for text in text_parts(self.search_value(field))]

    def search_documents(self, restrictions=None, documents=None):
        """Wagtail documents whose extracted text is indexed with the page: never those of
        a restricted collection, since the page's visibility is not the document's.
        `restrictions`: the collection restrictions, `documents`: the attached documents,
        when the caller has loaded them."""
        if restrictions is None:
            restrictions = collection_restrictions()
        if documents is None:
            documents = [attachment.document for attachment in self.attachments.all()]
        return indexable_documents(documents, restrictions)

    @property
    def content_type_label(self):
        return self._meta.verbose_name
