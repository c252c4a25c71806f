"""Demo data of the search app, called by `manage.py seed_demo` (idempotent)."""

from portal.axes import Axis
from portal.models import Audience, SectionPage, Theme
from portal.search_protocol import content_type_choices
from search.models import CollectionPage

COLLECTIONS = [
    {
        "slug": "demarrer-une-demarche-eit",
        "title": "Démarrer une démarche EIT",
        "intro": (
            "<p>Les fiches méthode pour lancer une démarche d'écologie industrielle et "
            "territoriale : mobiliser les élus, rencontrer les entreprises, animer les "
            "premiers ateliers.</p>"
        ),
        "query": "",
        "themes": ["gouvernance", "matieres"],
        "audiences": [],
        "content_types": ["capitalisation.MethodologySheetPage"],
        "tags": "",
        "sort": "date",
    },
    {
        "slug": "valoriser-les-dechets-bois",
        "title": "Valoriser les déchets bois",
        "intro": (
            "<p>Retours d'expérience, méthodes et outils pour estimer un gisement de "
            "déchets bois et lui trouver des débouchés : réemploi, matière, énergie.</p>"
        ),
        "query": "bois",
        "themes": [],
        "audiences": [],
        "content_types": [],
        "tags": "",
        "sort": "relevance",
    },
]


def seed_collections(command):
    command.step("Collections de la rubrique Ressources")
    section = SectionPage.objects.filter(axis=Axis.TRANSVERSAL).first()
    if section is None:
        return
    known_types = {value for value, _ in content_type_choices()}
    for values in COLLECTIONS:
        values = dict(values)
        slug = values.pop("slug")
        exists = CollectionPage.objects.child_of(section).filter(slug=slug).exists()
        command.tally("collections", not exists)
        if exists:
            continue
        themes = Theme.objects.filter(slug__in=values.pop("themes"))
        audiences = Audience.objects.filter(slug__in=values.pop("audiences"))
        values["content_types"] = [t for t in values["content_types"] if t in known_types]
        page = CollectionPage(slug=slug, **values)
        page.themes = list(themes)
        page.audiences = list(audiences)
        section.add_child(instance=page)
        page.save_revision().publish()
