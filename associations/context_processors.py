from .permissions import access_for


def navigation(request) -> dict:
    """What the navigation may show this user: each role sees only what it may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    access = access_for(user)
    return {
        "nav": {
            "registry": bool(access.viewable_unions),
            "my_societies": access.is_officer,
            "reports": access.is_staff or access.is_leadership,
            "admin": user.is_staff and (access.is_staff or user.is_superuser),
            "expert": access.is_expert,
            "judge": access.is_judge,
        },
        "access": access,
    }
