"""The `restriction` front matter key: `membres` keeps a page to the network's members.

Such a page carries its own Wagtail group restriction letting the members' group and the
regional animation see it. Without the key, the import leaves a page's restrictions as
they are; `export_knowledge --include-members-only` writes the key back.
"""

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from portal.knowledge_io.fields import Rejected
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP

KEY = "restriction"
MEMBERS = "membres"
MEMBERS_GROUPS = (MEMBERS_GROUP, ANIMATION_GROUP)


def check_restriction(meta: dict) -> str | None:
    """The restriction a file asks for (None: leave the page's as it is)."""
    value = meta.get(KEY)
    if KEY in meta and value != MEMBERS:
        raise Rejected([f"{KEY} : valeur inconnue « {value} » (valeur acceptée : {MEMBERS})."])
    return value


def members_groups() -> list[Group]:
    groups = list(Group.objects.filter(name__in=MEMBERS_GROUPS))
    if len(groups) != len(MEMBERS_GROUPS):
        raise Rejected(
            [
                f"{KEY} : les groupes « {MEMBERS_GROUP} » et « {ANIMATION_GROUP} » "
                "n'existent pas encore (lancez manage.py setup_roles)."
            ]
        )
    return groups


def restrict_to_members(page, groups=None) -> bool:
    """A group restriction letting the network's members (and the animation) see the page.

    Returns True when something was created or added.
    """
    if groups is None:
        groups = list(Group.objects.filter(name__in=MEMBERS_GROUPS))
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.GROUPS
    ).first()
    created = restriction is None
    if created:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
    missing = [group for group in groups if group not in set(restriction.groups.all())]
    restriction.groups.add(*missing)
    return created or bool(missing)


def members_only_page_ids() -> set[int]:
    """Pages whose own restriction is exactly the members' one (what the key sets)."""
    wanted = set(MEMBERS_GROUPS)
    restrictions = PageViewRestriction.objects.filter(
        restriction_type=PageViewRestriction.GROUPS
    ).prefetch_related("groups")
    return {
        restriction.page_id
        for restriction in restrictions
        if {group.name for group in restriction.groups.all()} == wanted
    }
