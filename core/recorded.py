"""What the database held at a moment: rows rebuilt from django-simple-history.

`rows_as_recorded(Model, at)` returns model instances as they were at `at`, one query per model
whatever the length of the history. Two history rows of one object with the same timestamp are
ordered by history id, so the rebuild is deterministic. Deleted objects are left out.
"""

from django.db.models import Exists, OuterRef, Q


def rows_as_recorded(model, at, **filters):
    """Instances of `model` as recorded at `at` (filters apply to the historical fields)."""
    history = model.history.model
    upto = history.objects.filter(history_date__lte=at)
    later = upto.filter(id=OuterRef("id")).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    latest = upto.filter(**filters).exclude(Exists(later)).exclude(history_type="-").order_by("id")
    return [record.instance for record in latest]


def by_id(instances):
    return {instance.pk: instance for instance in instances}
