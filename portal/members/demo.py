"""Demo data of the members' area, seeded by `manage.py seed_demo` (idempotent)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from portal import demo_content as demo
from portal import factories
from portal.models import MemberProfile, StandardPage, Theme
from portal.permissions_setup import ensure_members_collection
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP


def seed_member_space(command, home, make_pdf):
    """Profiles of the demo accounts, a members-only page and a members-only document."""
    command.step("Espace membres : profils, page et document réservés")
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    users = get_user_model().objects.filter(username__in=demo.MEMBER_PROFILES)
    for user in users:
        values = dict(demo.MEMBER_PROFILES[user.username])
        theme_slugs = values.pop("themes")
        profile, created = MemberProfile.objects.get_or_create(user=user, defaults=values)
        command.tally("profils de membres", created)
        if created:
            profile.expertise_themes.set([themes[s] for s in theme_slugs if s in themes])

    page = StandardPage.objects.child_of(home).filter(slug=demo.MEMBERS_PAGE["slug"]).first()
    command.tally("pages réservées aux membres", page is None)
    if page is None:
        page = factories.StandardPageFactory.build(**demo.MEMBERS_PAGE)
        home.add_child(instance=page)
        page.save_revision().publish()
    restrict_to_members(page)

    collection = ensure_members_collection()
    document_model = get_document_model()
    document = document_model.objects.filter(title=demo.MEMBERS_DOCUMENT["title"]).first()
    command.tally("documents réservés aux membres", document is None)
    if document is None:
        document = document_model(title=demo.MEMBERS_DOCUMENT["title"], collection=collection)
        document.file.save(
            demo.MEMBERS_DOCUMENT["filename"],
            ContentFile(make_pdf(demo.MEMBERS_DOCUMENT["lines"])),
            save=False,
        )
        document.save()
    return page, document


def restrict_to_members(page):
    """A group restriction letting the network's members (and the animation) see the page."""
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.GROUPS
    ).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
    restriction.groups.add(*Group.objects.filter(name__in=[MEMBERS_GROUP, ANIMATION_GROUP]))
    return restriction
