from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    """What each party owes under an agreement: commitments, training seats earned and used, spend."""

    name = "obligations"
    portfolio = "obligations.portfolio"  # read by ledger.portfolio.hooks: rows for generated agreements
    verbose_name = "Obligations"
    data_file_sections = "obligations.datafile"  # read by ledger.loading and ledger.exporting
    attention = "obligations.attention"  # read by core.attention (seats expiring, Term and notice dates)
