"""Demo data of the members' area, seeded by `manage.py seed_demo` (idempotent).

The data is `demo/members.yaml`: the directory's profiles and the members-only page; the
members-only document is one of the demo's attachments (`demo/documents.yaml`).
"""

from django.contrib.auth import get_user_model

from portal.knowledge_io.restriction import restrict_to_members
from portal.models import MemberProfile, StandardPage, Theme


def seed_member_space(command, home, data):
    """Profiles of the demo accounts and a page only the network's members may see."""
    command.step("Espace membres : profils et page réservée")
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    profiles = data["profiles"]
    for user in get_user_model().objects.filter(username__in=profiles):
        values = dict(profiles[user.username])
        theme_slugs = values.pop("themes")
        profile, created = MemberProfile.objects.get_or_create(user=user, defaults=values)
        command.tally("profils de membres", created)
        if created:
            profile.expertise_themes.set([themes[s] for s in theme_slugs if s in themes])

    values = dict(data["page"])
    page = StandardPage.objects.child_of(home).filter(slug=values["slug"]).first()
    command.tally("pages réservées aux membres", page is None)
    if page is None:
        body = StandardPage._meta.get_field("body").stream_block.to_python(values.pop("body"))
        page = StandardPage(**values, body=body)
        home.add_child(instance=page)
        restrict_to_members(page)
        page.save_revision().publish()
    return page
