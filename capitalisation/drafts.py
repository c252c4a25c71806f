"""Draft a knowledge page from outside the app: the entry point `flows` (experience
feedback of a synergy) and `questions` (a question and its accepted answer, as a method
sheet or an experience feedback) use.

The page is created as a draft under the knowledge section, owned by `user`, and
submitted into the review workflow of that section when one applies; it is published
only when the regional animation approves it."""

from django.utils.text import slugify

from capitalisation.models import ExperienceFeedbackPage, MethodologySheetPage
from capitalisation.models.experience_feedback import SynergyStatus
from portal.axes import Axis
from portal.models import SectionPage


class NoKnowledgeSection(LookupError):
    pass


def _free_slug(parent, title, fallback="retour-experience"):
    base = slugify(title)[:70] or fallback
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
    themes=(),
    partner_companies="",
    context="",
    results="",
    gains=None,
):
    """A new draft ExperienceFeedbackPage, pre-filled and submitted for review.

    `flows`: values of `experience_feedback.Flow`; `gains`: {gain field: Decimal}."""
    section = _knowledge_section("le retour d'expérience")
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
    return _add_draft(section, page, user, territories, themes)


def draft_methodology_sheet(
    *, user, title, summary, objective, when_to_use="", territories=(), themes=()
):
    """A new draft MethodologySheetPage, pre-filled and submitted for review (Markdown
    `objective` and `when_to_use`; the steps are left to the editor)."""
    section = _knowledge_section("la fiche méthodologique")
    page = MethodologySheetPage(
        title=title[:255],
        slug=_free_slug(section, title, "fiche-methodologique"),
        summary=summary[:600],
        objective=objective,
        when_to_use=when_to_use,
        owner=user,
        live=False,
    )
    return _add_draft(section, page, user, territories, themes)


def _knowledge_section(what):
    section = SectionPage.objects.filter(axis=Axis.KNOWLEDGE).first()
    if section is None:
        raise NoKnowledgeSection(f"Aucune rubrique « savoirs » où créer {what}.")
    return section


def _add_draft(section, page, user, territories, themes):
    section.add_child(instance=page)
    page.territories.set(territories)
    if themes:
        page.themes.set(themes)
    page.save()
    page.save_revision(user=user)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return page
