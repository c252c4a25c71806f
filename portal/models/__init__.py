from portal.models.images import PortalImage, PortalRendition
from portal.models.knowledge import (
    ContactBlock,
    KnowledgePageMixin,
    KnowledgePageTag,
    PageAttachment,
)
from portal.models.members import MemberProfile
from portal.models.pages import HomePage, SectionPage, StandardPage
from portal.models.review import ReviewTask
from portal.models.taxonomy import Audience, Territory, Theme
from portal.models.users import User

__all__ = [
    "Audience",
    "ContactBlock",
    "HomePage",
    "KnowledgePageMixin",
    "KnowledgePageTag",
    "MemberProfile",
    "PageAttachment",
    "PortalImage",
    "PortalRendition",
    "ReviewTask",
    "SectionPage",
    "StandardPage",
    "Territory",
    "Theme",
    "User",
]
