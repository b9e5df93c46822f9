"""Figures a release implies but does not print: sums of its parts.

The Bureau's tables of output by ОКЭД division give machine building's divisions, not their
sum. :func:`machine_building_figures` adds the sum as a ``derived`` figure, exact when every
division has a number and a lower bound (``at_least``) when some are confidential or missing.
Its monthly tables give months: :func:`trade_figures` adds machinery and transport
equipment (HS 84–90) by month where a trade table gives every chapter, and every complete
year of any monthly flow (trade, and the output of industry by region and ОКЭД), never a
filled-in one. A table cumulated from January by quarter (value added, table 5931) gives
each quarter's own value as the difference of two cumulated ones (:func:`quarter_figures`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from kzmach.metadata.vocabulary import (
    DEFAULT_REGION,
    HS_CHAPTERS,
    HS_MACHINERY,
    TRADE_FLOWS,
    YEAR_OF_MONTHS_NOTE,
)
from kzmach.raw.figure_tables import FigureRow
from kzmach.raw.releases.common import written_decimals

if TYPE_CHECKING:
    import polars as pl

    from kzmach.raw.releases.mapping import Mapping
    from kzmach.raw.releases.registry import Release

__all__ = [
    "MONTHLY_FLOWS",
    "TRADE_SUM_DECIMALS",
    "derived_figure_id",
    "machine_building_figures",
    "quarter_figures",
    "trade_figures",
]


def machine_building_figures(
    values: pl.DataFrame, mapping: Mapping, release: Release, source_id: str, label: str
) -> list[FigureRow]:
    """Derive machine-building output from its divisions, where a release gives them.

    Which ОКЭД divisions make up machine building is declared once, in
    ``data/raw/release-mappings/classifier-codes.csv`` (``part_of_machine_building``; 26–30 and
    33, the usual Kazakh definition). For each period, territory and comparison where the
    release gives the output value (a level in money, never an index) of divisions, the sum is
    machine building's output: exact when every division has a number; when some are
    confidential (``x``) or missing, the sum of the others is a lower bound (qualifier
    ``at_least``, the missing divisions named in the note); with no number at all, nothing.
    The figure's type is ``derived`` and its quote lists every input cell.
    """
    divisions = sorted(
        c for c, row in mapping.codes.items() if row["part_of_machine_building"] == "yes"
    )
    indicator = mapping.indicators.get(("output_value", "machine_building"))
    if not divisions or indicator is None or "measure" not in values.columns:
        return []
    rows = _division_rows(values, mapping, divisions)
    keys = ["figure_period", "region", "unit", "comparison_as_written", "dimensions"]
    figures = []
    for key, group in rows.group_by(keys, maintain_order=True):
        figure = _sum_of_divisions(dict(zip(keys, key, strict=True)), group, divisions)
        if figure is None:
            continue
        fields, first_row = figure
        fields.update(
            indicator=indicator,
            source_id=source_id,
            maturity=release.maturity,
            release=release.key,
            figure_id=derived_figure_id(release, f"mb-r{first_row}", str(key[0])),
        )
        figures.append(FigureRow(fields, label, first_row))
    return figures


def derived_figure_id(release: Release, *parts: str) -> str:
    """Return a derived figure's id: the release's source and id, then ``parts``, slugged."""
    text = "-".join((release.source, release.release_id, *parts)).lower()
    return re.sub(r"[^a-z0-9-]+", "-", text).strip("-")


def _sum_of_divisions(
    key: dict[str, Any], group: pl.DataFrame, divisions: list[str]
) -> tuple[dict[str, Any], int] | None:
    numbers = {
        r["division"]: r
        for r in group.iter_rows(named=True)
        if r["marker"] == "" and r["value"] is not None
    }
    if not numbers:
        return None
    missing = [d for d in divisions if d not in numbers]
    decimals = max(written_decimals(r["value_as_written"]) for r in numbers.values())
    total = f"{sum(r['value'] for r in numbers.values()):.{decimals}f}"
    cells = " | ".join(
        f"{r['division']}: {r['value_as_written'] or r['marker'] or 'not given'}"
        for r in group.sort("division").iter_rows(named=True)
    )
    first = group.row(0, named=True)
    lower = bool(missing)
    quote = (
        f"{first['indicator_name']} | {first['period_as_written']} | {first['kato_label']} | "
        f"{cells} | {key['unit']} | {'at least ' if lower else ''}{total}"
    )
    note = f"derived: the sum of ОКЭД divisions {', '.join(sorted(numbers))}"
    if lower:
        note += f"; no number for {', '.join(missing)} (confidential or not given): a lower bound"
    fields = {
        "figure_type": "derived",
        "subject": "",
        "region": key["region"],
        "period": key["figure_period"],
        "period_as_read": first["period_as_written"],
        "inferred": "",
        "comparison": first["comparison"],
        "value_form": "level",
        "value_as_written": total,
        "unit_as_written": key["unit"],
        "qualifier": "at_least" if lower else "exact",
        "found_in": "quote",
        "source_line": "",
        "quote": quote,
        "note": note,
    }
    return fields, min(int(r) for r in group["row"].to_list())


def _division_rows(values: pl.DataFrame, mapping: Mapping, divisions: list[str]) -> pl.DataFrame:
    """Return the rows of output levels of the divisions, each with its ``division`` code.

    A row's code and label are resolved once per distinct pair, by the classifier's code or
    by its wording (``classifier-codes.csv``).
    """
    import polars as pl

    pairs = values.select("code", "code_label").unique()
    resolved = pairs.with_columns(
        pl.Series(
            "division",
            [
                row["code"] if (row := mapping.code_row(code, name)) is not None else ""
                for code, name in pairs.iter_rows()
            ],
            dtype=pl.String,
        )
    )
    return (
        values.filter(
            (pl.col("measure") == "output_value")
            & (pl.col("value_form") == "level")
            & pl.col("region").is_not_null()
        )
        .join(resolved, on=["code", "code_label"], how="left", maintain_order="left")
        .filter(pl.col("division").is_in(divisions))
    )


#: The most decimals a derived trade sum is written with: the mirror's values carry float
#: tails (``10226.894120000003``), and a sum of them is no more precise than a cent.
TRADE_SUM_DECIMALS: Final = 5
#: The measures whose months add up to a year: trade flows and the value of output (a
#: month's own, at current prices). Indices, shares and cumulated values never do.
MONTHLY_FLOWS: Final = (*TRADE_FLOWS, "output_value")


def trade_figures(
    values: pl.DataFrame, mapping: Mapping, release: Release, source_id: str, label: str
) -> list[FigureRow]:
    """Derive the sums a monthly table implies: HS 84–90 by month, every year of 12 months.

    The rule of derived sums: a month's sum of machinery and transport equipment (HS 84–90)
    exists only when every chapter of :data:`~kzmach.metadata.vocabulary.HS_CHAPTERS` has a
    number that month (September 2022 carries only the total: no sum, never a filled-in
    one); a year of any monthly flow (:data:`MONTHLY_FLOWS`: trade, output) of a territory
    exists only when all twelve months do. Each is a ``derived`` figure whose quote lists
    its inputs; a month's own values are the release's figures.
    """
    import polars as pl

    if "measure" not in values.columns:
        return []
    trade = values.filter(
        pl.col("measure").is_in(list(MONTHLY_FLOWS))
        & (pl.col("mapping") == "mapped")
        & pl.col("value").is_not_null()  # a blank cell ("not published") has no number
        & (pl.col("period_type") == "month")
        & (pl.col("period_basis") == "period")  # a month's own value, not January to it
    )
    if trade.is_empty():
        return []
    months: dict[tuple[str, str, str], dict[str, tuple[float, str]]] = {}
    details: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in trade.iter_rows(named=True):
        key = (row["indicator"], row["region"], row["unit"])
        months.setdefault(key, {})[row["figure_period"]] = (row["value"], row["value_as_written"])
        details.setdefault(key, row)
    figures = _monthly_machinery_sums(trade, mapping, months, details)
    for key, by_month in months.items():
        figures += _year_sums(key, by_month, details[key])
    return [_trade_figure(fields, release, source_id, label) for fields in figures]


def _monthly_machinery_sums(
    trade: pl.DataFrame,
    mapping: Mapping,
    months: dict[tuple[str, str, str], dict[str, tuple[float, str]]],
    details: dict[tuple[str, str, str], dict[str, Any]],
) -> list[dict[str, Any]]:
    """Sum HS 84–90 in every month that has every chapter; add the sums to ``months``."""
    import polars as pl

    chapters = trade.filter(pl.col("scope").is_in(list(HS_CHAPTERS)))
    figures = []
    for (measure, region, unit), group in chapters.group_by(
        ["measure", "region", "unit"], maintain_order=True
    ):
        indicator = mapping.indicators.get((str(measure), HS_MACHINERY))
        if indicator is None:
            continue
        key = (indicator, str(region), str(unit))
        for period, month in group.group_by("figure_period", maintain_order=True):
            cells = {r["scope"]: r for r in month.iter_rows(named=True)}
            if set(cells) != set(HS_CHAPTERS):
                continue
            total = _written_sum([(r["value"], r["value_as_written"]) for r in cells.values()])
            first = month.row(0, named=True)
            months.setdefault(key, {})[str(period[0])] = (float(total), total)
            details.setdefault(key, {**first, "indicator": indicator})
            inputs = " | ".join(
                f"{r['code']}: {r['value_as_written']}" for _, r in sorted(cells.items())
            )
            figures.append(
                {
                    "indicator": indicator,
                    "region": str(region),
                    "period": str(period[0]),
                    "period_as_read": first["period_as_written"],
                    "value_as_written": total,
                    "unit_as_written": str(unit),
                    "quote": f"{first['indicator_name']} | {first['period_as_written']} | "
                    f"{inputs} | {unit} | {total}",
                    "note": "derived: the sum of HS chapters 84 to 90 (machinery and transport "
                    "equipment, a product definition), every chapter present",
                    "row": min(int(r["row"]) for r in cells.values()),
                }
            )
    return figures


def _year_sums(
    key: tuple[str, str, str], by_month: dict[str, tuple[float, str]], first: dict[str, Any]
) -> list[dict[str, Any]]:
    """Sum every year of an indicator whose twelve months all have a number."""
    indicator, region, unit = key
    years: dict[str, list[str]] = {}
    for period in by_month:
        years.setdefault(period[:4], []).append(period)
    figures = []
    for year, periods in sorted(years.items()):
        if len(periods) != 12:
            continue
        periods.sort()
        total = _written_sum([by_month[p] for p in periods])
        inputs = " | ".join(f"{p}: {by_month[p][1]}" for p in periods)
        figures.append(
            {
                "indicator": indicator,
                "region": region,
                "period": year,
                "period_as_read": f"{periods[0]} … {periods[-1]}",
                "value_as_written": total,
                "unit_as_written": unit,
                "quote": f"{first['indicator_name']} | {first.get('code', '')} | {inputs} | "
                f"{unit} | {total}",
                "note": YEAR_OF_MONTHS_NOTE,
                "row": int(first["row"]),
            }
        )
    return figures


def _written_sum(cells: list[tuple[float, str]]) -> str:
    """Return the sum of cells, written with their decimals (at most the trade sums' cap)."""
    decimals = min(TRADE_SUM_DECIMALS, max(written_decimals(text) for _, text in cells))
    return f"{sum(value for value, _ in cells):.{decimals}f}"


def _trade_figure(
    fields: dict[str, Any], release: Release, source_id: str, label: str
) -> FigureRow:
    """Return a derived trade sum as a figure row of the release."""
    row = fields.pop("row")
    fields.update(
        figure_type="derived",
        subject="",
        inferred="",
        comparison="none",
        value_form="level",
        qualifier="exact",
        found_in="quote",
        source_line="",
        source_id=source_id,
        maturity=release.maturity,
        release=release.key,
        # a region's sum is named by its region too; the republic's keeps its plain id
        figure_id=derived_figure_id(
            release,
            fields["indicator"],
            *([] if fields["region"] == DEFAULT_REGION else [fields["region"]]),
            fields["period"],
        ),
    )
    return FigureRow(fields, label, row)


#: The note of a quarter's own value, the difference of two values cumulated from January.
QUARTER_OF_CUMULATED_NOTE: Final = (
    "derived: the quarter's own value, January to its end less January to the quarter before,"
    " both as published"
)


def quarter_figures(
    values: pl.DataFrame, release: Release, source_id: str, label: str
) -> list[FigureRow]:
    """Derive each quarter's own value from a table cumulated from January by quarter.

    For every indicator, territory and year, the second quarter is January–June less the
    first quarter, the third January–September less January–June and the fourth the year
    less January–September, each only where both published values exist. The first
    quarter is published as it is. A difference may be negative where the Bureau's
    cumulated values fall (division 26 in 2013, as published): it is kept, not repaired.
    """
    import polars as pl

    if "period_basis" not in values.columns:
        return []
    cumulated = values.filter(
        (pl.col("period_basis") == "year_to_date")
        & (pl.col("period_type") == "quarter")
        & (pl.col("mapping") == "mapped")
        & pl.col("value").is_not_null()
    )
    published = {
        (r["indicator"], r["region"], str(r["period"])): r for r in cumulated.iter_rows(named=True)
    }
    figures = []
    for (indicator, region, period), row in published.items():
        year, quarter = period[:4], int(period[-1])
        earlier = published.get((indicator, region, f"{year}-Q{quarter - 1}"))
        if quarter == 1 or earlier is None:
            continue
        decimals = max(
            written_decimals(row["value_as_written"]), written_decimals(earlier["value_as_written"])
        )
        total = f"{row['value'] - earlier['value']:.{min(decimals, TRADE_SUM_DECIMALS)}f}"
        fields = {
            "indicator": indicator,
            "region": region,
            "period": period,
            "period_as_read": f"{earlier['period_as_written']} … {row['period_as_written']}",
            "value_as_written": total,
            "unit_as_written": str(row["unit"]),
            "quote": f"{row['indicator_name']} | {row['code']} | "
            f"{row['period_as_written']}: {row['value_as_written']} - "
            f"{earlier['period_as_written']}: {earlier['value_as_written']} | {row['unit']} | "
            f"{total}",
            "note": QUARTER_OF_CUMULATED_NOTE,
            "row": int(row["row"]),
        }
        figures.append(_trade_figure(fields, release, source_id, label))
    return figures
