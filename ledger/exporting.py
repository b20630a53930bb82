"""Writing one agreement as a data file (data/README.md), the inverse of `ledger.loading`.

Each domain app writes its own sections (`contracts.exporting`, `pricing.exporting`,
`releases.exporting`; apps above this layer through their `data_file_sections` module, see
`ledger.loading`); this module puts them in the file's order and writes YAML the strict reader
reads back to the same records: dates unquoted (`1998-06-30`), percents as quoted decimal strings,
text with line breaks as literal blocks, keys in a fixed order. The same database always gives the
same bytes, so loading an export and exporting again gives an identical file.
"""

from datetime import date

import yaml

from contracts import exporting as contracts_export
from contracts.models import Agreement
from ledger.loading import extra_section_modules
from pricing import exporting as pricing_export
from releases import exporting as releases_export

HEADER = (
    "# Ledgerline agreement data file (format: data/README.md), written by `manage.py export_agreement`.\n"
    "# Rows are matched by their `key` when loaded: keep the keys, add new rows with new keys.\n"
)


class _Dumper(yaml.SafeDumper):
    """Safe YAML with this format's scalar styles (below)."""


def _text(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _date(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _text)
_Dumper.add_representer(date, _date)


def agreement_data(agreement: Agreement) -> dict:
    data = {
        **contracts_export.export(agreement),
        **pricing_export.export(agreement),
        **releases_export.export(agreement),
    }
    for module in extra_section_modules():  # e.g. `drafts`, after everything they refer to
        data.update(module.export(agreement))
    return data


def export_agreement(agreement: Agreement) -> str:
    """The agreement's data file as text."""
    body = yaml.dump(
        agreement_data(agreement),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=120,
    )
    return HEADER + body
