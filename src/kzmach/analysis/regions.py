"""Where machine building is made: each region's output, share, growth and concentration.

From a monthly indicator by region (the Bureau's output of 26–30 by region, Taldau index
701592: :mod:`kzmach.analysis.monthly`), for every complete year and for the latest
January–N and the same months of earlier years, :func:`regions_table` gives each region's

* ``value`` (bn tenge, current prices) and ``share_of_country`` (% of the republic's);
* ``growth`` on the same period a year earlier, % (**nominal**), with ``borders`` saying how
  it is computed across the June 2022 split of three regions (:data:`BORDER_CHANGES`:
  Abai from East Kazakhstan, Zhetysu from Almaty Region, Ulytau from Karaganda). Where both
  periods lie after the split the region is compared with itself (``new``); where either
  period holds a month before it, the parent region is compared on its **old borders** (its
  value and its offshoot's added together, ``old``), and the offshoot has no growth
  (``formed 2022``): its months before June 2022 are inside its parent's;
* ``share_of_manufacturing``: the region's 26–30 output over its manufacturing gross
  output (the national accounts' table 81477, 2022 on). Two definitions: industrial
  production over gross output (the republic: 15.2% in 2023 against 19.3% on the industrial
  production table alone), said in the column's name and the notebook;
* ``repeated_months``: how many of the period's months repeat the value of the other two
  months of their quarter (a quarter's figure split evenly, …333333 tails in small regions):
  such months carry no monthly information.

Concentration for every period (:func:`concentration`): the five largest regions' share and
the Herfindahl–Hirschman index of the regions' shares (0–10,000; OECD, Glossary of
Statistical Terms), on the new borders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from kzmach.analysis.monthly import monthly_table
from kzmach.metadata.vocabulary import DEFAULT_REGION

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BORDER_CHANGES",
    "CONCENTRATION_COLUMNS",
    "REGION_COLUMNS",
    "SPLIT",
    "concentration",
    "regions_table",
    "repeated_months",
]

#: The regions formed in June 2022, each with the region it was part of.
BORDER_CHANGES: Final = {
    "Abai Region": "East Kazakhstan Region",
    "Zhetysu Region": "Almaty Region",
    "Ulytau Region": "Karaganda Region",
}
#: The first month of the new borders.
SPLIT: Final = "2022-06-01"
#: The columns of :func:`regions_table`.
REGION_COLUMNS: Final = (
    "region",
    "indicator",
    "period_type",
    "period_start",
    "period_end",
    "period_label",
    "value",
    "unit",
    "share_of_country",
    "growth",
    "borders",
    "share_of_manufacturing",
    "repeated_months",
    "basis",
)
#: The columns of :func:`concentration`.
CONCENTRATION_COLUMNS: Final = (
    "period_type",
    "period_start",
    "period_end",
    "period_label",
    "regions",
    "top5_share",
    "herfindahl",
)


def repeated_months(months: pd.DataFrame) -> pd.Series:
    """Mark the months whose quarter holds one value three times (a quarter split evenly).

    ``months`` has a region's ``period_start`` and ``value`` by month; the result is True
    for each month of a complete quarter whose three values are equal to within 1e-9 of
    their size.
    """
    import numpy as np
    import pandas as pd

    frame = months.assign(_quarter=months["period_start"].dt.to_period("Q"))
    spread = frame.groupby("_quarter")["value"].transform(lambda v: v.max() - v.min())
    count = frame.groupby("_quarter")["value"].transform("count")
    size = frame.groupby("_quarter")["value"].transform(lambda v: v.abs().max())
    flag = (count == 3) & (spread <= np.maximum(size, 1e-12) * 1e-9)
    return pd.Series(flag.to_numpy(), index=months.index)


def regions_table(
    observations: pd.DataFrame, indicator: str = "mb_output", whole: str = "mfg_gross_output"
) -> pd.DataFrame:
    """Return each region's years and years to date (module docstring), largest first.

    Returns
    -------
    pandas.DataFrame
        :data:`REGION_COLUMNS`: value in bn tenge; shares and growth in %.
    """
    import pandas as pd

    monthly = monthly_table(observations, indicator)
    if monthly.empty:
        return pd.DataFrame(columns=list(REGION_COLUMNS))
    months = monthly[monthly["period_type"] == "month"]
    flags = [repeated_months(group) for _, group in months.groupby("region")]
    months = months.assign(_repeated=pd.concat(flags).reindex(months.index))
    periods = monthly[monthly["period_type"].isin(["year", "ytd"]) & monthly["complete"]].copy()
    periods["repeated_months"] = [
        int(
            months[
                (months["region"] == region)
                & (months["period_start"] >= start)
                & (months["period_start"] <= end)
            ]["_repeated"].sum()
        )
        for region, start, end in zip(
            periods["region"], periods["period_start"], periods["period_end"], strict=True
        )
    ]
    key = ["period_type", "period_start", "period_end"]
    country = periods[periods["region"] == DEFAULT_REGION][[*key, "value"]]
    periods = periods.merge(country, on=key, how="left", suffixes=("", "_country"))
    periods["share_of_country"] = periods["value"] / periods["value_country"] * 100
    spans = monthly[monthly["period_type"].isin(["year", "ytd"])]
    periods = _growth_across_borders(periods, spans)
    periods["share_of_manufacturing"] = _share_of_manufacturing(observations, whole, periods)
    periods = periods.sort_values(
        ["period_type", "period_start", "value"], ascending=[True, False, False]
    )
    return periods[list(REGION_COLUMNS)].reset_index(drop=True)


def _growth_across_borders(periods: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Add each row's growth and how it crosses the June 2022 borders (module docstring).

    ``spans`` are every year and year to date of the monthly table, complete or not: an
    offshoot's 2022 holds its months from June only, which with its parent's twelve make
    the old borders' year.
    """
    import pandas as pd

    split = pd.Timestamp(SPLIT)
    offshoots = {parent: child for child, parent in BORDER_CHANGES.items()}
    values = {
        (r, t, s): v
        for r, t, s, v in zip(
            spans["region"],
            spans["period_type"],
            spans["period_start"],
            spans["value"],
            strict=True,
        )
    }
    growth, borders = [], []
    for region, kind, start in zip(
        periods["region"], periods["period_type"], periods["period_start"], strict=True
    ):
        before = start - pd.DateOffset(years=1)
        after_split = before >= split
        if region in BORDER_CHANGES and not after_split:
            growth.append(float("nan"))
            borders.append("formed 2022")
            continue
        if region in offshoots and not after_split:
            child = offshoots[region]
            now = values.get((region, kind, start), 0) + values.get((child, kind, start), 0)
            then = values.get((region, kind, before), float("nan")) + values.get(
                (child, kind, before), 0
            )
            growth.append((now / then - 1) * 100)
            borders.append("old")
            continue
        then = values.get((region, kind, before), float("nan"))
        growth.append((values[(region, kind, start)] / then - 1) * 100)
        borders.append("new" if region in offshoots or region in BORDER_CHANGES else "")
    return periods.assign(growth=growth, borders=borders)


def _share_of_manufacturing(
    observations: pd.DataFrame, whole: str, periods: pd.DataFrame
) -> pd.Series:
    """Return each full year's value over the region's ``whole`` (its manufacturing), %."""
    import pandas as pd

    rows = observations[
        (observations["indicator"] == whole)
        & (observations["period_type"] == "year")
        & observations["figure_type"].isin(["actual", "derived"])
    ]
    wholes = {
        (r, s): v
        for r, s, v in zip(rows["region"], rows["period_start"], rows["value"], strict=True)
    }
    shares = [
        value / wholes[(region, start)] * 100
        if kind == "year" and (region, start) in wholes
        else float("nan")
        for region, kind, start, value in zip(
            periods["region"],
            periods["period_type"],
            periods["period_start"],
            periods["value"],
            strict=True,
        )
    ]
    return pd.Series(shares, index=periods.index)


def concentration(table: pd.DataFrame) -> pd.DataFrame:
    """Return each period's top-5 share and Herfindahl–Hirschman index of the regions' shares.

    ``table`` is :func:`regions_table`. ``herfindahl = sum(share_i ** 2)`` over the regions
    (shares in %, so 10,000 is one region making everything).
    """
    import pandas as pd

    regions = table[table["region"] != DEFAULT_REGION]
    rows = []
    for (kind, start, end, label), group in regions.groupby(
        ["period_type", "period_start", "period_end", "period_label"], sort=False
    ):
        shares = group["share_of_country"].dropna().sort_values(ascending=False)
        rows.append(
            {
                "period_type": kind,
                "period_start": start,
                "period_end": end,
                "period_label": label,
                "regions": len(shares),
                "top5_share": float(shares.head(5).sum()),
                "herfindahl": float((shares**2).sum()),
            }
        )
    return pd.DataFrame(rows, columns=list(CONCENTRATION_COLUMNS))
