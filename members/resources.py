"""django-import-export resources for members (the `members` kind: one row per membership)."""

from associations.resources import RecordsResource


class MemberResource(RecordsResource):
    """Exports every membership of the members (a member without one is a row of its own)."""

    kind = "members"


class MembershipResource(RecordsResource):
    """Exports the memberships themselves; imports like MemberResource."""

    kind = "members"
