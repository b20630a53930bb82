"""Template helpers shared by every app's pages."""

from django import template
from django.db.models import Model
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj: Model) -> str:
    """The history page of any audited object."""
    meta = obj._meta
    return reverse("core:object_history", args=[meta.app_label, meta.model_name, obj.pk])


@register.filter
def standing_badge(standing: object) -> str:
    """CSS class for a yes / no / unknown answer."""
    return f"badge badge-{getattr(standing, 'value', standing)}"
