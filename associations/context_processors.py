from .permissions import access_for

# The navigation tab each page belongs to, by URL name (namespace:name) or namespace.
_SOCIETY_PAGES = {
    "society_detail",
    "activity_list",
    "activity_add",
    "activity_detail",
    "activity_edit",
    "attachment_delete",
    "members:commendation_list",
    "members:society_members",
    "members:member_add",
    "members:membership_edit",
    "members:membership_leave",
}
_TABS = {
    "home": "home",
    "society_list": "societies",
    "profile": "profile",
    "members:directory": "members",
    "members:member_detail": "members",
    # A judge's own pages (contests/judging_urls.py).
    "contests:judging_my_entries": "judging",
    "contests:judging_sheet": "judging",
    "contests:judging_conflict_declare": "judging",
}
_NAMESPACE_TABS = {
    "reports": "reports",
    "consultations": "consultations",
    "contests": "contests",
    "submissions": "submissions",
}


def active_tab(request, *, registry: bool) -> str:
    """The tab of the page being shown: society pages are "Societies" for those who see the
    whole registry, "My society" for officers."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.view_name in _SOCIETY_PAGES:
        return "societies" if registry else "my_societies"
    return _TABS.get(match.view_name) or _NAMESPACE_TABS.get(match.namespace, "")


def navigation(request) -> dict:
    """What the navigation may show this user: each role sees only what it may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    access = access_for(user)
    registry = bool(access.viewable_unions)
    return {
        "nav": {
            "registry": registry,
            "my_societies": access.is_officer,
            "reports": access.is_staff or access.is_leadership,
            "admin": user.is_staff and (access.is_staff or user.is_superuser),
            "expert": access.is_expert,
            "judge": access.is_judge,
            # Staff and leadership see the task list; experts (only) their own tasks.
            "consultations_list": bool(access.staff_unions or access.leadership_unions),
            "consultations": bool(access.staff_unions or access.leadership_unions)
            or access.is_expert,
            "contests": bool(access.viewable_unions or access.officer_societies),
            # Reporting rounds: the status boards for staff and leadership, officers their own.
            "rounds": registry,
            "my_submissions": access.is_officer,
            "active": active_tab(request, registry=registry),
        },
        "access": access,
    }
