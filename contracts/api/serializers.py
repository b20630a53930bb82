from rest_framework import serializers

from contracts.models import (
    Agreement,
    Amendment,
    CustomerMembership,
    EntityName,
    LegalEntity,
    ProvisionVersion,
    Signature,
    TermVersion,
)
from core.api.editing import VersionedModelSerializer
from core.pointintime.inputs import AsOfEchoSerializer


class EntityNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityName
        fields = ["name", "kind", "source", "note"]


class LegalEntitySerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="slug", read_only=True, help_text="Stable key; quotes accept it as `entity`.")
    other_names = EntityNameSerializer(many=True, read_only=True)
    parent_name = serializers.CharField(source="parent.name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = LegalEntity
        fields = [
            "id",
            "key",
            "name",
            "legal_form",
            "jurisdiction",
            "address",
            "parent",
            "parent_name",
            "other_names",
            "note",
        ]


class SignatureSerializer(serializers.ModelSerializer):
    entity_name = serializers.CharField(source="entity.name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = Signature
        fields = [
            "position",
            "entity",
            "entity_name",
            "by_as_written",
            "signatory",
            "title",
            "title_as_written",
            "date",
            "date_as_written",
            "note",
        ]


class AmendmentSerializer(serializers.ModelSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = Amendment
        fields = [
            "id",
            "agreement",
            "number",
            "contract_number",
            "contract_number_as_written",
            "effective_date",
            "exhibit_label",
            "title",
            "text_available",
            "recitals",
            "note",
            "signatures",
        ]


class AgreementSerializer(serializers.ModelSerializer):
    key = serializers.CharField(
        source="contract_number", read_only=True, help_text="Stable key; quotes accept it as `agreement`."
    )
    seller_name = serializers.CharField(source="seller.name", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "key",
            "title",
            "contract_number",
            "effective_date",
            "seller",
            "seller_name",
            "seller_division",
            "seller_address",
            "customer_term",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    entity_name = serializers.CharField(source="entity.name")
    added_by = serializers.IntegerField(source="added_by.number", default=None, allow_null=True)
    evidenced_by = serializers.IntegerField(source="evidenced_by.number", default=None, allow_null=True)

    class Meta:
        model = CustomerMembership
        fields = [
            "entity",
            "entity_name",
            "added_by",
            "evidenced_by",
            "defined_term",
            "section",
            "valid_from",
            "valid_to",
        ]


class CustomerStandingSerializer(serializers.Serializer):
    membership = MembershipSerializer()
    standing = serializers.CharField(source="standing.value")
    since = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


class TermStandingSerializer(serializers.Serializer):
    expiry_date = serializers.DateField(allow_null=True, help_text="null: not known from the documents")
    set_by_amendment = serializers.IntegerField(source="version.amendment.number", default=None, allow_null=True)
    in_term = serializers.CharField(source="in_term.value")
    reason = serializers.CharField()


class ProvisionVersionSerializer(serializers.ModelSerializer):
    part = serializers.CharField(source="provision.part")
    section = serializers.CharField(source="provision.section")
    title = serializers.CharField(source="provision.title")
    amendment = serializers.IntegerField(source="amendment.number")

    class Meta:
        model = ProvisionVersion
        fields = [
            "part",
            "section",
            "title",
            "amendment",
            "amendment_section",
            "action",
            "valid_from",
            "valid_to",
            "text",
            "note",
        ]


class AgreementSnapshotSerializer(serializers.Serializer):
    agreement = AgreementSerializer()
    as_of = AsOfEchoSerializer()
    amendments_counted = serializers.SerializerMethodField()
    term = TermStandingSerializer()
    customers = CustomerStandingSerializer(many=True)
    provisions = ProvisionVersionSerializer(many=True)

    def get_amendments_counted(self, snapshot) -> list[int]:
        return [a.number for a in snapshot.amendments]


class AuthorizationSerializer(serializers.Serializer):
    agreement = serializers.CharField(source="agreement.contract_number")
    standing = serializers.CharField(source="standing.value")
    since = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


class EntityMatchSerializer(serializers.Serializer):
    entity = LegalEntitySerializer()
    matched_name = serializers.CharField()
    exact = serializers.BooleanField()
    authorizations = AuthorizationSerializer(
        many=True, help_text="Under the agreement asked about, else under the entity's first agreements as a Customer."
    )
    more_agreements = serializers.IntegerField(
        help_text="Agreements it is also a Customer under, not answered here: ask with `agreement`."
    )


class EntityLookupResponseSerializer(serializers.Serializer):
    name = serializers.CharField()
    as_of = AsOfEchoSerializer()
    agreement = serializers.CharField(
        source="agreement.contract_number", default=None, allow_null=True, help_text="null: none asked about"
    )
    count = serializers.IntegerField(help_text="Entities going by the name, on every page.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    matches = EntityMatchSerializer(many=True, help_text="This page of them, best first.")


class TermVersionEditSerializer(VersionedModelSerializer):
    class Meta:
        model = TermVersion
        fields = [
            "id",
            "agreement",
            "amendment",
            "section",
            "provision_section",
            "expiry_date",
            "version",
            "change_reason",
        ]
        read_only_fields = ["agreement", "amendment"]
