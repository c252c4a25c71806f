"""Demo data of the communication axis: kits and the placeholders of the demo templates."""

from communication_kits.models import (
    CommunicationKit,
    CommunicationTemplatePage,
    TemplatePlaceholder,
)
from communication_kits.placeholders import used_placeholders

# Demo kits: slug -> (name, description, slugs of the demo templates).
DEMO_KITS = {
    "lancer-la-demarche": (
        "Lancer la démarche",
        "Faire connaître le lancement d'une démarche d'écologie industrielle et "
        "territoriale : presse, collectivité, élus, réunions de présentation.",
        [
            "communique-lancement-demarche",
            "article-bulletin-intercommunal",
            "elements-langage-elus",
            "diaporama-presentation-demarche",
        ],
    ),
    "atelier-de-synergies": (
        "Inviter à un atelier de synergies",
        "Mobiliser les entreprises avant un atelier de détection de synergies, puis "
        "remercier les participants.",
        ["invitation-atelier-synergies", "post-reseaux-atelier"],
    ),
    "annoncer-les-resultats": (
        "Annoncer les résultats",
        "Valoriser les synergies en fonctionnement et les chiffres clés de l'année.",
        ["communique-bilan-annuel", "post-linkedin-synergie"],
    ),
}

# Placeholder name -> (label, help text, default, required, max length).
DEMO_PLACEHOLDERS = {
    "nom_territoire": ("Nom du territoire ou du programme", "", "", True, 150),
    "nom_structure": ("Structure porteuse", "Collectivité, CCI, association...", "", True, 200),
    "nom_zone": ("Zone d'activités ou bassin", "Par exemple : la zone des Écluses", "", True, 150),
    "contact_animateur": (
        "Contact",
        "Nom de l'animateur ou de l'animatrice, ou adresse de contact",
        "",
        True,
        200,
    ),
    "tonnes_evitees": ("Tonnes de déchets évitées", "Chiffre de l'année", "", True, 30),
    "euros_economises": ("Économies réalisées (€)", "Chiffre de l'année", "", True, 30),
    "nombre_entreprises": ("Nombre d'entreprises impliquées", "", "", True, 30),
    "exemple_synergie": (
        "Exemple de synergie",
        "Une phrase : qui échange quoi avec qui",
        "",
        True,
        300,
    ),
    "entreprise_a": ("Première entreprise", "", "", True, 120),
    "entreprise_b": ("Seconde entreprise", "", "", True, 120),
    "flux": ("Ce qui est échangé", "Par exemple : des palettes en bois", "", True, 150),
    "gain": ("Gain obtenu", "Par exemple : 12 t de déchets évités", "", True, 150),
    "nombre_participants": ("Nombre d'entreprises présentes", "", "", True, 30),
    "date_atelier": ("Date de l'atelier", "Par exemple : jeudi 12 mars 2026", "", True, 80),
    "nombre_pistes": ("Nombre de pistes de synergies", "", "", True, 30),
    "lieu": ("Lieu de l'atelier", "Adresse ou nom de la salle", "", True, 200),
    "temps_demande": ("Temps demandé aux entreprises", "", "deux heures par an", False, 80),
}


def seed(command):
    """Demo kits, and the placeholders each demo template uses (idempotent)."""
    command.step("Kits de communication")
    kit_of = {}
    for slug, (name, description, page_slugs) in DEMO_KITS.items():
        kit, created = CommunicationKit.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        command.tally("kits de communication", created)
        for page_slug in page_slugs:
            kit_of[page_slug] = kit

    command.step("Éléments à personnaliser des modèles")
    for page in CommunicationTemplatePage.objects.filter(slug__in=kit_of):
        # Edit the page through a published revision, so that the admin (which edits
        # the latest revision) sees the kit and the placeholders too.
        changed = False
        if page.kit_id is None:
            page.kit = kit_of[page.slug]
            changed = True
        existing = {placeholder.name for placeholder in page.placeholders.all()}
        for order, name in enumerate(used_placeholders(page.template_body)):
            created = name not in existing
            command.tally("éléments à personnaliser", created)
            if not created:
                continue
            label, help_text, default, required, max_length = DEMO_PLACEHOLDERS.get(
                name, (name.replace("_", " ").capitalize(), "", "", True, 200)
            )
            page.placeholders.add(
                TemplatePlaceholder(
                    sort_order=order,
                    name=name,
                    label=label,
                    help_text=help_text,
                    default=default,
                    required=required,
                    max_length=max_length,
                )
            )
            changed = True
        if changed:
            page.save_revision().publish()
