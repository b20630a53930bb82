"""Every value of the seed file is kept by the database and comes back in the export.

The seed's YAML tree is compared with the exported tree value by value. Ignored: comments, the
order of mapping keys, the sections no record keeps yet (`NOT_YET_KEPT`), and the normalisations
data/README.md documents (`_normalised`). Everything else in the seed must be in the export.
"""

from datetime import date

import pytest
import yaml

from contracts.models import Agreement
from ledger.exporting import export_agreement
from ledger.loading import load_agreement_file
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db

# Transcribed in the seed, loaded by nothing yet: the exhibits without a structured home.
NOT_YET_KEPT = {
    "other_exhibits": "issue 12",
}
# Values kept by no record yet for want of a field in an app this change does not own.
NOT_YET_KEPT_VALUES: set[str] = set()


def _blank(value):
    return value is None or value == "" or value == [] or value == {}


def _normalised(path, seed, exported):
    """The seed's value written as the export writes it, where the format says the two are the same."""
    if path.endswith(".contract_number_as_written") and isinstance(seed, list):
        # `{text, source}` is kept as one line "text (source)", which the reader accepts as well.
        return [f"{s['text']} ({s['source']})" if isinstance(s, dict) and s.get("source") else s for s in seed]
    if path.startswith("entities[") and path.endswith(".former_names") and isinstance(exported, list):
        return sorted(seed)  # kept as names of the entity: written in name order
    if path.endswith(".aliases") and isinstance(seed, list):
        # An alias's kind defaults to `variant`; a plain string is an alias with no source or note.
        return [
            {"kind": "variant", **a} if isinstance(a, dict) else {"name": a, "kind": "variant", "source": None}
            for a in seed
        ]
    return seed


def differences(seed, exported, path=""):
    """Where the export lacks or changes a value of the seed, as `path: seed → exported` lines."""
    seed = _normalised(path, seed, exported)
    if isinstance(seed, str):
        seed = seed.strip()  # the reader strips text (folded YAML blocks end without a newline)
    if _blank(seed):
        return [] if _blank(exported) else [f"{path}: blank in the seed, {exported!r} in the export"]
    if isinstance(seed, dict):
        if not isinstance(exported, dict):
            return [f"{path}: a mapping in the seed, {exported!r} in the export"]
        found = []
        for key, value in seed.items():
            found += differences(value, exported.get(key), f"{path}.{key}" if path else key)
        return found
    if isinstance(seed, list):
        return _list_differences(seed, exported, path)
    if seed != exported and not (isinstance(seed, date) and str(seed) == str(exported)):
        return [f"{path}: {seed!r} in the seed, {exported!r} in the export"]
    return []


def _list_differences(seed, exported, path):
    """Items are matched by `key` where they have one, else in order (the export keeps the file's
    order for unkeyed rows), else by content (rows the export sorts, such as customers by entity)."""
    if not isinstance(exported, list):
        return [f"{path}: a list in the seed, {exported!r} in the export"]
    if all(isinstance(item, dict) and "key" in item for item in seed):
        by_key = {item.get("key"): item for item in exported if isinstance(item, dict)}
        return [d for i, item in enumerate(seed) for d in differences(item, by_key.get(item["key"]), f"{path}[{i}]")]
    in_order = [
        d
        for i, item in enumerate(seed)
        for d in differences(item, exported[i] if i < len(exported) else None, f"{path}[{i}]")
    ]
    if not in_order:
        return []
    unmatched = list(exported)
    found = []
    for i, item in enumerate(seed):
        match = next((other for other in unmatched if not differences(item, other, f"{path}[{i}]")), None)
        if match is None:  # not anywhere: say how it differs from the item in its place
            found += differences(item, exported[i] if i < len(exported) else None, f"{path}[{i}]")
        else:
            unmatched.remove(match)
    return found


def test_every_value_of_the_seed_is_in_the_export():
    load_agreement_file(SEED_FILE)
    seed = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    exported = yaml.safe_load(export_agreement(Agreement.objects.get(contract_number="LNM970313MP")))
    for section in NOT_YET_KEPT:
        assert section in seed  # still transcribed: when a record keeps it, drop it from NOT_YET_KEPT
        assert section not in exported
        del seed[section]
    found = differences(seed, exported)
    assert [d for d in found if d.split(":")[0] not in NOT_YET_KEPT_VALUES] == []
    assert len(found) == len(NOT_YET_KEPT_VALUES)  # when one is kept, drop it from NOT_YET_KEPT_VALUES


def test_the_comparison_notices_a_dropped_value():
    seed = {"amendments": [{"number": 2, "preamble": "This Amendment Number Two", "parties": ["a", "b"]}]}
    assert differences(seed, {"amendments": [{"number": 2, "parties": ["a", "b"]}]}) == [
        "amendments[0].preamble: 'This Amendment Number Two' in the seed, None in the export"
    ]
    assert differences(seed, {"amendments": [{"number": 2, "preamble": "This Amendment Number Two"}]}) != []
