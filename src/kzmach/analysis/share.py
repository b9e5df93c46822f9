"""Machine building's share of manufacturing: computed, stated, and its contribution to growth.

Formulas (all in percent):

* share, by two definitions never mixed: **output** ``mb_output / mfg_output * 100`` and
  **value added** ``mb_gva / mfg_gva * 100`` (the Bureau's table 5931: machine building is
  ОКЭД 26–30 and 33), each for the same period and in current prices (the sources give no
  constant-price levels); a **stated** share says neither, so it stands beside both;
* contribution to manufacturing's real growth in year ``t``: ``c_t = s_{t-1} * g_t / 100``
  percentage points, where ``g_t`` is machine building's real growth; its part of
  manufacturing's growth ``G_t`` is ``c_t / G_t``;
* share at constant prices of ``t-1``: ``s_{t-1} * (1 + g_t) / (1 + G_t)``; the gap between
  it and the nominal share ``s_t`` is the part of the share change due to relative prices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzmach.analysis.selection import preferred_series

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
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
    """Return ``part / whole * 100`` for every period with a preferred value of both."""
    import pandas as pd

    both = preferred_series(observations, part).merge(
        preferred_series(observations, whole), on=_PERIOD, suffixes=("_part", "_whole")
    )
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


def manufacturing_contributions(observations: pd.DataFrame) -> pd.DataFrame:
    """Return machine building's contribution to manufacturing's real growth, by year.

    For each year ``t`` with a computed full-year share in ``t-1``, machine building's real
    growth in ``t`` and manufacturing's (the BNS physical volume index): the contribution in
    percentage points, its part of manufacturing's growth, and the share at constant prices
    beside the nominal one (formulas in the module docstring).
    """
    import pandas as pd

    shares = manufacturing_share(observations)
    annual = shares[(shares["period_type"] == "year") & shares["share_computed"].notna()]
    share_by_year = dict(zip(annual["period_start"].dt.year, annual["share_computed"], strict=True))
    mb_real = preferred_series(observations, "mb_output_growth_real")
    mfg_real = preferred_series(observations, "mfg_output_growth_real")
    mb_by_year = _annual(mb_real)
    mfg_by_year = _annual(mfg_real)
    rows = []
    for year in sorted(set(mb_by_year) & set(mfg_by_year)):
        previous = share_by_year.get(year - 1)
        if previous is None:
            continue
        contribution = contribution_to_growth(previous, mb_by_year[year])
        rows.append(
            {
                "year": year,
                "share_previous": previous,
                "mb_real_growth": mb_by_year[year],
                "mfg_real_growth": mfg_by_year[year],
                "contribution_pp": contribution,
                "part_of_mfg_growth": contribution / mfg_by_year[year]
                if mfg_by_year[year]
                else float("nan"),
                "share_constant_prices": share_at_constant_prices(
                    previous, mb_by_year[year], mfg_by_year[year]
                ),
                "share_nominal": share_by_year.get(year, float("nan")),
            }
        )
    return pd.DataFrame(rows)


def _annual(frame: pd.DataFrame) -> dict[int, float]:
    annual = frame[frame["period_type"] == "year"]
    return dict(zip(annual["period_start"].dt.year, annual["value"], strict=True))
