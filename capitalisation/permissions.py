"""Who may enter, edit and validate indicator values."""

from portal.roles import (
    ANIMATION_GROUP,
    MEMBERS_GROUP,
    group_names,
    is_network_member,
    is_regional_animator,
)

__all__ = [
    "ANIMATION_GROUP",
    "MEMBERS_GROUP",
    "can_manage_values",
    "is_facilitator",
    "is_network_member",
    "is_regional_animator",
]


def is_facilitator(user):
    """A member with a territory, outside the regional animation: their territory only."""
    if is_regional_animator(user) or not getattr(user, "territory_id", None):
        return False
    return is_network_member(user) and MEMBERS_GROUP in group_names(user)


def can_manage_values(user):
    return is_regional_animator(user) or is_facilitator(user)
