from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    """What each party owes under an agreement: commitments, training seats earned and used, spend."""

    name = "obligations"
    verbose_name = "Obligations"
