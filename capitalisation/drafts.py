"""Draft an experience-feedback page from outside the app: `flows`'s one entry point into
capitalisation (with the SYNERGY_GAINS hook; an import-linter contract holds it).

The page is created as a draft under the knowledge section, owned by `user`, and
submitted into the review workflow of that section when one applies; it is published
only when the regional animation approves it. What a synergy needs to name a feedback's
flows and type, and to link to the published feedback pages, is offered here too."""

from django.utils.text import slugify

from capitalisation.dashboard import live_public_feedback_pages
from capitalisation.models import ExperienceFeedbackPage
from capitalisation.models.experience_feedback import Flow as FeedbackFlow
from capitalisation.models.experience_feedback import SynergyStatus, SynergyType

__all__ = [
    "FeedbackFlow",
    "NoKnowledgeSection",
    "SynergyType",
    "draft_experience_feedback",
    "live_public_feedback_pages",
]
from portal.axes import Axis
from portal.models import SectionPage


class NoKnowledgeSection(LookupError):
    pass


def _free_slug(parent, title):
    base = slugify(title)[:70] or "retour-experience"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def draft_experience_feedback(
    *,
    user,
    title,
    summary,
    synergy_type,
    flows,
    year,
    territories=(),
    partner_companies="",
    context="",
    results="",
    gains=None,
):
    """A new draft ExperienceFeedbackPage, pre-filled and submitted for review.

    `flows`: values of `experience_feedback.Flow`; `gains`: {gain field: Decimal}."""
    section = SectionPage.objects.filter(axis=Axis.KNOWLEDGE).first()
    if section is None:
        raise NoKnowledgeSection("Aucune rubrique « savoirs » où créer le retour d'expérience.")
    page = ExperienceFeedbackPage(
        title=title[:255],
        slug=_free_slug(section, title),
        summary=summary[:600],
        synergy_type=synergy_type,
        flows=list(flows),
        status=SynergyStatus.RUNNING,
        year=year,
        partner_companies=partner_companies,
        context=context,
        results=results,
        owner=user,
        live=False,
        **(gains or {}),
    )
    section.add_child(instance=page)
    page.territories.set(territories)
    page.save()
    page.save_revision(user=user)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return page
