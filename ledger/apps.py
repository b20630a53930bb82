from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """The composing layer: pages and tools that span every section of an agreement.

    Compare two points in time, the agreement as recorded at a moment, what one amendment changed,
    the audit log (page, CSV and API) and the data-file loader that runs every app's section loader.
    It imports the domain apps (contracts, pricing, releases) and the platform (core); nothing
    imports it but the URL configuration (django-oscar's `dashboard` has the same place). Each
    domain app computes its own part (e.g. `pricing.compare`); ledger only puts the parts together.
    """

    name = "ledger"
    attention = "ledger.attention"  # read by core.attention: what needs a user's attention
    verbose_name = "Ledger"
