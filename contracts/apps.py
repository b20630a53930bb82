from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """Agreements, amendments, customer entities, term and provisions."""

    name = "contracts"
    attention = "contracts.attention"  # read by core.attention: what needs a user's attention
    verbose_name = "Contracts"
