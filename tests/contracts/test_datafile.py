"""Reading a data file: every problem placed by file, line and path; hostile YAML refused cleanly."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from contracts.datafile import MAX_DEPTH, DataFileError, read_data_file
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def problems(tmp_path, text):
    path = Path(tmp_path) / "agreement.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_agreement", str(path), stdout=io.StringIO())
    return str(error.value)


def test_an_impossible_unquoted_date_is_placed_not_a_traceback(tmp_path):
    message = problems(tmp_path, "agreement:\n  title: X\n  effective: 1998-02-30\n")
    assert "agreement.yaml: line 3" in message
    assert "'1998-02-30' is not a valid date" in message


def test_a_key_given_twice_is_refused_with_both_lines(tmp_path):
    message = problems(tmp_path, "agreement:\n  title: First\n  title: Second\n")
    assert "line 3" in message and "'title' is given twice (first on line 2)" in message


def test_deep_nesting_is_refused_before_the_stack_runs_out(tmp_path):
    message = problems(tmp_path, "agreement: " + "[" * 1000 + "]" * 1000 + "\n")
    assert f"nested deeper than {MAX_DEPTH} levels" in message
    assert "line 1" in message


def test_nul_in_a_name_is_refused_with_its_line_and_path(tmp_path):
    text = SEED_FILE.read_text(encoding="utf-8")
    marker = "\nentities:\n"
    assert marker in text
    before, after = text.split(marker, 1)
    # The first entity's name gains an escaped NUL: valid YAML, but no contract prints one.
    first_name_at = after.index("name: ")
    line_end = after.index("\n", first_name_at)
    value = after[first_name_at + len("name: ") : line_end].strip().strip("\"'")
    after = after[:first_name_at] + f'name: "{value}\\0"' + after[line_end:]
    path = Path(tmp_path) / "agreement.yaml"
    path.write_text(before + marker + after, encoding="utf-8")
    with pytest.raises(DataFileError):
        raise_if_invalid(path)
    with pytest.raises(CommandError) as error:
        call_command("load_agreement", str(path), stdout=io.StringIO())
    message = str(error.value)
    line = (before + marker).count("\n") + after[:first_name_at].count("\n") + 1
    assert f"line {line}, entities[0].name: contains a control character" in message


def raise_if_invalid(path):
    root = read_data_file(path)
    root.items("entities")[0].text("name")
    if root.errors:
        raise DataFileError(path.name, root.errors)


def test_the_seed_still_reads_cleanly():
    root = read_data_file(SEED_FILE)
    assert root.errors == []
    assert root.line == 1
