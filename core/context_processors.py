from typing import Any

from django.http import HttpRequest

from core.roles import PRICE_QUOTE, VIEW_HISTORY, user_roles

# The request attribute that holds the user's roles once queried (HttpRequest does not declare it).
_ROLES_CACHE = "_user_roles"


def roles(request: HttpRequest) -> dict[str, Any]:
    """Expose the user's roles and the two cross-app capabilities to every template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": [], "can_view_history": False, "can_price_quote": False}
    if not hasattr(request, _ROLES_CACHE):
        # Template tags such as render_table re-run context processors; query the groups once.
        setattr(request, _ROLES_CACHE, user_roles(user))
    return {
        "user_roles": getattr(request, _ROLES_CACHE),
        "can_view_history": user.has_perm(f"core.{VIEW_HISTORY}"),
        "can_price_quote": user.has_perm(f"core.{PRICE_QUOTE}"),
    }
