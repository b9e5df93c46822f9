"""The facade: every ``kzmach.*`` function, loading the data and applying ``as_of`` once.

Each function here reads the processed tables through :mod:`kzmach.data`, cuts them to what
was known on ``as_of`` (periods ended and sources published by that day; ``None`` for
everything published) and hands the frames to the analyses of :mod:`kzmach.analysis`,
which never read data themselves. So every function, table and chart honours the same
as-of date in the same way.

::

    import kzmach
    kzmach.observations("mb_output")        # every figure, with provenance
    kzmach.series("mb_output")              # one preferred value per period
    kzmach.manufacturing_share(as_of="2023-12-31")
    kzmach.target_gap(as_of=None, assumptions={"Comprehensive Plan 2024-2028": 2022})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from kzmach.analysis.trend import FORECAST_START
from kzmach.api.flows import (
    concentration,
    monthly,
    nowcast,
    nowcast_record,
    peers,
    regions,
    trade,
)
from kzmach.api.markets import domestic_market, implied_price_change, import_prices
from kzmach.data import (
    Backend,
    Root,
    as_of_date,
    indicator_ids,
    known_as_of,
    known_mask,
    observations_frame,
    read_table,
    table_frame,
)

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from kzmach.analysis.selection import Preference
    from kzmach.analysis.trend import ForecastResult, TrendResult

__all__ = [
    "annual_series",
    "check",
    "claims",
    "concentration",
    "conflicts",
    "diff",
    "division_contributions",
    "division_value_added",
    "domestic_market",
    "forecast",
    "implied_price_change",
    "import_prices",
    "indicators",
    "log_linear_trend",
    "manufacturing_contributions",
    "manufacturing_share",
    "monthly",
    "nowcast",
    "nowcast_record",
    "observations",
    "peers",
    "quarterly_value_added",
    "regions",
    "release_values",
    "releases",
    "revision_triangle",
    "roadmap_bodies",
    "roadmap_document",
    "roadmap_due",
    "roadmap_glossary",
    "roadmap_measures",
    "series",
    "share_definitions",
    "sources",
    "target_gap",
    "targets",
    "trade",
    "volume_index",
]


# --- figures -------------------------------------------------------------------------------


@overload
def observations(
    indicator: str | Sequence[str] | None = None,
    *,
    figure_type: str | None = None,
    as_of: Any = None,
    backend: Literal["pandas"] = "pandas",
    root: Root = None,
) -> pd.DataFrame: ...


@overload
def observations(
    indicator: str | Sequence[str] | None = None,
    *,
    figure_type: str | None = None,
    as_of: Any = None,
    backend: Literal["polars"],
    root: Root = None,
) -> pl.DataFrame: ...


def observations(
    indicator: str | Sequence[str] | None = None,
    *,
    figure_type: str | None = None,
    as_of: Any = None,
    backend: Backend = "pandas",
    root: Root = None,
) -> pd.DataFrame | pl.DataFrame:
    """Return every figure, one row per figure per source, with provenance.

    Parameters
    ----------
    indicator
        An indicator id or several; None for all. Unknown ids raise ``KeyError``.
    figure_type
        One of :data:`kzmach.metadata.vocabulary.FIGURE_TYPES` (``derived`` included);
        None for all.
    as_of
        A date: only what was known then (periods ended and sources published by that
        day; see :func:`kzmach.data.known_as_of`). Every release's values keep their own
        vintage, so a preliminary figure later revised is still returned, beside the revision.
    backend
        ``"pandas"`` or ``"polars"``.
    root
        Project folder; located automatically when None.
    """
    if backend == "polars":
        import polars as pl

        wanted = indicator_ids(indicator)
        table = read_table("observations", backend, root)
        if wanted is not None:
            table = table.filter(pl.col("indicator").is_in(wanted))
        if figure_type is not None:
            table = table.filter(pl.col("figure_type") == figure_type)
        return known_as_of(table, as_of)  # one rule for both backends
    read_table("observations", "pandas", root)  # refuses an unknown backend the same way
    return observations_frame(indicator, figure_type=figure_type, as_of=as_of, root=root)


def series(
    indicator: str,
    *,
    region: str = "Kazakhstan",
    figure_type: str = "actual",
    comparison: str | None = None,
    prefer: Preference = None,
    as_of: Any = None,
    root: Root = None,
) -> pd.DataFrame:
    """Return one preferred value per period of ``indicator``, for every period held.

    The rule, and the parameters, are those of
    :func:`kzmach.analysis.selection.preferred_series`; ``as_of`` keeps what was known then.
    A stated figure leads; where none covers a period, a figure kzmach derived stands for it
    (a sum of parts, or a value written with more decimals than its source publishes), and
    the ``figure_type`` column says so: no period held is ever silently absent.

    Returns
    -------
    pandas.DataFrame
        Columns: period_start, period_end, period_type, period_label, comparison, value,
        value_upper, unit, qualifier, figure_type, figure_id, source_id, source_title, quote,
        n_sources, alternatives, values_agree.
    """
    from kzmach.analysis.selection import preferred_series

    frame = observations_frame(indicator, as_of=as_of, root=root)
    return preferred_series(
        frame,
        indicator,
        region=region,
        figure_type=figure_type,
        comparison=comparison,
        prefer=prefer,
        with_derived=True,
    )


def indicators(*, backend: Backend = "pandas") -> pd.DataFrame | pl.DataFrame:
    """Return the indicator catalogue (no build needed)."""
    from kzmach.metadata.catalogue import indicators_table

    frame = indicators_table()
    if backend == "polars":
        import polars as pl

        return pl.from_pandas(frame)
    return frame


def sources(
    *, as_of: Any = None, backend: Backend = "pandas", root: Root = None
) -> pd.DataFrame | pl.DataFrame:
    """Return the sources: registered raw files and the web pages behind the collection.

    With ``as_of``, only the sources published by then (or of unknown date).
    """
    frame = known_as_of(read_table("sources", backend, root), as_of, "sources")
    return frame if backend == "polars" else frame.reset_index(drop=True)


def conflicts(
    *, as_of: Any = None, backend: Backend = "pandas", root: Root = None
) -> pd.DataFrame | pl.DataFrame:
    """Return the figures that disagree, side by side (rules in :mod:`kzmach.pipeline.conflicts`).

    With ``as_of``, the conflicts among the figures known then, found afresh.
    """
    if as_of is None:
        return read_table("conflicts", backend, root)
    from kzmach.pipeline.conflicts import find_conflicts

    known = observations_frame(as_of=as_of, root=root)
    frame = find_conflicts(known)
    if backend == "polars":
        import polars as pl

        return pl.from_pandas(frame)
    return frame


def targets(
    *, as_of: Any = None, backend: Backend = "pandas", root: Root = None
) -> pd.DataFrame | pl.DataFrame:
    """Return the target registry: every official target, its wording, base year and source.

    Rules in :mod:`kzmach.raw.targets`; a base year not stated by the source is empty. With
    ``as_of``, only the targets whose source was published by then.
    """
    frame = _targets_known(as_of, root)
    if backend == "polars":
        import polars as pl

        return pl.from_pandas(frame)
    return frame


def _targets_known(as_of: Any, root: Root) -> pd.DataFrame:
    import pandas as pd

    registry = table_frame("targets", root)
    if as_of is None:
        return registry
    # a target is dated by the figure that states it
    stated = table_frame("observations", root).set_index("figure_id")["vintage"]
    dated = pd.DataFrame({"vintage": registry["figure_id"].map(stated)})
    mask = known_mask(dated, as_of, "vintage")
    return registry if mask is None else registry[mask].reset_index(drop=True)


# --- analyses ------------------------------------------------------------------------------


def claims(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Recompute every derived statement (growth, multiples, shares) from the levels held.

    One row per claim and pair of levels that can test it, with the computed value, the
    rounding tolerance and the verdict (rules in :mod:`kzmach.analysis.claims`).
    """
    if as_of is None:  # checked at build time, for everything published
        return read_table("claims", "pandas", root)
    from kzmach.analysis.claims import check_claims

    return check_claims(observations_frame(as_of=as_of, root=root))


def share_definitions(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Say, for each stated share, whether it matches the output or the value-added share.

    See :func:`kzmach.analysis.claim_verdicts.share_definitions`.
    """
    from kzmach.analysis.claim_verdicts import share_definitions as which

    return which(claims(as_of=as_of, root=root))


def manufacturing_share(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return machine building's share of manufacturing, computed and stated, by period.

    See :func:`kzmach.analysis.share.manufacturing_share`.
    """
    from kzmach.analysis.share import manufacturing_share as compute

    return compute(observations_frame(as_of=as_of, root=root))


def manufacturing_contributions(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return machine building's contribution to manufacturing's real growth, by year.

    See :func:`kzmach.analysis.share.manufacturing_contributions`.
    """
    from kzmach.analysis.share import manufacturing_contributions as compute

    return compute(observations_frame(as_of=as_of, root=root))


def division_value_added(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return each machine-building division's value added by year, with the Bureau's total.

    See :func:`kzmach.analysis.divisions.division_value_added`.
    """
    from kzmach.analysis.divisions import division_value_added as compute

    return compute(observations_frame(as_of=as_of, root=root))


def division_contributions(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return each division's contribution to machine building's real growth, by year.

    See :func:`kzmach.analysis.divisions.division_contributions`.
    """
    from kzmach.analysis.divisions import division_contributions as compute

    return compute(observations_frame(as_of=as_of, root=root))


def quarterly_value_added(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return value added by quarter and division, latest quarter first (table 5931).

    See :func:`kzmach.analysis.quarterly.quarterly_value_added`.
    """
    from kzmach.analysis.quarterly import quarterly_value_added as compute

    return compute(observations_frame(as_of=as_of, root=root))


def target_gap(
    *, as_of: Any = None, assumptions: Mapping[str, int] | None = None, root: Root = None
) -> pd.DataFrame:
    """Return one row per target with its gap and status.

    Method in :mod:`kzmach.analysis.target_gap`. ``as_of`` cuts the figures each target is
    measured with; every target of the registry is evaluated, including one set after
    ``as_of``, so today's targets can be judged on the data of an earlier day.
    ``assumptions`` gives base years for targets whose source states none, keyed by target
    id or programme.
    """
    if as_of is None and not assumptions:  # evaluated at build time, on everything published
        return read_table("target_gap", "pandas", root)
    from kzmach.analysis.target_gap import target_gap as evaluate

    return evaluate(
        observations_frame(as_of=as_of, root=root), table_frame("targets", root), assumptions
    )


def annual_series(indicator: str, *, as_of: Any = None, root: Root = None) -> pd.Series:
    """Return an indicator's national full-year values, indexed by year, as known on ``as_of``.

    One value per year (:func:`kzmach.analysis.annual.annual_values`); the input of
    :func:`log_linear_trend` and :func:`forecast`.
    """
    from kzmach.analysis.annual import annual_series as select

    return select(observations_frame(indicator, as_of=as_of, root=root), indicator)


def volume_index(
    indicator: str = "mb_output_growth_real",
    base_year: int | None = None,
    *,
    as_of: Any = None,
    root: Root = None,
) -> pd.Series:
    """Chain an indicator's annual real growth into a volume index, ``base_year`` = 100.

    See :func:`kzmach.analysis.growth.volume_index`: the full years of ``indicator`` (%
    change on the year before, as known on ``as_of``), over the longest run of consecutive
    years ending in the latest; ``base_year`` defaults to the run's first year.
    """
    from kzmach.analysis.growth import volume_index as chained

    return chained(annual_series(indicator, as_of=as_of, root=root), base_year)


def log_linear_trend(levels: pd.Series, *, confidence: float = 0.9) -> TrendResult:
    """Estimate the trend growth of annual levels.

    See :func:`kzmach.analysis.trend.log_linear_trend`.
    """
    from kzmach.analysis.trend import log_linear_trend as fit

    return fit(levels, confidence=confidence)


def forecast(
    levels: pd.Series,
    horizon: int,
    *,
    coverage: float = 0.9,
    start: int | None = FORECAST_START,
) -> ForecastResult:
    """Forecast or extrapolate annual levels (see :func:`kzmach.analysis.trend.forecast`).

    ``start``: the first year fitted (:data:`kzmach.analysis.trend.FORECAST_START`, 2000;
    ``None``: every year).
    """
    from kzmach.analysis.trend import forecast as extend

    return extend(levels, horizon, coverage=coverage, start=start)


# --- releases and vintages -----------------------------------------------------------------


def releases(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return the ingested releases, oldest publication first (those published by ``as_of``)."""
    frame = known_as_of(table_frame("releases", root), as_of, "releases")
    return frame.sort_values(["published", "release"], ignore_index=True)


def release_values(
    release: str | None = None, *, as_of: Any = None, root: Root = None
) -> pd.DataFrame:
    """Return every value of the ingested releases (or of one), mapped or not.

    ``release`` is a release's ``source/release-id`` or, when unambiguous, its release id;
    with ``as_of``, only the releases published by then.
    """
    from kzmach.analysis.vintages import resolve_release

    frame = _release_values_known(as_of, root)
    if release is not None:
        frame = frame[frame["release"] == resolve_release(release, frame)]
    return frame.reset_index(drop=True)


def _release_values_known(as_of: Any, root: Root) -> pd.DataFrame:
    frame: pd.DataFrame = known_as_of(table_frame("release_values", root), as_of, "release_values")
    return frame


def diff(old: str, new: str, *, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Compare two releases: revised values, new periods and removed periods.

    See :func:`kzmach.analysis.vintages.diff`: every value of every kind (published,
    computed, derived sums), each marked with its kind; with ``as_of``, a release published
    later is not known.
    """
    from kzmach.analysis.vintages import derived_values
    from kzmach.analysis.vintages import diff as compare

    values = _release_values_known(as_of, root)
    derived = derived_values(observations_frame(as_of=as_of, root=root), values)
    return compare(values, old, new, derived)


def revision_triangle(
    indicator: str,
    *,
    region: str = "Kazakhstan",
    revisions: bool = False,
    as_of: Any = None,
    root: Root = None,
) -> pd.DataFrame:
    """Return the values of ``indicator`` by period (rows) and release (columns).

    See :func:`kzmach.analysis.vintages.revision_triangle`; with ``as_of``, only the
    releases published by then.
    """
    from kzmach.analysis.vintages import revision_triangle as triangle

    return triangle(
        _release_values_known(as_of, root), indicator, region=region, revisions=revisions
    )


# --- the roadmap ---------------------------------------------------------------------------


def roadmap_measures(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return the roadmap's measures, one row per measure.

    Columns: ``measure_no``, ``section`` (id), ``section_kk`` (heading as written),
    ``section_name_en``/``_ru``/``_kk`` (short names for charts, from ``sections.csv``),
    ``title`` and ``completion_form`` (Kazakh, as written), ``deadline_text`` (as written),
    ``due_dates`` (list of dates), ``first_due``, ``last_due``, ``deadline_precision``,
    ``recurring``, ``lead`` (first-named body), ``responsible`` (list of
    ``{"body", "by_agreement", "lead"}``), ``status`` (``unknown`` unless sourced), its date,
    source and quote, and the order's ``source_id`` and line.

    With ``as_of``, a status recorded later than ``as_of`` reads ``unknown``. The measures
    themselves are the order's text and are always returned, so that a report as of an
    earlier day still shows what the order (published 2022) asks for.
    """
    from kzmach.analysis.roadmap import measures_as_of

    return measures_as_of(table_frame("roadmap_measures", root), as_of_date(as_of))


def roadmap_glossary(*, root: Root = None) -> pd.DataFrame:
    """Return the glossary of the order's abbreviations (names ``unknown`` where unknown)."""
    return table_frame("roadmap_glossary", root)


def roadmap_bodies(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return one row per measure and responsible body.

    See :func:`kzmach.analysis.roadmap.bodies_of`.
    """
    from kzmach.analysis.roadmap import bodies_of

    return bodies_of(roadmap_measures(as_of=as_of, root=root), roadmap_glossary(root=root))


def roadmap_document(*, root: Root = None) -> dict[str, Any]:
    """Return the order's metadata, read from its text.

    Keys: ``order_no`` and ``order_date``, ``amends_no`` and ``amends_date`` (the order it
    amends), ``title_kk`` (the new title), ``previous_title_kk``, ``signed_by``, ``measures``
    (count) and ``expected_results`` (the 2024 results, each with the ids of the targets in
    ``data/raw/targets.csv`` that register it).
    """
    from kzmach.analysis.roadmap import document_record

    return document_record(table_frame("roadmap_document", root))


def roadmap_due(as_of: Any, *, root: Root = None) -> pd.DataFrame:
    """Return the measures due by ``as_of`` (see :func:`kzmach.analysis.roadmap.due_by`)."""
    from kzmach.analysis.roadmap import due_by

    when = as_of_date(as_of)
    if when is None:
        raise ValueError("roadmap_due needs a date")
    return due_by(roadmap_measures(as_of=when, root=root), when)


# --- checks --------------------------------------------------------------------------------


def check(root: Root = None) -> list[Any]:
    """Run every validation without writing anything; return the problems found."""
    from kzmach.paths import project_paths
    from kzmach.pipeline.build import assemble

    return assemble(project_paths(root)).problems
