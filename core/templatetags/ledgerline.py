"""Template helpers shared by every app's pages."""

from typing import Any

from django import template
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

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


@register.simple_tag(takes_context=True)
def export_links(context: dict[str, Any]) -> SafeString:
    """A list page's export links, one per format its view offers, for the rows as filtered (every page);
    none while a filter is invalid: the export would be refused (`FilteredTableView.create_export`)."""
    view = context.get("view")
    if view is None or context.get("filters_invalid"):
        return SafeString("")
    query = context["request"].GET.copy()
    query.pop("page", None)
    links = []
    for export_format in view.export_formats:
        query["_export"] = export_format
        links.append((query.urlencode(), export_format.upper()))
    return format_html_join(" · ", '<a href="?{}">Export {}</a>', links)
