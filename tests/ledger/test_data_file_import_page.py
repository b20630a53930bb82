"""Contract admins upload a data file: validation report with lines, preview (nothing written), apply."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.models import Agreement
from ledger.import_forms import MAX_DATA_FILE_BYTES
from releases.models import Release
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db
URL = reverse("ledger:data_file_import")


def upload(client, content, name="agreement.yaml"):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return client.post(URL, {"data_file": SimpleUploadedFile(name, data, content_type="application/x-yaml")})


def token_of(response):
    return response.context["apply_form"].initial["token"]


def test_only_contract_admins_get_the_page(client_as, users):
    assert client_as("admin").get(URL).status_code == 200
    for role in ("buyer", "auditor"):
        assert client_as(role).get(URL).status_code == 403


def test_agreement_list_links_to_it_for_admins_only(client_as, users):
    assert URL in client_as("admin").get(reverse("contracts:agreement_list")).content.decode()
    assert URL not in client_as("buyer").get(reverse("contracts:agreement_list")).content.decode()


def test_preview_writes_nothing_then_apply_loads_with_the_reason(client_as, users):
    client = client_as("admin")
    response = upload(client, SEED_FILE.read_text(encoding="utf-8"))
    assert response.status_code == 200
    rows = {row["model"]: row for row in response.context["report"].rows}
    assert rows["releases"]["created"] == 206
    assert not Agreement.objects.exists()  # the preview was rolled back
    response = client.post(URL, {"token": token_of(response), "change_reason": "Seed agreement from the filing"})
    assert response.status_code == 200 and response.context["applied"].changed
    release = Release.objects.first()
    assert "Seed agreement from the filing" in release.history.first().history_change_reason
    assert release.history.first().history_user == users["admin"]
    again = client.post(URL, {"token": token_of(upload(client, SEED_FILE.read_text())), "change_reason": "again"})
    assert again.status_code == 200


def test_preview_shows_changed_values_and_removed_rows(client_as, seed):
    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    releases = data["release_schedule"]["product_lines"][0]["groups"][0]["releases"]
    releases[0]["ga_as_written"] = "5/99"
    gone = releases.pop(1)
    response = upload(client_as("admin"), yaml.safe_dump(data, sort_keys=False))
    body = response.content.decode()
    assert "4/99" in body and "5/99" in body
    assert gone["key"] in body
    assert Release.objects.get(key=releases[0]["key"], group__product_line__position=1).ga_as_written == "4/99"


def test_errors_are_listed_with_line_and_place_and_nothing_is_written(client_as, users):
    text = SEED_FILE.read_text(encoding="utf-8").replace('  title: "General Agreement"\n', "  titel: x\n", 1)
    response = upload(client_as("admin"), text)
    assert response.status_code == 400
    errors = response.context["errors"]
    assert any(e.path == "agreement.titel" and e.line for e in errors)
    assert any(e.path == "agreement.title" and "required" in e.message for e in errors)
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "picture.yaml", "not UTF-8 text"),
        (b"key: value\x00", "nul.yaml", "binary content"),
        (b"a: b", "agreement.pdf", "ends in .yaml or .yml"),
        (b"a" * (MAX_DATA_FILE_BYTES + 1), "big.yaml", "at most 2,097,152"),
        (b"just: [unclosed", "broken.yaml", "not valid YAML"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(client_as, users, content, name, message):
    response = upload(client_as("admin"), content, name)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_apply_needs_a_reason_and_the_pending_token(client_as, users):
    client = client_as("admin")
    token = token_of(upload(client, SEED_FILE.read_text(encoding="utf-8")))
    assert client.post(URL, {"token": token, "change_reason": ""}).status_code == 200
    assert not Agreement.objects.exists()
    response = client.post(URL, {"token": "forged", "change_reason": "load it"})
    assert response.status_code == 400 and response.context["expired"]
    assert not Agreement.objects.exists()
