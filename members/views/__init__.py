"""The members app's views, one module per part of the site (`members/urls.py` names them here)."""

from .commendations import (
    CommendationAddView,
    CommendationDeleteView,
    CommendationEditView,
    CommendationFormView,
    CommendationListView,
    SocietyCommendationMixin,
)
from .directory import (
    PAGE_SIZE,
    CachedCountPaginator,
    DirectoryMixin,
    MemberDirectoryView,
    MemberExportView,
    directory_row_items,
)
from .people import MemberDetailView
from .society import (
    MemberAddView,
    MembershipEditView,
    MembershipLeaveView,
    SocietyMemberListView,
    SocietyMembershipMixin,
)

__all__ = [
    "PAGE_SIZE",
    "CachedCountPaginator",
    "CommendationAddView",
    "CommendationDeleteView",
    "CommendationEditView",
    "CommendationFormView",
    "CommendationListView",
    "DirectoryMixin",
    "MemberAddView",
    "MemberDetailView",
    "MemberDirectoryView",
    "MemberExportView",
    "MembershipEditView",
    "MembershipLeaveView",
    "SocietyCommendationMixin",
    "SocietyMemberListView",
    "SocietyMembershipMixin",
    "directory_row_items",
]
