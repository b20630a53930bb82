"""Suggestion sources for the release records users pick in forms (see `core.autocomplete`)."""

from core.autocomplete import Source, register
from releases.models import ProductLine


def _label(line: ProductLine) -> str:
    schedule = line.schedule
    where = f"{schedule.amendment.agreement.contract_number}, Exhibit {schedule.exhibit}, line {line.position}"
    return f"{line.name} ({where})"


# Keyed by name: a name is what the data file and the exhibit say, so a link or a saved search keeps
# working after a reload; the board resolves it within the chosen agreement (`ReleaseFilterForm`).
register(
    Source(
        name="productline",
        queryset=lambda: ProductLine.objects.select_related("schedule__amendment__agreement").order_by("name", "pk"),
        key_field="name",
        search_fields=("name", "name_as_written"),
        permission="releases.view_productline",
        label=_label,
    )
)
