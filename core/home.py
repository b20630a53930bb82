"""The home page: where each role starts."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    """Landing page: where each role starts."""

    template_name = "core/home.html"
