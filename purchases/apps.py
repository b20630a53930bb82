from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    """What was bought under an agreement and what it cost: the purchase ledger, price checks, credits due."""

    name = "purchases"
    buyers_enter = ("purchase",)  # read by core.roles: buyers record what they bought
    verbose_name = "Purchases"
