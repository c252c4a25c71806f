"""A template page with declared placeholders, and helpers to personalise it."""

import pytest

from communication_kits.models import TemplatePlaceholder
from portal.axes import Axis
from portal.factories import CommunicationTemplatePageFactory, TerritoryFactory

BODY = (
    "## {{ nom_territoire }} lance sa démarche\n\n"
    "{{ structure_porteuse }} réunit les entreprises de **{{ nom_zone }}** et *partage* "
    "ses ressources.\n\n"
    "- {{ dechets_evites }} tonnes de déchets évitées ;\n"
    "- {{ economies_euros }} € économisés.\n\n"
    "1. Première étape\n"
    "2. Seconde étape\n\n"
    "### Contact\n\n"
    "Écrire à {{ contact_email }}, ou voir [le site du réseau](https://reseau.exemple.fr/).\n\n"
    "Non déclaré : {{ inconnu }}."
)

PLACEHOLDERS = [
    ("nom_territoire", "Nom du territoire", True, 120),
    ("structure_porteuse", "Structure porteuse", True, 200),
    ("nom_zone", "Zone d'activités", True, 80),
    ("dechets_evites", "Tonnes évitées", False, 30),
    ("economies_euros", "Économies", False, 30),
    ("contact_email", "Courriel de contact", False, 200),
]


def make_template(parent, body=BODY, placeholders=PLACEHOLDERS, **kwargs):
    page = CommunicationTemplatePageFactory(
        parent=parent, title="Communiqué de lancement", template_body=body, **kwargs
    )
    for order, (name, label, required, max_length) in enumerate(placeholders):
        TemplatePlaceholder.objects.create(
            page=page,
            sort_order=order,
            name=name,
            label=label,
            required=required,
            max_length=max_length,
            help_text=f"Aide pour {label}",
        )
    return page


@pytest.fixture
def template_page(site_tree):
    return make_template(site_tree.section(Axis.COMMUNICATION), slug="communique-lancement")


@pytest.fixture
def territory(db):
    return TerritoryFactory(
        name="Vallée de la Meuse",
        slug="vallee-meuse",
        lead_structure="Syndicat mixte de la Vallée",
        facilitator_name="Camille Exemple",
        facilitator_email="camille@exemple.fr",
        facilitator_phone="03 00 00 00 01",
        website="https://vallee.exemple.fr/",
    )


def form_data(**overrides):
    data = {
        "territoire": "",
        "v_nom_territoire": "Vallée de la Meuse",
        "v_structure_porteuse": "Syndicat mixte",
        "v_nom_zone": "zone des Écluses",
        "v_dechets_evites": "120",
        "v_economies_euros": "8 500",
        "v_contact_email": "contact@exemple.fr",
    }
    data.update(overrides)
    return data


def personalise_url(page):
    return page.url + page.reverse_subpage("personalise")


def download_url(page, fmt):
    return page.url + page.reverse_subpage("download", args=[fmt])
