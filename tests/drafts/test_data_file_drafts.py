"""Open drafts are in the agreement's data file: exported, loaded back as drafts (never executed),
authored by the user loading the file, and counting nowhere."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import transaction

from contracts.datafile import DataFileError
from contracts.models import Agreement, LegalEntity
from drafts.execution import approve
from drafts.models import AmendmentDraft, ProvisionChange, SignatureChange, WarrantyChange
from ledger.exporting import export_agreement
from ledger.loading import load_agreement_file, load_agreement_text
from pricing.models import DiscountLine, DiscountSchedule
from releases.models import Release
from tests.conftest import SEED_FILE, make_user
from tests.drafts.conftest import draft_post
from tests.drafts.test_drafting import start_draft

pytestmark = pytest.mark.django_db
LOOKUP = {"q": "DDM-2000 OC-3", "agreement": "LNM970313MP"}


def export():
    return export_agreement(Agreement.objects.get(contract_number="LNM970313MP"))


def _draft_the_fifth_amendment(admin_client):
    """The seed loaded and the fifth amendment drafted on its page, plus one part of every other kind."""
    load_agreement_file(SEED_FILE)
    agreement = Agreement.objects.get()
    fifth = {
        "agreement": agreement,
        "line": DiscountLine.objects.get(
            product_as_written="DDM-2000 OC-3 hardware & Software", table__amendment__number=2
        ),
        "release": Release.objects.get(name_as_written__startswith="R. 3.0 w/UPSR"),
    }
    draft = start_draft(admin_client, agreement)
    assert admin_client.post(draft.get_absolute_url(), draft_post(draft, fifth)).status_code == 302
    ProvisionChange.objects.create(
        draft=draft,
        action="add",
        part="Appendix A",
        section="A-1.30",
        title="Test",
        text="New.",
        amendment_section="5",
        cited_place="page 2",
    )
    WarrantyChange.objects.create(
        draft=draft, schedule=DiscountSchedule.objects.get(agreement=agreement, section="A-1.15"), months=24, text="x"
    )
    SignatureChange.objects.create(draft=draft, entity=LegalEntity.objects.get(slug="lucent"), signatory="M. Wilson")
    return draft


def test_a_draft_round_trips_and_loads_as_a_draft(client_as, users):
    with transaction.atomic():
        _draft_the_fifth_amendment(client_as("admin"))
        first = export()
        again = load_agreement_text(first, "export.yaml", user=users["admin"])
        transaction.set_rollback(True)  # back to an empty database
    assert not again.changed, list(again.lines())
    written = yaml.safe_load(first)["drafts"]
    assert [d["number"] for d in written] == [5]
    assert written[0]["customers"][0]["entity"] == "kmc-telecom-v"
    line = {"table": "am2-a1-15-transmission", "row": "ddm-2000-oc-3-hardware-software", "column": "DISCOUNT"}
    assert written[0]["discounts"][0]["line"] == line  # the line replaced, by key
    assert written[0]["releases"][0]["release"]["amendment"] == 3
    assert [len(written[0][part]) for part in ("provisions", "warranties", "releases", "signatures")] == [1, 1, 1, 1]
    assert written[0]["provisions"][0]["cited_place"] == "page 2"  # where the signed document will print it

    assert not Agreement.objects.exists()
    load_agreement_text(first, "export.yaml", user=users["auditor"])
    draft = AmendmentDraft.objects.get()
    assert draft.status == AmendmentDraft.Status.DRAFT and draft.executed_amendment is None
    assert draft.author == users["auditor"] and not draft.agreement.amendments.filter(number=5).exists()
    assert export() == first


def test_a_file_with_drafts_needs_a_user(client_as, tmp_path):
    with transaction.atomic():
        _draft_the_fifth_amendment(client_as("admin"))
        text = export()
        transaction.set_rollback(True)
    with pytest.raises(DataFileError, match="drafts: .*give --user"):
        load_agreement_text(text, "with-draft.yaml")
    path = tmp_path / "with-draft.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="give --user"):
        call_command("load_agreement", str(path), stdout=io.StringIO())
    assert not Agreement.objects.exists()  # all or nothing
    call_command("load_agreement", str(path), "--user", "contract-admin", stdout=io.StringIO())
    assert AmendmentDraft.objects.get().author.username == "contract-admin"


def test_loading_a_draft_changes_no_answer(client_as, api_client_as, users):
    with transaction.atomic():
        _draft_the_fifth_amendment(client_as("admin"))
        text = export()
        transaction.set_rollback(True)
    load_agreement_file(SEED_FILE)
    api = api_client_as("buyer")
    dates = ("2000-04-01", "2000-07-01")  # after the draft's retroactive start and after its effective date

    def answers():
        return [api.get("/api/v1/discounts/", {**LOOKUP, "on": on}).json() for on in dates]

    before = answers()
    assert any(page["results"] for page in before)
    report = load_agreement_text(text, "with-draft.yaml", user=users["admin"])
    assert report.created["amendment drafts"] == 1
    assert answers() == before


def test_approval_stays_while_the_file_says_the_same_and_is_withdrawn_when_it_changes(
    client_as, users, django_user_model
):
    draft = _draft_the_fifth_amendment(client_as("admin"))
    approve(draft, user=make_user(django_user_model, "second-admin", "admin"), reason="four eyes")
    text = export()
    assert not load_agreement_text(text, "same.yaml", user=users["admin"]).changed
    assert AmendmentDraft.objects.get().status == AmendmentDraft.Status.APPROVED

    data = yaml.safe_load(text)
    data["drafts"][0]["title"] = "Amendment No. 5, as corrected"
    load_agreement_text(yaml.safe_dump(data, sort_keys=False), "changed.yaml", user=users["admin"])
    draft.refresh_from_db()
    assert draft.title == "Amendment No. 5, as corrected"
    assert draft.status == AmendmentDraft.Status.DRAFT and draft.approved_by is None
