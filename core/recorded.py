"""What the database held at a moment: rows rebuilt from django-simple-history.

`rows_as_recorded(Model, at)` returns model instances as they were at `at`, one query per model
whatever the length of the history. Two history rows of one object with the same timestamp are
ordered by history id, so the rebuild is deterministic. Deleted objects are left out.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar, cast

from django.db.models import Exists, Model, OuterRef, Q

_M = TypeVar("_M", bound=Model)


def rows_as_recorded(model: type[Model], at: datetime, **filters: Any) -> list[Any]:
    """Instances of `model` as recorded at `at` (filters apply to the historical fields)."""
    # django-simple-history adds the `history` manager and its model class at run time.
    history = cast(Any, model).history.model
    upto = history.objects.filter(history_date__lte=at)
    later = upto.filter(id=OuterRef("id")).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    latest = upto.filter(**filters).exclude(Exists(later)).exclude(history_type="-").order_by("id")
    return [record.instance for record in latest]


def by_id(instances: Iterable[_M]) -> dict[Any, _M]:
    return {instance.pk: instance for instance in instances}
