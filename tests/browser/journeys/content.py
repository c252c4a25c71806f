"""Realistic French content and accounts for the browser journeys, built with the factories.

The journeys perform the users' own steps through the browser; this module only prepares
what already exists before they start (taxonomy, pages, accounts).
"""

import io
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from odf.opendocument import OpenDocumentText
from odf.text import H, P
from wagtail.documents import get_document_model
from wagtail.models import Collection

from communication_kits.models import TemplatePlaceholder
from portal.axes import Axis
from portal.factories import (
    CommunicationTemplatePageFactory,
    ExperienceFeedbackPageFactory,
    MethodologySheetPageFactory,
    TerritoryFactory,
    ThemeFactory,
    TrainingNeedsSurveyPageFactory,
    UserFactory,
)
from portal.permissions_setup import ensure_roles
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP
from tests.support.surveys import QUESTIONS

PASSWORD = "mot-de-passe-de-test"  # noqa: S105 - the factories' test password


# --- accounts -----------------------------------------------------------------------------


def _permissions(*specs):
    """Permission objects from "app_label.codename" strings."""
    found = []
    for spec in specs:
        app_label, codename = spec.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def animator(home, username="animation.regionale"):
    """The regional animator, with the permissions the portal's own role setup grants."""
    ensure_roles()
    group = Group.objects.get(name=ANIMATION_GROUP)
    user = UserFactory(
        username=username,
        first_name="Claire",
        last_name="Animatrice",
        structure="Animation régionale EIT Grand Est",
    )
    user.groups.add(group)
    return user


def member(territory, username="animateur.meuse"):
    """A local facilitator, member of the network, attached to `territory`."""
    group, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    user = UserFactory(
        username=username,
        first_name="Julien",
        last_name="Facilitateur",
        structure=territory.lead_structure,
        territory=territory,
    )
    user.groups.add(group)
    return user


# --- taxonomy -----------------------------------------------------------------------------


@dataclass
class Taxonomy:
    meuse: object
    plateau: object
    waste: object
    energy: object


def taxonomy():
    return Taxonomy(
        meuse=TerritoryFactory(
            name="Vallée de la Meuse",
            slug="vallee-meuse",
            lead_structure="Syndicat mixte de la Vallée de la Meuse",
            facilitator_name="Camille Lemoine",
            facilitator_email="camille.lemoine@vallee-meuse.exemple.fr",
        ),
        plateau=TerritoryFactory(
            name="Plateau lorrain",
            slug="plateau-lorrain",
            lead_structure="Communauté de communes du Plateau lorrain",
        ),
        waste=ThemeFactory(name="Déchets et matières", slug="dechets-matieres"),
        energy=ThemeFactory(name="Énergie", slug="energie"),
    )


# --- journey 1: wood waste ------------------------------------------------------------------


def odt_bytes(title, lines):
    """A genuine OpenDocument text file."""
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=title))
    for line in lines:
        document.text.addElement(P(text=line))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def wagtail_document(title, filename, data):
    document = get_document_model()(title=title, collection=Collection.get_first_root_node())
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return document


@dataclass
class WoodWaste:
    sheet: object
    attachment: object
    others: list


def wood_waste_pages(tree, terms):
    """The wood-waste methodology sheet (with an ODT tool) and pages the facets filter out."""
    section = tree.section(Axis.KNOWLEDGE)
    attachment = wagtail_document(
        "Grille de diagnostic des gisements de bois",
        "grille-diagnostic-bois.odt",
        odt_bytes(
            "Grille de diagnostic des gisements de bois",
            [
                "Entreprise, activité, nombre de salariés.",
                "Palettes, chutes de menuiserie, emballages : tonnage annuel estimé.",
            ],
        ),
    )
    sheet = MethodologySheetPageFactory(
        parent=section,
        title="Valoriser les déchets de bois d'une zone d'activités",
        slug="valoriser-dechets-bois",
        summary=(
            "Repérer les gisements de déchets de bois (palettes, chutes, emballages) chez "
            "les entreprises d'une zone et organiser leur réemploi ou leur recyclage."
        ),
        objective="Monter une filière locale de valorisation des déchets de bois.",
        territories=[terms.meuse],
        themes=[terms.waste],
        attachments=[attachment],
    )
    others = [
        ExperienceFeedbackPageFactory(
            parent=section,
            title="Collecte mutualisée des déchets de bois sur le Plateau",
            summary="Six entreprises partagent une benne pour leurs déchets de bois.",
            territories=[terms.plateau],
            themes=[terms.waste],
        ),
        MethodologySheetPageFactory(
            parent=section,
            title="Chaufferie biomasse alimentée par les déchets de bois",
            summary="Dimensionner une chaufferie collective qui brûle les déchets de bois.",
            territories=[terms.meuse],
            themes=[terms.energy],
        ),
        MethodologySheetPageFactory(
            parent=section,
            title="Mutualiser l'achat d'électricité verte",
            summary="Un groupement d'achat d'électricité pour les entreprises voisines.",
            territories=[terms.meuse],
            themes=[terms.energy],
        ),
    ]
    return WoodWaste(sheet=sheet, attachment=attachment, others=others)


# --- journey 3: communication template ----------------------------------------------------

TEMPLATE_BODY = (
    "## {{ nom_territoire }} lance sa démarche d'écologie industrielle\n\n"
    "{{ structure_porteuse }} réunit les entreprises de **{{ nom_zone }}** pour "
    "partager leurs ressources.\n\n"
    "Contact : {{ contact_email }}."
)
TEMPLATE_PLACEHOLDERS = [
    # name, label, required
    ("nom_territoire", "Nom du territoire", True),
    ("structure_porteuse", "Structure porteuse", True),
    ("nom_zone", "Zone d'activités", True),
    ("contact_email", "Courriel de contact", False),
]


def communication_template(tree, terms):
    page = CommunicationTemplatePageFactory(
        parent=tree.section(Axis.COMMUNICATION),
        title="Communiqué de lancement de la démarche",
        slug="communique-lancement",
        summary="Un communiqué de presse à adapter pour annoncer le lancement de la démarche.",
        template_body=TEMPLATE_BODY,
        themes=[terms.waste],
    )
    for order, (name, label, required) in enumerate(TEMPLATE_PLACEHOLDERS):
        TemplatePlaceholder.objects.create(
            page=page, sort_order=order, name=name, label=label, required=required
        )
    return page


# --- journey 4: training survey -----------------------------------------------------------

# The shared survey's questions (tests/support/surveys.py), a number question among them.
SURVEY_QUESTIONS = [
    *QUESTIONS[:-1],
    {"label": "Nombre de jours par an", "field_type": "number"},
    QUESTIONS[-1],
]


def training_survey(tree, terms):
    return TrainingNeedsSurveyPageFactory(
        parent=tree.section(Axis.TRAINING),
        title="Campagne 2026 : besoins en formation du réseau",
        slug="campagne-2026",
        summary="Chaque membre note ses besoins sur les compétences clés de l'animation EIT.",
        themes=[terms.waste],
        form_fields=SURVEY_QUESTIONS,
    )
