"""The network's two roles, as Django groups, and how to ask a user about them."""

ANIMATION_GROUP = "Animation régionale"
MEMBERS_GROUP = "Membres du réseau"


def group_names(user) -> set[str]:
    """The user's group names, fetched once per user object."""
    cache = getattr(user, "_portal_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.pk else set()
        user._portal_group_names = cache
    return cache


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_regional_animator(user) -> bool:
    """The regional animation: edits every territory, validates, sees the reports."""
    return _active(user) and (user.is_superuser or ANIMATION_GROUP in group_names(user))


def is_network_member(user) -> bool:
    """A logged-in member of the network (the regional animation included)."""
    return _active(user) and (
        user.is_superuser or bool({MEMBERS_GROUP, ANIMATION_GROUP} & group_names(user))
    )


def is_facilitator(user) -> bool:
    """A local facilitator: a member with a territory, outside the regional animation; they
    act on their own territory only."""
    if is_regional_animator(user) or not getattr(user, "territory_id", None):
        return False
    return is_network_member(user) and MEMBERS_GROUP in group_names(user)


def territory_allows_edit(user, page) -> bool:
    """Outside the regional animation, a knowledge page is edited only by its owner or by a
    member of one of its territories."""
    if is_regional_animator(user):
        return True
    if page.owner_id is not None and page.owner_id == user.pk:
        return True
    territory_id = getattr(user, "territory_id", None)
    return bool(territory_id) and territory_id in {t.pk for t in page.territories.all()}
