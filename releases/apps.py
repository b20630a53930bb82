from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    """Exhibit B release schedules, slip flags and remedies."""

    name = "releases"
    verbose_name = "Releases"
