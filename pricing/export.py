"""A priced quote as CSV rows: one per line, then the totals (sums of the rounded lines)."""

from core.spreadsheet import SafeCsvWriter

HEADER = [
    "line",
    "product asked",
    "product",
    "schedule",
    "component",
    "quantity",
    "list price",
    "discount %",
    "rule",
    "unit net",
    "extended list",
    "extended net",
    "outcome",
    "warranty",
    "clause",
    "warnings",
]


def _text(value):
    return "" if value is None else str(value)


def write_quote_csv(result, stream):
    writer = SafeCsvWriter(stream)
    as_agreed = result.as_of.as_agreed
    writer.writerow(["order date", result.as_of.on.isoformat()])
    writer.writerow(["as agreed on", as_agreed.isoformat() if as_agreed else "now (every amendment on record)"])
    writer.writerow(["buying entity", result.entity_name])
    writer.writerow(["eligibility", result.eligibility.standing.value, " ".join(result.eligibility.reasons)])
    writer.writerow(HEADER)
    for number, line in enumerate(result.lines, start=1):
        writer.writerow(
            [
                number,
                line.request.product,
                line.product_name,
                line.schedule_section,
                line.component,
                line.request.quantity,
                _text(line.request.list_price),
                _text(line.percent),
                line.rule,
                _text(line.unit_net),
                _text(line.extended_list),
                _text(line.extended_net),
                line.outcome.value,
                "; ".join(str(w) for w in line.warranties),
                _text(line.clause),
                " | ".join(line.warnings),
            ]
        )
    writer.writerow(["total", "", "", "", "", "", "", "", "", "", result.total_list, result.total_net])
    if not result.complete:
        writer.writerow([f"{result.unpriced_count} line(s) not priced: the net total leaves them out"])
