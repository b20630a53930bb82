"""Recording a release's dates and a remedy's progress through the API (version and reason required)."""

from core.api_edit import VersionedModelSerializer, VersionedUpdateAPIView, versioned_edit_schema
from releases.models import Release, Remedy


class ReleaseTrackingSerializer(VersionedModelSerializer):
    class Meta:
        model = Release
        fields = [
            "id",
            "name_as_written",
            "ci_fsa_as_written",
            "ga_as_written",
            "ci_fsa_actual_date",
            "ga_actual_date",
            "need_by_date",
            "version",
            "change_reason",
        ]
        read_only_fields = ["name_as_written", "ci_fsa_as_written", "ga_as_written"]


class RemedyEditSerializer(VersionedModelSerializer):
    class Meta:
        model = Remedy
        fields = [
            "id",
            "release",
            "option",
            "agreed_on",
            "substitute_description",
            "substitute_supplier",
            "purchase_amount",
            "substitute_provided_on",
            "changed_out_on",
            "note",
            "version",
            "change_reason",
        ]
        read_only_fields = ["release"]


@versioned_edit_schema(ReleaseTrackingSerializer)
class ReleaseTrackingEditView(VersionedUpdateAPIView):
    """A release's actual dates and the Customer's need-by date (the Exhibit B text is not editable)."""

    queryset = Release.objects.all()
    serializer_class = ReleaseTrackingSerializer


@versioned_edit_schema(RemedyEditSerializer)
class RemedyEditView(VersionedUpdateAPIView):
    """A slip remedy's substitute, dates and change-out."""

    queryset = Remedy.objects.select_related("release")
    serializer_class = RemedyEditSerializer
