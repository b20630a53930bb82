"""API routes of the pricing app (filled in by its issue)."""

urlpatterns: list = []
