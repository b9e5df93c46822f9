"""Curated figure tables: read, check cell by cell, and normalise to the catalogue's units.

Each table in ``data/raw/figures/`` has one row per figure (see ``data/raw/figures/README.md``
for the columns). A row gives the value *as written* (a verbatim piece of the quote) and the
library works out the normalised value from it: the number, its scale words, its currency,
and how a change is expressed (growth, index, multiple, decline). So the normalised value is
always recoverable from the quote, and the build proves it on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from kzmach.errors import Problem
from kzmach.files import read_csv_table
from kzmach.metadata import catalogue
from kzmach.metadata.observation_columns import observation_record
from kzmach.metadata.vocabulary import (
    COMPARISONS,
    DEFAULT_REGION,
    FIGURE_TYPES,
    FOUND_IN,
    INFERRED_PARTS,
    MATURITIES,
    QUALIFIERS,
    VALUE_FORMS_BY_BASIS,
)
from kzmach.paths import ProjectPaths
from kzmach.raw.raw_files import Registry, Source
from kzmach.text.numbers import (
    NumberParseError,
    Quantity,
    has_qualifier_cue,
    parse_quantity,
    qualifier_cues,
)
from kzmach.text.periods import Period, PeriodParseError, parse_period, parse_published

__all__ = [
    "FIGURE_COLUMNS",
    "FigureRow",
    "normalise",
    "read_figure_tables",
    "row_to_observation",
]

FIGURE_COLUMNS = (
    "figure_id",
    "indicator",
    "figure_type",
    "subject",
    "region",
    "period",
    "inferred",
    "comparison",
    "value_form",
    "value_as_written",
    "unit_as_written",
    "qualifier",
    "found_in",
    "source_id",
    "source_line",
    "maturity",
    "quote",
    "note",
)
#: Characters either side of the value within which a qualifier's cue word must appear.
CUE_WINDOW = 60


@dataclass(slots=True)
class FigureRow:
    """One figure row as read from a table, with where it came from."""

    fields: dict[str, str]
    file: str
    row: int


def read_figure_tables(paths: ProjectPaths) -> tuple[list[FigureRow], list[Problem]]:
    """Read every ``*.csv`` figure table (but the exclusions) in ``data/raw/figures``."""
    rows: list[FigureRow] = []
    problems: list[Problem] = []
    for path in sorted(paths.figures.glob("*.csv")):
        if path.name == "exclusions.csv":
            continue
        name = paths.relative(path)
        records, read_problems = read_csv_table(path, FIGURE_COLUMNS, label=name, any_order=True)
        problems += read_problems
        rows += [FigureRow(record, name, start) for start, record in records]
    return rows, problems


EXCLUSION_COLUMNS = ("source_id", "source_line", "reason")


def read_exclusions(paths: ProjectPaths) -> tuple[dict[tuple[str, int], str], list[Problem]]:
    """Return ``(source_id, line) -> reason`` for collection rows that hold no figure.

    ``source_line`` is one line (``21``) or a range of lines (``82-349``, both included)
    sharing one reason. Also returns the problems: a line that is not a whole number, or a
    row without a reason, is named by file, row and column.
    """
    path = paths.figures / "exclusions.csv"
    if not path.is_file():
        return {}, []
    name = paths.relative(path)
    records, problems = read_csv_table(path, EXCLUSION_COLUMNS, label=name)
    excluded: dict[tuple[str, int], str] = {}
    for row, record in records:
        text = record["source_line"].strip()
        first, _, last = text.partition("-")
        if not first.isdigit() or not (last or first).isdigit() or int(last or first) < int(first):
            problems.append(
                Problem(
                    name,
                    row,
                    "source_line",
                    f"{text!r} is not a line number (1, 2, ...) or a range of lines (82-349)",
                )
            )
            continue
        if not record["reason"].strip():
            problems.append(Problem(name, row, "reason", "an exclusion needs its reason"))
        for line in range(int(first), int(last or first) + 1):
            excluded[(record["source_id"].strip(), line)] = record["reason"]
    return excluded, problems


def normalise(
    quantity: Quantity, indicator: catalogue.Indicator, value_form: str
) -> tuple[Decimal, Decimal | None]:
    """Convert a parsed quantity into the indicator's canonical unit.

    Formulas (``m`` is the quantity's magnitude, ``s`` the canonical unit's scale):

    * ``level``, ``level_per_year``, ``rank``: ``m / s``
    * ``share``, ``pp``, ``growth``: ``m`` (percent)
    * ``decline``: ``-m`` (a fall of m%)
    * ``index``: ``m - 100`` (``104,2%`` of the base period is +4.2%)
    * ``multiple``: ``(m - 1) * 100`` (``2,3 есе`` is +130%)

    Raises
    ------
    ValueError
        If the quantity's dimension is not allowed for the indicator and form.
    """
    dimension = quantity.dimension
    wanted = indicator.dimension
    if value_form in ("share", "pp", "growth", "decline", "index"):
        wanted = "percent"
    elif value_form == "multiple":
        if dimension == "count":  # a bare "4.5" declared a multiple by the curator
            dimension = "ratio"
        wanted = "ratio"
    elif value_form == "rank" and dimension == "count":
        dimension = "rank"
    if value_form == "index" and dimension == "count":
        dimension = "percent"  # a bare "113.9" in a table of indices (% of previous year)
    elif indicator.dimension == "ratio" and dimension == "count":
        dimension = "ratio"
    if dimension != wanted:
        raise ValueError(
            f"unit not allowed for {indicator.id}: the value reads as {dimension}, "
            f"the indicator is in {indicator.unit} ({wanted})"
        )

    def convert(magnitude: Decimal) -> Decimal:
        if value_form in ("level", "level_per_year", "rank"):
            return magnitude / indicator.scale
        if value_form == "decline":
            return -magnitude
        if value_form == "index":
            return magnitude - 100
        if value_form == "multiple":
            return (magnitude - 1) * 100
        return magnitude

    upper = convert(quantity.upper) if quantity.upper is not None else None
    return convert(quantity.magnitude), upper


def written_precision(
    quantity: Quantity,
    indicator: catalogue.Indicator,
    value_form: str,
    decimals: int | None = None,
) -> Decimal:
    """Return the rounding unit of a written value, in the indicator's canonical unit.

    ``2,3 трлн`` is written to 0.1 trillion, so 100 bn tenge; ``2,3 есе`` to 0.1 times, so
    10 percentage points of growth; ``870`` bn to 1 bn. ``decimals`` gives the decimals the
    number is published to when they are not those written (a machine-written
    ``593816.2000000001`` is published as 593816.2:
    :func:`kzmach.raw.releases.convert.published_decimals`).
    """
    exponent = quantity.number.as_tuple().exponent if decimals is None else -decimals
    step = Decimal(1).scaleb(exponent) if isinstance(exponent, int) and exponent < 0 else Decimal(1)
    if quantity.number:
        step *= abs(quantity.magnitude / quantity.number)
    if value_form in ("level", "level_per_year", "rank"):
        return step / indicator.scale
    if value_form == "multiple":
        return step * 100
    return step


def is_change(indicator: catalogue.Indicator) -> bool:
    """Whether the indicator is a change (growth, a change in a share, a price index).

    A change needs a comparison: the period it is compared with (a price index chained to
    the previous December is compared with that December).
    """
    return indicator.is_growth or indicator.basis in ("share_change", "price_index")


def _allowed_forms(indicator: catalogue.Indicator) -> tuple[str, ...]:
    return VALUE_FORMS_BY_BASIS[indicator.basis]


@dataclass(frozen=True, slots=True)
class _Checked:
    """A figure row's fields, each checked against its vocabulary (step 1 of a row)."""

    indicator: catalogue.Indicator
    figure_type: str
    period: Period | None
    inferred: list[str]
    comparison: str
    value_form: str
    qualifier: str
    maturity: str
    found_in: str


Report = Callable[..., None]


def row_to_observation(
    figure: FigureRow, registry: Registry
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check one figure row and turn it into an observation record.

    Three steps: check the fields against their vocabularies (:func:`_checked_fields`),
    find the source and read the value in its quote (:func:`_read_value`), then make the
    record (:func:`_record`). Returns the record (None when the row cannot be normalised)
    and the problems found.
    """
    problems: list[Problem] = []

    def problem(column: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(figure.file, figure.row, column, message, severity))

    checked = _checked_fields(figure.fields, problem)
    if checked is None:
        return None, problems
    source, haystack, unit_haystack, decimal_mark, source_line = _locate(
        figure.fields, registry, checked.found_in, problem
    )
    if source is None or problems:
        return None, problems
    read = _read_value(figure.fields, checked, haystack, unit_haystack, decimal_mark, problem)
    if read is None or problems or checked.period is None:
        return None, problems
    if checked.found_in == "value_cell":
        problem(
            "found_in",
            f"figure {figure.fields['figure_id']} is only in the collector's value cell, "
            "not in the quote",
            severity="warning",
        )
    return _record(figure, checked, read, source, source_line), problems


def _in_vocabulary(
    f: dict[str, str], column: str, default: str, allowed: tuple[str, ...], problem: Report
) -> str:
    """Return a field (``default`` when empty), reporting it when not in ``allowed``."""
    value = f[column] or default
    if value not in allowed:
        problem(column, f"{value!r} is not one of {allowed}")
    return value


def _checked_fields(f: dict[str, str], problem: Report) -> _Checked | None:
    """Check a row's fields against the catalogue and the vocabularies (see above)."""
    required = ("figure_id", "indicator", "period", "value_as_written", "source_id", "quote")
    empty = [column for column in required if not f[column].strip()]
    for column in empty:
        problem(column, "empty")
    if empty:
        return None
    try:
        indicator = catalogue.get(f["indicator"])
    except KeyError as exc:
        problem("indicator", str(exc.args[0]))
        return None
    figure_type = _in_vocabulary(f, "figure_type", "actual", FIGURE_TYPES, problem)
    try:
        period: Period | None = parse_period(f["period"])
    except PeriodParseError as exc:
        problem("period", str(exc))
        period = None
    inferred = [p.strip() for p in f["inferred"].split(",") if p.strip()]
    if any(p not in INFERRED_PARTS for p in inferred):
        problem("inferred", f"{f['inferred']!r}: list parts of {INFERRED_PARTS}")
    comparison = _in_vocabulary(f, "comparison", "none", COMPARISONS, problem)
    if comparison in COMPARISONS and is_change(indicator) == (comparison == "none"):
        need = "a comparison other than none" if is_change(indicator) else "comparison none"
        problem("comparison", f"{indicator.id} is {indicator.basis}: needs {need}")
    value_form = f["value_form"]
    if value_form not in _allowed_forms(indicator):
        problem(
            "value_form",
            f"{value_form!r} does not suit {indicator.id} ({indicator.basis}); "
            f"use one of {_allowed_forms(indicator)}",
        )
    if value_form == "level_per_year" and period is not None and period.type != "span":
        problem("value_form", "level_per_year needs a multi-year span period")
    return _Checked(
        indicator=indicator,
        figure_type=figure_type,
        period=period,
        inferred=inferred,
        comparison=comparison,
        value_form=value_form,
        qualifier=_in_vocabulary(f, "qualifier", "exact", QUALIFIERS, problem),
        maturity=_in_vocabulary(f, "maturity", "unknown", MATURITIES, problem),
        found_in=_in_vocabulary(f, "found_in", "quote", FOUND_IN, problem),
    )


@dataclass(frozen=True, slots=True)
class _Read:
    """A value read in its quote and normalised to the indicator's unit (step 2 of a row)."""

    quantity: Quantity
    value: Decimal
    upper: Decimal | None


def _read_value(
    f: dict[str, str],
    checked: _Checked,
    haystack: str,
    unit_haystack: str,
    decimal_mark: str,
    problem: Report,
) -> _Read | None:
    """Find the value and unit as written in the quote, read them and normalise the value.

    A qualifier other than ``exact`` needs a cue word near the value; a value that reads as
    "more than" or "about" must be curated so.
    """
    value_text, unit_text = f["value_as_written"], f["unit_as_written"]
    qualifier = checked.qualifier
    position = haystack.find(value_text)
    if position < 0:
        where = "quote" if checked.found_in == "quote" else "collector's value cell"
        problem("value_as_written", f"{value_text!r} is not in the {where}")
    if unit_text and unit_text not in unit_haystack:
        where = checked.found_in.replace("_", " ")
        problem("unit_as_written", f"{unit_text!r} is not in the {where}")
    try:
        quantity = parse_quantity(value_text, unit_text, decimal_mark)
    except NumberParseError as exc:
        problem("value_as_written", f"malformed number: {exc}")
        return None
    if quantity.qualifier != "exact" and quantity.qualifier != qualifier:
        problem(
            "qualifier",
            f"{qualifier!r}, but the value as written reads {quantity.qualifier!r}",
        )
    if qualifier != "exact" and position >= 0:
        window = haystack[max(0, position - CUE_WINDOW) : position + len(value_text) + CUE_WINDOW]
        if not has_qualifier_cue(window, qualifier):
            problem(
                "qualifier",
                f"{qualifier!r} but no cue word for it ({', '.join(qualifier_cues(qualifier))}) "
                "near the value in the quote",
            )
    try:
        value, upper = normalise(quantity, checked.indicator, checked.value_form)
    except ValueError as exc:
        problem("unit_as_written" if unit_text else "value_as_written", str(exc))
        return None
    return _Read(quantity, value, upper)


def _record(
    figure: FigureRow, checked: _Checked, read: _Read, source: Source, source_line: int | None
) -> dict[str, Any]:
    """Make the observation record of a checked row (step 3 of a row)."""
    f, indicator, period = figure.fields, checked.indicator, checked.period
    assert period is not None  # checked by the caller
    published = parse_published(source.published) if source.published else None
    return observation_record(
        figure_id=f["figure_id"].strip(),
        indicator=indicator.id,
        figure_type=checked.figure_type,
        scope=indicator.scope,
        region=f["region"].strip() or DEFAULT_REGION,
        subject=f["subject"].strip(),
        period_start=period.start,
        period_end=period.end,
        period_type=period.type,
        period_label=period.label,
        comparison=checked.comparison,
        value=float(read.value),
        value_upper=float(read.upper) if read.upper is not None else None,
        value_precision=float(
            written_precision(
                read.quantity,
                indicator,
                checked.value_form,
                int(f["decimals_published"]) if f.get("decimals_published") else None,
            )
        ),
        unit=indicator.unit,
        qualifier=checked.qualifier,
        basis=indicator.basis,
        value_form=checked.value_form,
        value_as_written=f["value_as_written"],
        unit_as_written=f["unit_as_written"],
        inferred=",".join(checked.inferred),
        found_in=checked.found_in,
        source_id=source.source_id,
        source_kind=source.kind,
        source_title=source.title,
        source_publisher=source.publisher,
        source_url=source.url,
        source_published=source.published,
        source_file=source.path,
        source_line=source_line,
        quote=f["quote"],
        note=f["note"].strip(),
        release=f.get("release") or "curated:" + Path(figure.file).stem,
        vintage=published.date if published else None,
        vintage_precision=published.precision if published else "unknown",
        maturity=checked.maturity,
        curation_file=figure.file,
        curation_row=figure.row,
    )


def _locate(
    f: dict[str, str], registry: Registry, found_in: str, problem: Callable[[str, str], None]
) -> tuple[Source | None, str, str, str, int | None]:
    """Find the figure's source and the texts its value and unit must appear in."""
    source_id = f["source_id"].strip()
    registered = registry.sources.get(source_id)
    if registered is None:
        problem("source_id", f"unknown source {source_id!r} (not in data/raw/sources.csv)")
        return None, "", "", ",", None
    if registered.kind == "collection":
        try:
            line = int(f["source_line"])
        except ValueError:
            problem("source_line", f"{f['source_line']!r}: give the line of the collection row")
            return None, "", "", ",", None
        page = registry.page_rows.get((source_id, line))
        if page is None:
            problem("source_line", f"no row starts on line {line} of collection {source_id}")
            return None, "", "", ",", None
        # the page, read through this collection (a page may be in several collections)
        source = replace(
            registry.sources[page.source_id], path=registered.path, via=registered.source_id
        )
        if found_in == "value_cell":
            # The collector writes numbers the English way ("88,000+", "14,042.9").
            return source, page.fields["value"], page.fields["unit"], ".", line
        return source, f["quote"], f["quote"], _decimal_mark(source.language), line
    if found_in == "value_cell":
        problem("found_in", "value_cell is only for rows of a collection")
        return None, "", "", ",", None
    if f["source_line"].strip():
        problem("source_line", "only rows of a collection have a source line")
    decimal_mark = registered.decimal_mark or _decimal_mark(registered.language)
    return registered, f["quote"], f["quote"], decimal_mark, None


def _decimal_mark(language: str) -> str:
    return "." if language == "en" else ","
