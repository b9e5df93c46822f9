"""Machine building's share of manufacturing: computed, stated, and its contribution to growth.

Formulas (all in percent):

* share, by two definitions never mixed: **output** ``mb_output / mfg_output * 100`` and
  **value added** ``mb_gva / mfg_gva * 100`` (the Bureau's table 5931: machine building is
  ОКЭД 26–30 and 33), each for the same period and in current prices (the sources give no
  constant-price levels); a **stated** share says neither, so it stands beside both;
* contribution to manufacturing's real growth in year ``t``: ``c_t = w_{t-1} * g_t / 100``
  percentage points, where ``g_t`` is the Bureau's physical volume index of divisions 26–30
  minus 100 and ``w_{t-1}`` the value-added share of the same divisions 26–30 in
  manufacturing in ``t-1`` (table 5931: the sum of divisions 26–30, 33 left out as the
  index leaves it out); its part of manufacturing's growth ``G_t`` is ``c_t / G_t * 100``
  %, given only where manufacturing grew by at least :data:`MIN_AGGREGATE_GROWTH` % (a part
  of a growth near zero, or of a fall, is a ratio to noise: 2015's 0.2% gave −914%). The
  weight is value added, not output: a volume index's weights are value added (UN IRIS
  2010, ch. 5), and output double-counts the inputs one division buys from another;
* share at constant prices of ``t-1``: ``w_{t-1} * (1 + g_t) / (1 + G_t)``; the gap between
  it and the nominal share ``w_t`` is the part of the share change due to relative prices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzmach.analysis.selection import preferred_series

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MIN_AGGREGATE_GROWTH",
    "contribution_to_growth",
    "manufacturing_contributions",
    "manufacturing_share",
    "share_at_constant_prices",
    "share_percent",
]

_PERIOD = ["period_type", "period_start", "period_end"]


def share_percent(part: float, whole: float) -> float:
    """Return ``part / whole * 100``.

    Raises
    ------
    ValueError
        If the whole is not positive or the part is negative or larger than the whole.
    """
    if whole <= 0:
        raise ValueError(f"the whole must be positive, got {whole}")
    if not 0 <= part <= whole:
        raise ValueError(f"a part of {part} cannot belong to a whole of {whole}")
    return part / whole * 100.0


def contribution_to_growth(previous_share: float, sector_growth: float) -> float:
    """Return the sector's contribution, in percentage points, to the whole's growth.

    ``previous_share * sector_growth / 100``: a sector that was 13.4% of manufacturing and grew
    11% added 1.48 pp to manufacturing's growth.
    """
    return previous_share * sector_growth / 100.0


def share_at_constant_prices(
    previous_share: float, sector_growth: float, whole_growth: float
) -> float:
    """Return the share in year t at year t-1 prices: ``s * (1 + g) / (1 + G)``."""
    return previous_share * (1.0 + sector_growth / 100.0) / (1.0 + whole_growth / 100.0)


def manufacturing_share(observations: pd.DataFrame) -> pd.DataFrame:
    """Return machine building's share of manufacturing, computed and stated, by period.

    Computed shares divide the preferred values of ``mb_output`` by ``mfg_output`` for the
    same period (type, first and last month): ``share_computed``, by output. Beside them,
    ``share_value_added`` divides ``mb_gva`` by ``mfg_gva``; stated shares
    (``mb_share_of_manufacturing``) stand beside both, one row per period holding any.

    Returns
    -------
    pandas.DataFrame
        :data:`SHARE_COLUMNS`: period_label, period_type, period_start, period_end,
        mb_output, mfg_output, share_computed (by output), share_stated (the preferred stated
        figure), stated_figures (all of them), mb_figure, mfg_figure, difference_pp (stated -
        computed), mb_gva, mfg_gva, share_value_added, mb_gva_figure, mfg_gva_figure.
    """
    computed = _ratio(observations, "mb_output", "mfg_output").rename(
        columns={
            "part": "mb_output",
            "whole": "mfg_output",
            "share": "share_computed",
            "part_figure": "mb_figure",
            "whole_figure": "mfg_figure",
        }
    )
    value_added = _ratio(observations, "mb_gva", "mfg_gva").rename(
        columns={
            "period_label": "period_label_gva",
            "part": "mb_gva",
            "whole": "mfg_gva",
            "share": "share_value_added",
            "part_figure": "mb_gva_figure",
            "whole_figure": "mfg_gva_figure",
        }
    )
    table = computed.merge(_stated_shares(observations), on=_PERIOD, how="outer").merge(
        value_added, on=_PERIOD, how="outer"
    )
    table["period_label"] = (
        table["period_label"].fillna(table["period_label_stated"]).fillna(table["period_label_gva"])
    )
    table["difference_pp"] = table["share_stated"] - table["share_computed"]
    return table.sort_values(["period_start", "period_end"])[list(SHARE_COLUMNS)].reset_index(
        drop=True
    )


#: The columns of :func:`manufacturing_share`, in order.
SHARE_COLUMNS = (
    "period_label",
    "period_type",
    "period_start",
    "period_end",
    "mb_output",
    "mfg_output",
    "share_computed",
    "share_stated",
    "stated_figures",
    "mb_figure",
    "mfg_figure",
    "difference_pp",
    "mb_gva",
    "mfg_gva",
    "share_value_added",
    "mb_gva_figure",
    "mfg_gva_figure",
)


def _stated_shares(observations: pd.DataFrame) -> pd.DataFrame:
    """Return the stated shares by period: the preferred value and every figure stating one."""
    import pandas as pd

    stated = preferred_series(observations, "mb_share_of_manufacturing")
    return pd.DataFrame(
        {
            "period_type": stated["period_type"],
            "period_start": stated["period_start"],
            "period_end": stated["period_end"],
            "period_label_stated": stated["period_label"],
            "share_stated": stated["value"],
            "stated_figures": [
                [first, *others]
                for first, others in zip(stated["figure_id"], stated["alternatives"], strict=True)
            ],
        }
    )


def _ratio(observations: pd.DataFrame, part: str, whole: str) -> pd.DataFrame:
    """Return ``part / whole * 100`` for every period but a month with a value of both.

    A stated value leads; a year kzmach summed from a release's twelve months stands where
    none is stated (machine building's output in 2020 and 2023–2025). A single month's
    share is left out: the monthly output table would give one a month, noise beside the
    years and the spans sources state.
    """
    import pandas as pd

    both = preferred_series(observations, part, with_derived=True).merge(
        preferred_series(observations, whole, with_derived=True),
        on=_PERIOD,
        suffixes=("_part", "_whole"),
    )
    both = both[both["period_type"] != "month"]
    return pd.DataFrame(
        {
            "period_type": both["period_type"],
            "period_start": both["period_start"],
            "period_end": both["period_end"],
            "period_label": both["period_label_part"],
            "part": both["value_part"],
            "whole": both["value_whole"],
            "share": [
                share_percent(p, w)
                for p, w in zip(both["value_part"], both["value_whole"], strict=True)
            ],
            "part_figure": both["figure_id_part"],
            "whole_figure": both["figure_id_whole"],
        }
    )


def manufacturing_contributions(
    observations: pd.DataFrame, value_added: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return machine building's (26–30) contribution to manufacturing's real growth, by year.

    Every year ``t`` with the value added of divisions 26–30 and of manufacturing in ``t-1``
    (table 5931, from 2013) and both physical volume indices in ``t`` (table 5792). Formulas
    in the module docstring. ``value_added`` is
    :func:`kzmach.analysis.divisions.division_value_added` of the same observations, when
    the caller has it.

    Returns
    -------
    pandas.DataFrame
        year, weight_previous (% value-added share of 26–30 in manufacturing, t-1),
        mb_real_growth (26–30, %), mfg_real_growth (%), contribution_pp,
        part_of_mfg_growth_pct (% of manufacturing's growth; NaN where manufacturing grew
        by less than :data:`MIN_AGGREGATE_GROWTH` %),
        share_constant_prices (% at t-1 prices), share_nominal (% value added, t),
        weight_basis (what the weight is).

    Notes
    -----
    The Bureau's manufacturing index is a fixed-base Laspeyres index with weights it does
    not publish, so this contribution is the chain-linked approximation of the IMF's manual
    [1]_: exact for an index re-weighted every year, close when the weights move little.

    References
    ----------
    .. [1] IMF (2017), Quarterly National Accounts Manual, 2017 edition, chapter 8
       (contributions to growth).
    .. [2] United Nations (2011), International Recommendations for the Index of Industrial
       Production 2010, chapter 5 (value-added weights).
    """
    import pandas as pd

    from kzmach.analysis.annual import annual_values
    from kzmach.analysis.divisions import division_value_added, index_divisions_value_added

    if value_added is None:
        value_added = division_value_added(observations)
    index_va = index_divisions_value_added(value_added)
    mfg_va = annual_values(observations, "mfg_gva")
    weight = {y: index_va[y] / mfg_va[y] * 100 for y in index_va if mfg_va.get(y)}
    mb_by_year = annual_values(observations, "mb_output_growth_real")
    mfg_by_year = annual_values(observations, "mfg_output_growth_real")
    rows = [
        _contribution_row(year, weight, mb_by_year[year], mfg_by_year[year])
        for year in sorted(set(mb_by_year) & set(mfg_by_year))
        if year - 1 in weight
    ]
    return pd.DataFrame(rows, columns=list(CONTRIBUTION_COLUMNS))


#: The columns of :func:`manufacturing_contributions`, in order.
CONTRIBUTION_COLUMNS = (
    "year",
    "weight_previous",
    "mb_real_growth",
    "mfg_real_growth",
    "contribution_pp",
    "part_of_mfg_growth_pct",
    "share_constant_prices",
    "share_nominal",
    "weight_basis",
)
#: Manufacturing's real growth, %, from which a part of it is given: below it, the ratio of
#: a contribution to a growth near zero says nothing (0.92 pp of 0.1% is "920%").
MIN_AGGREGATE_GROWTH = 1.0
#: What :func:`manufacturing_contributions` weighs machine building by.
WEIGHT_BASIS = "value-added share of ОКЭД 26–30 in manufacturing, previous year (table 5931)"


def _contribution_row(
    year: int, weight: dict[int, float], mb_growth: float, mfg_growth: float
) -> dict[str, object]:
    """Return one year of :func:`manufacturing_contributions`."""
    previous = weight[year - 1]
    contribution = contribution_to_growth(previous, mb_growth)
    return {
        "year": year,
        "weight_previous": previous,
        "mb_real_growth": mb_growth,
        "mfg_real_growth": mfg_growth,
        "contribution_pp": contribution,
        "part_of_mfg_growth_pct": contribution / mfg_growth * 100
        if mfg_growth >= MIN_AGGREGATE_GROWTH
        else float("nan"),
        "share_constant_prices": share_at_constant_prices(previous, mb_growth, mfg_growth),
        "share_nominal": weight.get(year, float("nan")),
        "weight_basis": WEIGHT_BASIS,
    }
