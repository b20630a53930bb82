"""The fixed vocabularies of discount tables: components, conditions, rule kinds, table actions."""

from django.db import models


class Component(models.TextChoices):
    HARDWARE = "hardware", "Hardware"
    SOFTWARE = "software", "Software"
    HARDWARE_AND_SOFTWARE = "hardware_and_software", "Hardware and software"
    COMMONS = "commons", "Commons"
    OPTICS = "optics", "Optics"
    SHELF = "shelf", "Shelf"
    LOW_SPEED_CARDS = "low_speed_cards", "Low speed cards"
    COMMON_UNITS = "common_units", "Common units"
    POTS_SPOTS_UNITS = "pots_spots_units", "POTS/SPOTS units"
    SPECIAL_SERVICE_UNITS = "special_service_units", "Special service units"
    CABLES = "cables", "Cables"


class Condition(models.TextChoices):
    """What a line needs besides the product and component. Blank: nothing more."""

    INITIAL_SWITCH = "initial_switch", "Initial switch"
    LARGE_GROWTH = "large_growth", "Large growth"
    PERIPHERAL_GROWTH = "peripheral_growth", "Peripheral growth"
    FULL_CONFIGURATION = "full_configuration", "Full configuration of the order code"


class RuleKind(models.TextChoices):
    COMPONENT_DEFAULT = "component_default", "Component the discounts apply to"
    EXCLUDES = "excludes", "Not included"
    CABLES_PERCENT = "cables_percent", "Cables discount"
    ORDER_CODE_ONLY = "order_code_only", "Only for one order code"
    SINGLE_COMMONS_PERCENT = "single_commons_percent", "Commons ordered singly"
    GROWTH_DEFINITION = "growth_definition", "Large / peripheral growth"
    PRI_ONLY_PERCENT = "pri_only_percent", "Hardware and software for PRIs only"
    FIRM_QUOTATION = "firm_quotation", "Firm price quotation"
    MINIMUM_SAVINGS = "minimum_savings", "Minimum savings commitment"


class TableAction(models.TextChoices):
    REPLACE = "replace", "Replaces the table"
    EXTEND = "extend", "Adds rows to the table"
    ADD = "add", "Adds a new section"
