from core.roles import PRICE_QUOTE, VIEW_HISTORY, user_roles


def roles(request):
    """Expose the user's roles and the two cross-app capabilities to every template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": [], "can_view_history": False, "can_price_quote": False}
    if not hasattr(request, "_user_roles"):
        # Template tags such as render_table re-run context processors; query the groups once.
        request._user_roles = user_roles(user)
    return {
        "user_roles": request._user_roles,
        "can_view_history": user.has_perm(f"core.{VIEW_HISTORY}"),
        "can_price_quote": user.has_perm(f"core.{PRICE_QUOTE}"),
    }
