from django.apps import AppConfig


class PricingConfig(AppConfig):
    """Discount schedules, warranty terms and the quote engine."""

    name = "pricing"
    verbose_name = "Pricing"
