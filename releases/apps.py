from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    """Exhibit B release schedules, slip flags and remedies."""

    name = "releases"
    attention = "releases.attention"  # read by core.attention: what needs a user's attention
    verbose_name = "Releases"
