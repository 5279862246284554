"""The associations admin; importing the submodules registers every model with the site."""

from .accounts import (
    RoleAdmin,
    RoleAdminForm,
    RoleGrantFormSet,
    RoleInline,
    StaffUserCreationForm,
    UserAdmin,
    holds_approving_role,
    role_change_refusal,
    send_password_reset_link,
)
from .base import (
    YEAR_FIELDS,
    UnionScopedAdmin,
    UnionScopedInlineMixin,
    scoped_choices,
    sorted_column,
    year_column,
)
from .registry import (
    ActivityAdmin,
    ActivityAttachmentInline,
    AttachmentFileInput,
    AttachmentLink,
    SocietyAdmin,
    TermAdmin,
    UnionAdmin,
    UnionAdminForm,
    attachment_download_url,
)

__all__ = [
    "YEAR_FIELDS",
    "ActivityAdmin",
    "ActivityAttachmentInline",
    "AttachmentFileInput",
    "AttachmentLink",
    "RoleAdmin",
    "RoleAdminForm",
    "RoleGrantFormSet",
    "RoleInline",
    "SocietyAdmin",
    "StaffUserCreationForm",
    "TermAdmin",
    "UnionAdmin",
    "UnionAdminForm",
    "UnionScopedAdmin",
    "UnionScopedInlineMixin",
    "UserAdmin",
    "attachment_download_url",
    "holds_approving_role",
    "role_change_refusal",
    "scoped_choices",
    "send_password_reset_link",
    "sorted_column",
    "year_column",
]
