from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    """What was bought under an agreement and what it cost: the purchase ledger, price checks, credits due."""

    name = "purchases"
    buyers_enter = ("purchase",)  # read by core.roles: buyers record what they bought
    attention = "purchases.pricecheck_attention"  # read by core.attention: credits due on the home page
    portfolio = "purchases.portfolio"  # read by ledger.portfolio.hooks: rows for generated agreements
    verbose_name = "Purchases"
