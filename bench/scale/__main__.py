"""`make bench-scale`: issue 11's targets, each a ratio measured in one run (see bench/scale/__init__.py).

    python -m bench.scale [--agreements 1000] [--rebuild] [--rounds 15] [--seconds 5]
                          [--only growth,...] [--cases board-api,...]

Prints the table, writes it to var/bench-scale-<sqlite|postgresql>.md, exits 1 when a target is missed.
"""

import argparse
import os
import sys

from bench.scale import databases
from bench.scale.report import Row, table, write

PARTS = ("growth", "throughput", "quote", "memory")
GROWTH_TARGET = 1.5
QUOTE_TARGET = 3.0
MEMORY_TARGET = 1.5


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=1000, help="generated on top of the seed (default 1000)")
    parser.add_argument("--rebuild", action="store_true", help="build both databases again")
    parser.add_argument("--rounds", type=int, default=15, help="timed requests per case and database (default 15)")
    parser.add_argument("--seconds", type=float, default=5, help="length of a throughput burst (default 5)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"some of {', '.join(PARTS)}")
    parser.add_argument("--cases", default="", help="only these case keys (bench/scale/cases.py), comma-separated")
    return parser.parse_args(argv)


def growth_rows(results) -> list[Row]:
    rows = []
    for result in results:
        if result.error:
            rows.append(Row(f"p50 growth: {result.case.label}", "error", f"≤ {GROWTH_TARGET}x", False, result.error))
            continue
        queries_ok = result.large_queries <= result.small_queries
        detail = (
            f"{result.small_ms:.0f} → {result.large_ms:.0f} ms; queries {result.small_queries} → "
            f"{result.large_queries}; {result.small_bytes / 1000:.0f} → {result.large_bytes / 1000:.0f} kB; "
            f"{result.rounds} rounds"
        )
        held = result.case.growth_held
        ok = (result.ratio <= GROWTH_TARGET or not held) and queries_ok
        target = f"≤ {GROWTH_TARGET}x" if held else "(information; queries: no more)"
        rows.append(Row(f"p50 growth: {result.case.label}", f"{result.ratio:.2f}x", target, ok, detail))
    return rows


def main(argv=None) -> int:
    options = _arguments(argv if argv is not None else sys.argv[1:])
    parts = {p.strip() for p in options.only.split(",") if p.strip()}
    small, large = databases.database(0), databases.database(options.agreements)
    stamps = {
        "small": databases.ensure(small, rebuild=options.rebuild),
        "large": databases.ensure(large, rebuild=options.rebuild),
    }
    from bench.scale import growth

    # In process (growth, the 1,000-line quote) every answer is computed: what grows with the portfolio is
    # the work of answering, which an answer kept from the previous round would hide.
    os.environ["LEDGERLINE_ANSWER_CACHE"] = "off"
    growth.setup_django(small)
    small_side, large_side = growth.sides(small, large)
    rows: list[Row] = []
    if "growth" in parts:
        print(f"p50 growth, {small.label} → {large.label}, alternating:")
        results = []
        for case in _cases(options.cases):
            results.append(growth.measure(case, small_side, large_side, options.rounds))
            print(f"  {case.label}: {growth_rows(results[-1:])[0].value}", flush=True)
        rows += growth_rows(results)
    if "quote" in parts:
        from bench.scale.quote import measure_quote

        quote = measure_quote(large_side)
        if quote.error:
            rows.append(Row("1,000-line quote", f"HTTP {quote.status}", "answered", False, quote.error))
        else:
            constant = quote.queries_1000 == quote.queries_10
            rows.append(
                Row("1,000-line quote: queries", f"{quote.queries_1000}", f"= 10-line ({quote.queries_10})", constant)
            )
            rows.append(
                Row(
                    "1,000-line quote: time per line vs in-memory dict",
                    f"{quote.ratio:.1f}x",
                    f"≤ {QUOTE_TARGET}x",
                    quote.ratio <= QUOTE_TARGET,
                    f"{quote.api_ms_per_line * 1000:.0f} µs vs {quote.dict_ms_per_line * 1000:.1f} µs a line",
                )
            )
            rows.append(
                Row(
                    "1,000-line quote, every line a different list price: time per line vs in-memory dict",
                    f"{quote.distinct_ratio:.1f}x",
                    "(information)",
                    True,
                    f"{quote.distinct_api_ms_per_line * 1000:.0f} µs vs "
                    f"{quote.distinct_dict_ms_per_line * 1000:.1f} µs a line",
                )
            )
    if "throughput" in parts:
        from bench.scale.throughput import measure_throughput

        print(f"throughput under gunicorn on {large.label}, against the bare view:")
        for result in measure_throughput(large, large_side.ids, options.seconds, _cases(options.cases)):
            target = result.case.throughput
            rows.append(
                Row(
                    f"throughput: {result.case.label}",
                    f"{result.ratio:.2f}x",
                    f"≥ {target}x",
                    result.ratio >= target and not result.errors,
                    f"{result.app_rps:.1f} vs {result.bare_rps:.1f} req/s"
                    + (f"; {result.errors}" if result.errors else ""),
                )
            )
        print("the same, every answer computed (LEDGERLINE_ANSWER_CACHE=off), for information:")
        computed = measure_throughput(large, large_side.ids, options.seconds, _cases(options.cases), keep_answers=False)
        for result in computed:
            rows.append(
                Row(
                    f"throughput, every answer computed: {result.case.label}",
                    f"{result.ratio:.2f}x",
                    "(information)",
                    not result.errors,
                    f"{result.app_rps:.1f} vs {result.bare_rps:.1f} req/s"
                    + (f"; {result.errors}" if result.errors else ""),
                )
            )
    if "memory" in parts:
        from bench.scale.throughput import measure_memory

        memory = measure_memory(small, large, {"small": small_side.ids, "large": large_side.ids})
        rows.append(
            Row(
                "peak worker RSS",
                f"{memory.ratio:.2f}x",
                f"≤ {MEMORY_TARGET}x",
                memory.ratio <= MEMORY_TARGET and not memory.errors,
                f"{memory.small_mb:.0f} → {memory.large_mb:.0f} MB" + (f"; {memory.errors}" if memory.errors else ""),
            )
        )
    settings = f"{options.rounds} rounds a case; throughput bursts of {options.seconds:g} s."
    path = write(rows, small=small, large=large, stamps=stamps, settings=settings)
    print()
    print(table(rows))
    print(f"\nwritten to {path}")
    return 0 if all(row.ok for row in rows) else 1


def _cases(keys: str = ""):
    from bench.scale.cases import CASES

    wanted = {key.strip() for key in keys.split(",") if key.strip()}
    unknown = wanted - {case.key for case in CASES}
    if unknown:
        raise SystemExit(f"unknown case keys: {', '.join(sorted(unknown))}")
    return [case for case in CASES if not wanted or case.key in wanted]


if __name__ == "__main__":
    sys.exit(main())
