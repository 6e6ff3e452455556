from django.http import HttpRequest

from cells import access


def navigation(request: HttpRequest) -> dict:
    """Navigation by role: what the menu of ``base.html`` offers this user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "ward_official": access.is_ward_official(user),
            "secretary": access.is_secretary(user),
            "staff": user.is_staff,
        }
    }
