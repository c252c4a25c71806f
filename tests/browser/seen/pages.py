"""Every page type of the portal, as URLs of the seeded demo, and who may open each."""

from wagtail.models import Page

from flows.models import Flow, PoolingOpportunity, Synergy
from portal.models import Territory
from training.models import TrainingNeedsSurveyPage

PUBLIC, MEMBERS, RESULTS = "public", "members", "results"


def first_page_url(type_name):
    for page in Page.objects.live().specific().order_by("path"):
        if type(page).__name__ == type_name:
            return page
    raise AssertionError(f"the demo has no live {type_name}")


def page_types(territory_slug="ecopole-seine-auboise"):
    """[(name, url, audience)]: one URL of each page type; `audience` is PUBLIC, MEMBERS
    (anonymous visitors are sent to the sign-in page) or RESULTS (survey results: the
    animation only, members are refused)."""
    template = first_page_url("CommunicationTemplatePage")
    survey = first_page_url("TrainingNeedsSurveyPage")
    summarised = TrainingNeedsSurveyPage.objects.live().filter(public_summary=True).first()
    territory = Territory.objects.get(slug=territory_slug)
    flow = Flow.objects.filter(establishment__territory=territory).order_by("pk").first()
    synergy = Synergy.objects.order_by("pk").first()
    opportunity = PoolingOpportunity.objects.order_by("pk").first()
    pages = [
        ("accueil", "/", PUBLIC),
        ("rubrique", first_page_url("SectionPage").url, PUBLIC),
        ("page-simple", first_page_url("StandardPage").url, PUBLIC),
        ("fiche-methode", first_page_url("MethodologySheetPage").url, PUBLIC),
        ("retour-experience", first_page_url("ExperienceFeedbackPage").url, PUBLIC),
        ("guide-indicateur", first_page_url("IndicatorGuidePage").url, PUBLIC),
        ("lettre-veille", first_page_url("MonitoringDigestPage").url, PUBLIC),
        ("collection", first_page_url("CollectionPage").url, PUBLIC),
        ("modele-communication", template.url, PUBLIC),
        ("personnalisation", template.url + "personnaliser/", PUBLIC),
        ("enquete-formation", survey.url, PUBLIC),
        ("enquete-resultats", survey.results_url(), RESULTS),
        ("recherche", "/recherche/?q=d%C3%A9chets", PUBLIC),
        ("veille-archives", "/veille/archives/", PUBLIC),
        ("veille-abonnement", "/veille/abonnement/", PUBLIC),
        ("veille-alerte", "/veille/alertes/creer/?q=chaleur", PUBLIC),
        ("territoires", "/territoires/", PUBLIC),
        ("territoire", f"/territoires/{territory.slug}/", PUBLIC),
        ("tableau-de-bord", "/indicateurs/tableau-de-bord/", PUBLIC),
        ("flux", "/flux/", PUBLIC),
        ("flux-fiche", f"/flux/{flow.pk}/", MEMBERS),
        ("flux-a-confirmer", "/flux/a-confirmer/", MEMBERS),
        ("flux-import", "/flux/import/", MEMBERS),
        ("flux-mutualisation", "/flux/mutualisation/?code=150101", PUBLIC),
        ("flux-carte", "/flux/carte/", MEMBERS),
        ("flux-sankey", "/flux/sankey/", PUBLIC),
        ("flux-atelier", "/flux/atelier/", MEMBERS),
        ("flux-synergies", "/flux/synergies/", MEMBERS),
        ("espace-membres", "/membres/", MEMBERS),
        ("annuaire", "/membres/annuaire/", MEMBERS),
        ("profil", "/membres/profil/", MEMBERS),
    ]
    if summarised:
        pages.append(("enquete-synthese", summarised.summary_url(), PUBLIC))
    if synergy:
        pages.append(("flux-synergie", f"/flux/synergies/{synergy.pk}/", MEMBERS))
    if opportunity:
        pages.append(("flux-opportunite", f"/flux/mutualisation/{opportunity.pk}/", MEMBERS))
    return pages
