"""Many-row questions about releases."""

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import NotSupportedError, models
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from contracts.names import normalize_name
from core.search import Source, matching_names
from releases.datewindows import Precision, parse_window
from releases.slips import slip_aliases

if TYPE_CHECKING:
    from releases.models import ProductLine, Release, Remedy  # noqa: F401 (named in the QuerySet["…"] bases)

# Any date will do to tell "Now" from other texts: "Now" is the only form that reads it.
_ANY_DAY = date(2000, 1, 1)
# A null typed as a date: PostgreSQL reads a bare NULL selected in a subquery as text.
_NO_DATE = Cast(Value(None), output_field=DateField())


class ReleaseQuerySet(models.QuerySet["Release"]):
    def with_schedule(self):
        """Everything a release needs to understand its own dates ("Now" is the amendment's date)."""
        return self.select_related("group__product_line__schedule__amendment__agreement")

    def for_slips(self):
        """Releases with what slip flags read, in a fixed number of queries however many rows."""
        return self.with_schedule().prefetch_related("revisions__recorded_by", "remedies")

    def of_agreement(self, agreement):
        """The rows of the agreement's release schedules (every join on the way is indexed)."""
        return self.filter(group__product_line__schedule__amendment__agreement=agreement)

    def matching(self, text: str):
        """Releases whose name as written, group or product line contains words of `text` (compact, any
        order: "R5.0 SONET" finds "R. 5.0" under SONET), scored by how many (`core.search.scored`)."""
        from releases.models import ProductLine, ReleaseGroup  # models imports this module

        sources = [
            Source(self.model._default_manager.all(), "name_as_written"),
            Source(ReleaseGroup.objects.all(), "name", target="group"),
            Source(ProductLine.objects.all(), "name", target="group__product_line"),
        ]
        return matching_names(self, normalize_name(text), sources)

    def in_product_line(self, product_line):
        return self.filter(group__product_line=product_line)

    def date_texts(self) -> set[str]:
        """Every date text these releases and their forecast revisions write, in one query."""
        from releases.models import ForecastRevision  # models imports this module

        releases = self.order_by()
        return set(
            releases.values_list("ci_fsa_as_written", flat=True).union(
                releases.values_list("ga_as_written", flat=True),
                ForecastRevision.objects.filter(release__in=releases.values("pk"))
                .order_by()
                .values_list("forecast_as_written", flat=True),
            )
        )

    def with_flags(self, *, as_of: date, milestone: str):
        """These releases with the facts of `milestone` on `as_of` as annotations, to filter, count and sort
        by in the database (`slips.slip_aliases`, `slips.flag_conditions`).

        What each date text means is read by `datewindows.parse_window`, once per distinct text of these
        releases (one query), and given to the database as a table of dates (`DateLookup`); so call this
        on an already scoped queryset (one agreement), not on every release there is.
        """
        from releases.models import ForecastRevision, Milestone, Remedy  # models imports this module

        texts = self.date_texts()
        is_ga = milestone == Milestone.GA
        text_field = f"{milestone}_as_written"
        dated = [text for text in texts if _window_end(text) is not None]
        now_texts = _now_texts(texts)
        facts: dict[str, Any] = {
            "slip_ambiguous": F("column_ambiguous"),
            "slip_committed_end": window_ends(
                text_field, texts, now=F("group__product_line__schedule__amendment__effective_date")
            ),
            "slip_committed_now": Q(**{f"{text_field}__in": now_texts}) if now_texts else Value(False),
            "slip_actual_recorded": F(f"{milestone}_actual_date"),
            "slip_forecast": _NO_DATE,
            "slip_revisions": Value(0),
            "slip_need_by": F("need_by_date") if is_ga else _NO_DATE,
            "slip_remedy_agreed": (
                Exists(Remedy.objects.filter(release=OuterRef("pk"), agreed_on__lte=as_of)) if is_ga else Value(False)
            ),
        }
        if dated:
            # The forecasts `board.milestone_facts` reads: known by `as_of` and meaning a window; the
            # latest is the last recorded, the last saved among those recorded on the same day.
            known = ForecastRevision.objects.filter(
                release=OuterRef("pk"), milestone=milestone, recorded_on__lte=as_of, forecast_as_written__in=dated
            )
            latest = known.order_by("-recorded_on", "-pk").annotate(
                end=window_ends("forecast_as_written", texts, now=F("recorded_on"))
            )
            counted = known.order_by().values("release").annotate(n=Count("pk")).values("n")
            facts["slip_forecast"] = Subquery(latest.values("end")[:1], output_field=DateField())
            facts["slip_revisions"] = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
        derived = slip_aliases(as_of=as_of)
        # Selected: what the flags read (`flag_counts` aggregates over them). Only aliased: what sorting by
        # days of slip reads, so that no other query carries (and compiles) it.
        return self.annotate(**facts, slip_deadline=derived["slip_deadline"], slip_actual=derived["slip_actual"]).alias(
            slip_expected=derived["slip_expected"], slip_delay=derived["slip_delay"]
        )


def _window_end(text: str):
    try:
        return parse_window(text, schedule_date=_ANY_DAY)
    except ValueError:  # not a date form (the forms and the loader refuse it): no window, like Under Review
        return None


def _now_texts(texts: Iterable[str]) -> list[str]:
    return sorted(text for text in texts if (w := _window_end(text)) is not None and w.precision is Precision.NOW)


class DateLookup(Func):
    """The date `dates` gives for the text in `field`; null for a text it does not give.

    `dates` is passed as one JSON parameter: a CASE with a branch per text would be copied into the SQL
    (and compiled) wherever the date is used, and the flags use it many times over.
    """

    output_field = DateField()

    def __init__(self, field: str, dates: dict[str, date]):
        mapping = json.dumps({text: day.isoformat() for text, day in dates.items()}, sort_keys=True)
        super().__init__(Value(mapping), F(field))

    def _parts(self, compiler):
        (mapping, mapping_params), (key, key_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return mapping, key, (*mapping_params, *key_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        mapping, key, params = self._parts(compiler)
        # Both parts are compiled expressions with placeholders; the values travel as parameters.
        return f'(SELECT "value" FROM json_each({mapping}) WHERE "key" = {key})', params  # noqa: S608

    def as_postgresql(self, compiler, connection, **extra_context):
        mapping, key, params = self._parts(compiler)
        return f"(({mapping})::jsonb ->> {key})::date", params

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotSupportedError("DateLookup is written for SQLite and PostgreSQL.")


def window_ends(field: str, texts: Iterable[str], *, now) -> Case:
    """The last day of the window each of `texts` in `field` means, "Now" being the expression `now`;
    null for a text that means no window ("Under Review", blank)."""
    ends = {
        text: window.end
        for text in texts
        if (window := _window_end(text)) is not None and window.precision is not Precision.NOW
    }
    whens = [When(**{f"{field}__in": now_texts}, then=now)] if (now_texts := _now_texts(texts)) else []
    return Case(*whens, default=DateLookup(field, ends), output_field=DateField())


class ProductLineQuerySet(models.QuerySet["ProductLine"]):
    def of_agreement(self, agreement):
        return self.filter(schedule__amendment__agreement=agreement)

    def named(self, text: str):
        """Product lines named `text` (any case, as printed or as named), or whose id it is. The exhibit
        lists some product lines twice: a name then means both."""
        condition = Q(name__iexact=text) | Q(name_as_written__iexact=text)
        if text.isascii() and text.isdigit() and len(text) < 19:
            condition |= Q(pk=int(text))
        return self.filter(condition)

    def matching(self, text: str):
        """Product lines whose name contains words of `text` (compact, any order), scored."""
        return matching_names(self, normalize_name(text), [Source(self.model._default_manager.all(), "name")])


class RemedyQuerySet(models.QuerySet["Remedy"]):
    def toward_purchase_commitment(self, on):
        """Remedy (b) purchases agreed by `on`: Amendment 3 §5 counts them as Lucent Products."""
        return self.filter(option="b", agreed_on__lte=on)

    def purchase_total(self, on) -> Decimal:
        """Their recorded amounts, summed exactly; purchases without an amount are not counted as zero
        but left out (see `unpriced`)."""
        total = self.toward_purchase_commitment(on).aggregate(total=Sum("purchase_amount"))["total"]
        return total if total is not None else Decimal("0.00")

    def unpriced(self, on):
        return self.toward_purchase_commitment(on).filter(purchase_amount__isnull=True)
