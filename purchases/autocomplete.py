"""Suggestion sources for the records a purchase form picks (see `core.autocomplete`).

A remedy has no name: it is suggested by its release and substitute, and chosen by its id. Only
remedies (b) are offered: a purchase made elsewhere is what option (b) allows; the purchase form
then checks the remedy belongs to the purchase's agreement (`Purchase.clean`). Narrowed by an
agreement (`agreement`), only its remedies are suggested.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet

from core.autocomplete import AutocompleteField, Source, register
from releases.models import Remedy


def _remedies() -> QuerySet[Remedy]:
    return (
        Remedy.objects.filter(option=Remedy.Option.NON_LUCENT)
        .select_related("release__group__product_line__schedule__amendment__agreement")
        .order_by("-agreed_on", "-pk")
    )


def _label(remedy: Remedy) -> str:
    agreement = remedy.release.group.product_line.schedule.amendment.agreement
    return (
        f"#{remedy.pk} remedy (b) for {remedy.release.name_as_written}: {remedy.substitute_description[:60]} "
        f"({agreement.contract_number}, agreed {remedy.agreed_on:%Y-%m-%d})"
    )


def _of_agreement(remedies: QuerySet[Any], values: Mapping[str, Any]) -> QuerySet[Any]:
    return remedies.filter(release__group__product_line__schedule__amendment__agreement=values["agreement"])


class RemedySource(Source):
    def matches(self, text: str) -> QuerySet[Remedy]:
        condition = Q(release__name_as_written__icontains=text) | Q(substitute_description__icontains=text)
        condition |= Q(substitute_supplier__icontains=text)
        if text.isascii() and text.isdigit() and len(text) < 10:
            condition |= Q(pk=int(text))
        return self.records().filter(condition)


register(
    RemedySource(
        name="remedy_b",
        queryset=_remedies,
        key_field="pk",
        search_fields=(),
        permission="releases.view_remedy",
        label=_label,
        forward={"agreement": lambda: AutocompleteField("agreement")},
        narrow=_of_agreement,
    )
)
