"""The facade's monthly flows: trade by HS chapter, any monthly indicator, their nowcasts, peers.

Re-exported by :mod:`kzmach.api` (``kzmach.trade``, ``kzmach.monthly``, ``kzmach.nowcast``
…): like every facade function, each cuts the observations to ``as_of`` once through
:mod:`kzmach.data` and hands them to :mod:`kzmach.analysis`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzmach.data import Root, observations_frame

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["concentration", "monthly", "nowcast", "nowcast_record", "peers", "regions", "trade"]


def trade(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return exports and imports by HS chapter 84–90, their sum and all goods, by period.

    Months, years to date, years (complete or not, said) and rolling 12 months, with shares,
    growth on a year earlier and coverage. See :func:`kzmach.analysis.trade.trade_table`.
    """
    from kzmach.analysis.trade import trade_table

    return trade_table(observations_frame(as_of=as_of, root=root))


def peers(indicator: str, *, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return a World Bank indicator by country and year, doubtful values flagged, ranked.

    See :func:`kzmach.analysis.peers.peer_table`; e.g. ``"mfg_mht_share_of_value_added"``.
    """
    from kzmach.analysis.peers import peer_table

    return peer_table(observations_frame(as_of=as_of, root=root), indicator)


def nowcast(
    indicator: str | None = None,
    *,
    region: str = "Kazakhstan",
    as_of: Any = None,
    year: int | None = None,
    months: int | None = None,
    root: Root = None,
) -> pd.DataFrame:
    """Estimate a year from its January–N: trade (HS 84–90, all goods), or any monthly flow.

    With no ``indicator``: exports and imports, see :func:`kzmach.analysis.trade.nowcast`.
    With one (``"mb_output"``): that monthly indicator in ``region``, see
    :func:`kzmach.analysis.monthly.nowcast`. Labelled estimates with an interval, the method
    and its backtest error.
    """
    frame = observations_frame(as_of=as_of, root=root)
    if indicator is None:
        from kzmach.analysis.trade import nowcast as estimate

        return estimate(frame, year=year, months=months)
    from kzmach.analysis.monthly import nowcast as estimate_monthly

    return estimate_monthly(frame, indicator, region, year=year, months=months)


def monthly(
    indicator: str,
    region: str | None = None,
    *,
    as_of: Any = None,
    root: Root = None,
) -> pd.DataFrame:
    """Return a monthly indicator by period: months, years to date, years, 12-month windows.

    ``region`` None: the republic and every region with the indicator's months. Growth on
    the same period a year earlier, nominal for a level in current prices (``basis``). See
    :func:`kzmach.analysis.monthly.monthly_table`; e.g. ``kzmach.monthly("mb_output")``.
    """
    from kzmach.analysis.monthly import monthly_table

    return monthly_table(observations_frame(as_of=as_of, root=root), indicator, region)


def nowcast_record(
    flow: str = "exports",
    chapter: str = "84–90",
    *,
    as_of: Any = None,
    year: int | None = None,
    months: int | None = None,
    root: Root = None,
) -> pd.DataFrame:
    """Return every method's backtest behind :func:`nowcast`'s choice for a flow and chapter.

    One row per method and past complete year re-estimated from its own January–N: estimator,
    year, estimate, actual, error_pct. See :func:`kzmach.analysis.trade.nowcast_record`.
    """
    from kzmach.analysis.trade import nowcast_record as record
    from kzmach.analysis.trade import trade_table

    table = trade_table(observations_frame(as_of=as_of, root=root))
    return record(table, flow, chapter, year=year, months=months)


def regions(indicator: str = "mb_output", *, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return each region's output, share, growth (across the 2022 borders) and manufacturing share.

    Complete years and years to date, largest region first; see
    :func:`kzmach.analysis.regions.regions_table`.
    """
    from kzmach.analysis.regions import regions_table

    return regions_table(observations_frame(as_of=as_of, root=root), indicator)


def concentration(
    indicator: str = "mb_output", *, as_of: Any = None, root: Root = None
) -> pd.DataFrame:
    """Return each period's top-5 share and Herfindahl–Hirschman index of the regions.

    See :func:`kzmach.analysis.regions.concentration`.
    """
    from kzmach.analysis.regions import concentration as of_regions
    from kzmach.analysis.regions import regions_table

    return of_regions(regions_table(observations_frame(as_of=as_of, root=root), indicator))
