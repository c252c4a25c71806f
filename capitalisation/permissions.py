"""Who may enter, edit and validate indicator values."""

ANIMATION_GROUP = "Animation régionale"
MEMBERS_GROUP = "Membres du réseau"


def _group_names(user):
    cache = getattr(user, "_capitalisation_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.pk else set()
        user._capitalisation_groups = cache
    return cache


def is_regional_animator(user):
    """The regional animation edits every territory and validates values."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or ANIMATION_GROUP in _group_names(user)


def is_facilitator(user):
    """A member with a territory, outside the regional animation: their territory only."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_regional_animator(user) or not getattr(user, "territory_id", None):
        return False
    return MEMBERS_GROUP in _group_names(user)


def can_manage_values(user):
    return is_regional_animator(user) or is_facilitator(user)


def is_network_member(user):
    """Logged-in network members see members-only indicators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool({MEMBERS_GROUP, ANIMATION_GROUP} & _group_names(user))
