"""API shapes of the release board: the computed flags with the dates they were computed from."""

from rest_framework import serializers

from core.api.editing import VersionedModelSerializer
from core.api.forms import FormSerializer
from core.pointintime.inputs import PointInTimeSerializer
from releases.filtersets import board_form_class
from releases.models import ForecastRevision, ProductLine, Release, Remedy


class ReleaseOnQuerySerializer(PointInTimeSerializer):
    """Release flags are computed for one date: the `on` axis only (today when not given)."""

    axes = ("on",)


class BoardQuerySerializer(FormSerializer):
    """The board page's filters (one form for both); a bad value is a 400 naming the parameter."""

    form_class = board_form_class()


class WindowSerializer(serializers.Serializer):
    as_written = serializers.CharField()
    precision = serializers.CharField(source="precision.value")
    start = serializers.DateField()
    end = serializers.DateField(help_text="The committed deadline: the last day the text allows.")


class ForecastSerializer(serializers.Serializer):
    as_written = serializers.CharField(source="window.as_written")
    end = serializers.DateField(source="window.end")
    recorded_on = serializers.DateField()


class MilestoneStatusSerializer(serializers.Serializer):
    on = serializers.DateField(source="as_of", help_text="The date the flags are computed for.")
    flags = serializers.SerializerMethodField()
    deadline = serializers.DateField(allow_null=True, help_text="null: no commitment (see flags)")
    latest_forecast = ForecastSerializer(allow_null=True)
    actual = serializers.DateField(allow_null=True)
    expected = serializers.DateField(allow_null=True)
    days_of_slip = serializers.IntegerField(allow_null=True)
    revision_count = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())

    def get_flags(self, status) -> list[str]:
        return [flag.value for flag in status.flags]


class ProductLineRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductLine
        fields = ["id", "name", "name_as_written", "note"]


class ReleaseFieldsSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="release.pk")
    product_line = ProductLineRefSerializer(source="release.group.product_line")
    group = serializers.CharField(source="release.group.name")
    name_as_written = serializers.CharField(source="release.name_as_written")
    ci_fsa_as_written = serializers.CharField(source="release.ci_fsa_as_written")
    ga_as_written = serializers.CharField(source="release.ga_as_written")
    column_ambiguous = serializers.BooleanField(source="release.column_ambiguous")
    single_value_as_written = serializers.CharField(source="release.single_value_as_written")
    note = serializers.CharField(source="release.note")
    need_by_date = serializers.DateField(source="release.need_by_date", allow_null=True)


class BoardRowSerializer(ReleaseFieldsSerializer):
    milestone = serializers.CharField()
    committed = WindowSerializer(source="committed_window", allow_null=True)
    status = MilestoneStatusSerializer()


class BoardPageSerializer(serializers.Serializer):
    agreement = serializers.CharField(
        source="agreement.contract_number", help_text="The agreement's key (its contract number)."
    )
    on = serializers.DateField(help_text="The date the flags are computed for.")
    milestone = serializers.CharField()
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = BoardRowSerializer(many=True)


class ForecastRevisionSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", default=None)

    class Meta:
        model = ForecastRevision
        fields = ["id", "milestone", "forecast_as_written", "recorded_on", "reason", "recorded_by"]


class RemedySerializer(serializers.ModelSerializer):
    class Meta:
        model = Remedy
        fields = ["id", *Remedy.RECORDED_FIELDS]


class ReleaseDetailSerializer(ReleaseFieldsSerializer):
    on = serializers.DateField(source="as_of", help_text="The date the flags are computed for.")
    ci_fsa = MilestoneStatusSerializer()
    ga = MilestoneStatusSerializer()
    revisions = ForecastRevisionSerializer(source="release.revisions.all", many=True)
    remedies = RemedySerializer(source="release.remedies.all", many=True)


class ReleaseTrackingSerializer(VersionedModelSerializer):
    """A release's actual dates and the Customer's need-by date; the exhibit's text is read-only."""

    class Meta:
        model = Release
        read_only_fields = ["name_as_written", "ci_fsa_as_written", "ga_as_written"]
        fields = ["id", *read_only_fields, *Release.TRACKING_FIELDS, "version", "change_reason"]


class RemedyEditSerializer(VersionedModelSerializer):
    class Meta:
        model = Remedy
        read_only_fields = ["release"]
        fields = ["id", *read_only_fields, *Remedy.RECORDED_FIELDS, "version", "change_reason"]
