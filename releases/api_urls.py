"""API routes of the releases app (filled in by its issue)."""

urlpatterns: list = []
