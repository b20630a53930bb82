from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """Agreements, amendments, customer entities, term and provisions."""

    name = "contracts"
    verbose_name = "Contracts"
