"""Factories for the taxonomy, the users and every page type, for tests and benchmarks.

A test and development tool (factory_boy, Faker and wagtail-factories are in the `dev`
extra): no runtime module imports it; the demo is data under demo/.

The page factories of the axis apps name their model as "app_label.ModelName": factory_boy
resolves it through Django's app registry, so `portal/` still imports no other app of
the project.

Knowledge page factories need `parent=` the SectionPage of their axis
(`KnowledgePageMixin.can_create_at`). They are created live, with a published revision:
the taxonomy set by the post-generation hooks is saved by that publication.
"""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.axes import Axis
from portal.models import (
    Audience,
    HomePage,
    PageAttachment,
    SectionPage,
    StandardPage,
    Territory,
    Theme,
)

FAKER_LOCALE = "fr_FR"


def fr_faker(provider, **kwargs):
    return factory.Faker(provider, locale=FAKER_LOCALE, **kwargs)


# --- taxonomy and users ---------------------------------------------------------------


class TerritoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Territoire de démonstration {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    lead_structure = factory.LazyAttribute(lambda obj: f"Association {obj.name} (fictive)")
    departments = "Marne (51)"
    year_started = factory.Faker("random_int", min=2003, max=2024)
    facilitator_name = fr_faker("name")
    facilitator_email = factory.Sequence(lambda n: f"animation{n}@exemple.fr")
    is_demo = True

    class Meta:
        model = Territory
        django_get_or_create = ("slug",)


class ThemeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thématique {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    description = fr_faker("sentence")

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)


class AudienceFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Public {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))

    class Meta:
        model = Audience
        django_get_or_create = ("slug",)


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"membre{n}")
    first_name = fr_faker("first_name")
    last_name = fr_faker("last_name")
    email = factory.LazyAttribute(lambda obj: f"{obj.username}@exemple.fr")
    password = factory.django.Password("mot-de-passe-de-test")
    structure = fr_faker("company")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class DocumentFactory(DjangoModelFactory):
    """A Wagtail document in the root collection (wagtail_factories makes a new root)."""

    title = fr_faker("sentence", nb_words=4)
    file = factory.django.FileField(filename="document.pdf", data=b"%PDF-1.4\n%%EOF\n")
    collection = factory.LazyFunction(Collection.get_first_root_node)

    class Meta:
        model = get_document_model()


# --- structural pages -----------------------------------------------------------------


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Réseau EIT Grand Est"
    slug = "accueil"
    intro = "<p>Le portail de capitalisation des animateurs et animatrices EIT du Grand Est.</p>"

    class Meta:
        model = HomePage


class SectionPageFactory(wagtail_factories.PageFactory):
    axis = Axis.KNOWLEDGE
    title = factory.LazyAttribute(lambda obj: Axis(obj.axis).label)
    slug = factory.LazyAttribute(lambda obj: str(obj.axis))
    intro = "<p>Les ressources de cet axe, les plus récentes d'abord.</p>"

    class Meta:
        model = SectionPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = fr_faker("sentence", nb_words=4)
    body = factory.LazyFunction(
        lambda: [("markdown", "## À propos\n\nUne page de contenu du portail.")]
    )

    class Meta:
        model = StandardPage


# --- knowledge pages ------------------------------------------------------------------


def _to_datetime(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))


class KnowledgePageFactory(wagtail_factories.PageFactory):
    """Common metadata; `themes`, `territories`, `audiences`, `tags` are hooks.

    Without `themes=`, one theme is created (themes are required). Pass `live=False` to
    leave the page as a draft with one revision.
    """

    title = factory.Sequence(lambda n: f"Page de connaissance {n}")
    summary = fr_faker("paragraph", nb_sentences=2)
    publication_date = fr_faker("date_between", start_date="-3y", end_date="today")
    first_published_at = factory.LazyAttribute(lambda obj: _to_datetime(obj.publication_date))
    live = True

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        obj.themes = list(extracted) if extracted is not None else [ThemeFactory()]

    @factory.post_generation
    def territories(obj, create, extracted, **kwargs):
        if extracted:
            obj.territories = list(extracted)

    @factory.post_generation
    def audiences(obj, create, extracted, **kwargs):
        if extracted:
            obj.audiences = list(extracted)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if extracted:
            obj.tags.add(*extracted)

    @factory.post_generation
    def attachments(obj, create, extracted, **kwargs):
        """`attachments=[document, ...]`: Wagtail documents to attach to the page."""
        if extracted:
            obj.attachments = [
                PageAttachment(document=document, sort_order=index)
                for index, document in enumerate(extracted)
            ]

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Save what the hooks set through a revision, published if the page is live."""
        if not create:
            return
        live = instance.live
        revision = instance.save_revision()
        if live:
            revision.publish()
        else:
            instance.save()
        instance.refresh_from_db()


class ExperienceFeedbackPageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Retour d'expérience {n}")
    synergy_type = "substitution"
    flows = factory.LazyFunction(lambda: ["matieres", "dechets"])
    status = "en_cours"
    year = factory.Faker("random_int", min=2019, max=2026)
    partner_companies = "Menuiserie fictive du Val\nPlateforme logistique d'exemple"
    context = "Deux entreprises voisines d'une même zone d'activités."
    actions = "- Visite des sites\n- Essai de reprise des palettes"
    results = "Les palettes sont **réemployées** chaque semaine."
    lessons_learned = "Un contrat simple suffit pour démarrer."
    waste_tonnes_avoided = 120
    euros_saved = 8500

    class Meta:
        model = "capitalisation.ExperienceFeedbackPage"


class MethodologySheetPageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Fiche méthodologique {n}")
    objective = "Conduire une étape d'une démarche d'écologie industrielle et territoriale."
    when_to_use = "Au lancement de la démarche, avant le premier atelier."
    duration = "2 à 3 mois"
    difficulty = 2
    prerequisites = "- Un portage politique\n- Une liste des entreprises de la zone"
    steps = factory.LazyFunction(
        lambda: [
            ("step", {"title": "Préparer", "text": "Réunir les données disponibles."}),
            ("step", {"title": "Rencontrer", "text": "Visiter les entreprises."}),
        ]
    )

    class Meta:
        model = "capitalisation.MethodologySheetPage"


class IndicatorGuidePageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Guide d'indicateur {n}")
    code = factory.Sequence(lambda n: f"indicateur-{n}")
    definition = "Ce que l'indicateur mesure, sur quel périmètre."
    unit = "t"
    calculation_method = "Somme des tonnages déclarés par les entreprises."
    data_sources = "Registres des déchets des entreprises."
    collection_frequency = "annuelle"
    purpose = "les_deux"
    reference = "ademe"

    class Meta:
        model = "capitalisation.IndicatorGuidePage"


class MonitoringDigestPageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Lettre de veille {n}")
    period_start = factory.LazyAttribute(lambda obj: obj.publication_date.replace(day=1))
    period_end = factory.LazyAttribute(lambda obj: obj.publication_date)
    editorial = "Les informations du mois pour les animateurs et animatrices."

    class Meta:
        model = "veille.MonitoringDigestPage"

    @factory.post_generation
    def items(obj, create, extracted, **kwargs):
        """`items=[{...}, ...]`: field values of MonitoringItem (themes excluded), composed
        in that order; saved with the page."""
        item_model = apps.get_model("veille", "MonitoringItem")
        link_model = apps.get_model("veille", "DigestItem")
        values = (
            extracted
            if extracted is not None
            else [
                {"title": "Un appel à projets économie circulaire", "category": "appel_a_projets"}
            ]
        )
        items = [
            item_model(**{"date": obj.period_end, "category": "actualite", **item})
            for item in values
        ]
        if create:
            for item in items:
                item.save()
        obj.selection = [
            link_model(item=item, sort_order=position) for position, item in enumerate(items)
        ]


class IndicatorValueFactory(DjangoModelFactory):
    """A validated value of an indicator (`indicator=` an IndicatorGuidePage) for a
    territory and a year."""

    territory = factory.SubFactory(TerritoryFactory)
    year = 2024
    value = Decimal(100)
    validated = True

    class Meta:
        model = "capitalisation.IndicatorValue"


class MonitoringItemFactory(DjangoModelFactory):
    """A monitoring item saved on an existing digest (`digest=`)."""

    title = fr_faker("sentence", nb_words=6)
    source = fr_faker("company")
    link = "https://exemple.fr/veille"
    date = fr_faker("date_between", start_date="-1y", end_date="today")
    category = "actualite"
    summary = fr_faker("sentence")

    class Meta:
        model = "veille.MonitoringItem"
        skip_postgeneration_save = True

    @factory.post_generation
    def digest(obj, create, extracted, **kwargs):
        """`digest=page`: the item joins the end of that digest's composition."""
        if extracted is None or not create:
            return
        links = apps.get_model("veille", "DigestItem").objects
        links.create(digest=extracted, item=obj, sort_order=links.filter(digest=extracted).count())


class TrainingNeedsSurveyPageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Enquête de besoins en formation {n}")
    intro = "Dites-nous quelles compétences vous manquent."
    thank_you_text = "Merci pour votre réponse."

    class Meta:
        model = "training.TrainingNeedsSurveyPage"

    @factory.post_generation
    def form_fields(obj, create, extracted, **kwargs):
        """`form_fields=[{"label", "field_type", "choices", "required"...}, ...]`."""
        question_model = apps.get_model("training", "SurveyQuestion")
        values = (
            extracted
            if extracted is not None
            else [
                {"label": "Votre territoire", "field_type": "singleline", "required": True},
                {
                    "label": "Thèmes de formation souhaités",
                    "field_type": "checkboxes",
                    "choices": "Animation d'ateliers\nCartographie des flux\nIndicateurs",
                },
            ]
        )
        questions = [
            question_model(sort_order=index, **{"required": False, **question})
            for index, question in enumerate(values)
        ]
        for question in questions:  # Wagtail sets it in the admin form, not on save
            question.clean_name = question.clean_name or question.get_field_clean_name()
        obj.form_fields = questions


class CommunicationTemplatePageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Modèle de communication {n}")
    kind = "communique"
    template_body = (
        "## {{ nom_territoire }} s'engage\n\n"
        "{{ nombre_entreprises }} entreprises coopèrent sur le territoire."
    )

    class Meta:
        model = "communication_kits.CommunicationTemplatePage"


KNOWLEDGE_PAGE_FACTORIES = {
    "capitalisation.ExperienceFeedbackPage": ExperienceFeedbackPageFactory,
    "capitalisation.MethodologySheetPage": MethodologySheetPageFactory,
    "capitalisation.IndicatorGuidePage": IndicatorGuidePageFactory,
    "veille.MonitoringDigestPage": MonitoringDigestPageFactory,
    "training.TrainingNeedsSurveyPage": TrainingNeedsSurveyPageFactory,
    "communication_kits.CommunicationTemplatePage": CommunicationTemplatePageFactory,
}
