"""Suggestion sources for the release records users pick in forms (see `core.autocomplete`).

Product lines may be narrowed by an agreement (`agreement`: the release board's own field): the
product lines of its release schedule.
"""

from collections.abc import Mapping
from typing import Any, cast

from django.db.models import QuerySet

from contracts.querysets import with_words
from core.autocomplete import AutocompleteField, Source, register
from releases.models import ProductLine
from releases.querysets import ProductLineQuerySet


def _label(line: ProductLine) -> str:
    schedule = line.schedule
    where = f"{schedule.amendment.agreement.contract_number}, Exhibit {schedule.exhibit}, line {line.position}"
    return f"{line.name} ({where})"


def _of_agreement(lines: QuerySet[Any], values: Mapping[str, Any]) -> QuerySet[Any]:
    return cast(ProductLineQuerySet, lines).of_agreement(values["agreement"])


def _with_words(lines: QuerySet[Any], text: str) -> QuerySet[Any]:
    # Every word of the name in any order ("oc12" = "OC-12"), through the compact name index.
    return with_words(lines, text, ("name",))


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
        search=_with_words,
        forward={"agreement": lambda: AutocompleteField("agreement")},
        narrow=_of_agreement,
    )
)
