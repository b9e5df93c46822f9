"""Vintages of ingested releases: what each release said, what changed, and revision triangles.

Every value an ingested release holds is in the ``release_values`` table with its release,
publication date (its vintage) and maturity. A later release never overwrites an earlier one:
a preliminary January-October figure stays queryable after the final annual release, and
:func:`kzmach.observations` with ``as_of`` returns what was known on a date.

Values are compared by series and period. A mapped value is compared in the catalogue's
unit (so a press-release template in trillions and a Bureau table in millions compare), by
indicator, region and period as kzmach reads it; a value the mapping does not cover is
compared as written, by name, territory, classifier code and period.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import KzmachError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DIFF_COLUMNS", "derived_values", "diff", "resolve_release", "revision_triangle"]

DIFF_COLUMNS: Final = (
    "change",
    "kind",
    "series",
    "region",
    "code",
    "period",
    "period_type",
    "unit",
    "old",
    "new",
    "revision",
    "revision_pct",
    "old_marker",
    "new_marker",
    "old_row",
    "new_row",
)
#: Values closer than this (relative) are the same value.
SAME_VALUE: Final = 1e-9
_CHANGE_ORDER: Final = {"revised": 0, "new": 1, "removed": 2}


def resolve_release(release: str, values: pd.DataFrame) -> str:
    """Return the full ``source/release-id`` that ``release`` names among ``values``' releases.

    ``release`` is a release's ``source/release-id`` or, when unambiguous, its release id.

    Raises
    ------
    KzmachError
        If no release, or more than one, matches.
    """
    known = sorted(set(values["release"]))
    if release in known:
        return release
    matches = [k for k in known if k.split("/", 1)[-1] == release]
    if len(matches) == 1:
        return matches[0]
    hint = f"; it matches {matches}" if matches else f"; known: {', '.join(known) or 'none'}"
    raise KzmachError(f"no single ingested release {release!r}{hint}")


def _keyed(values: pd.DataFrame) -> pd.DataFrame:
    mapped = values["mapping"] == "mapped"
    kind = values.get("value_kind")
    return values.assign(
        kind=(kind.fillna("").replace("", "published") if kind is not None else "published"),
        series=values["indicator"].where(mapped, values["indicator_name"]),
        region=values["region"].where(mapped, values["kato"]).fillna(""),
        code=values["code"].where(~mapped, ""),
        period=values["figure_period"].where(mapped, values["period"]),
        compared=values["normalised_value"].where(mapped, values["value"]),
        compared_unit=values["normalised_unit"].where(mapped, values["unit"]),
    )


def derived_values(observations: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Return the sums kzmach derived from releases' values, keyed as :func:`diff` keys them.

    ``observations`` are the observations (or those known on the as-of date); a derived sum
    is an observation of a release with no row in ``values`` (``release_values``): HS 84–90
    by month, a year of twelve months, machine building from its divisions.
    """
    import pandas as pd

    rows = set(values["figure_id"].dropna())
    sums = observations[
        observations["release"].fillna("").ne("")
        & (observations["figure_type"] == "derived")
        & ~observations["figure_id"].isin(rows)
    ]
    start, end = sums["period_start"], sums["period_end"]
    period = start.dt.strftime("%Y-%m") + "/" + end.dt.strftime("%Y-%m")
    period = period.mask(sums["period_type"] == "month", start.dt.strftime("%Y-%m"))
    period = period.mask(sums["period_type"] == "year", start.dt.strftime("%Y"))
    return pd.DataFrame(
        {
            "release": sums["release"],
            "kind": "derived",
            "series": sums["indicator"],
            "region": sums["region"].fillna(""),
            "code": "",
            "period": period,
            "period_type": sums["period_type"],
            "compared": sums["value"],
            "compared_unit": sums["unit"],
            "marker": "",
            "row": pd.NA,
        }
    )


def diff(
    values: pd.DataFrame, old: str, new: str, derived: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Compare two releases: revised values, new periods and removed periods, of every kind.

    Parameters
    ----------
    values
        The ``release_values`` table (or the part of it known on the as-of date).
    old, new
        Releases as ``source/release-id`` (or a release id alone when unambiguous).
    derived
        The sums derived from the releases' values (:func:`derived_values`), compared too.

    Returns
    -------
    pandas.DataFrame
        One row per change (:data:`DIFF_COLUMNS`): ``change`` is ``revised`` (a value or a
        marker such as ``x`` changed; ``revision`` is new - old and ``revision_pct`` its
        share of |old|), ``new`` (a period only the new release has) or ``removed`` (a period
        only the old one has); ``kind`` says what the value is
        (:data:`kzmach.raw.releases.convert.VALUE_KINDS`: ``published``, ``computed`` — more
        decimals than the source publishes — or ``derived``, a sum of the file's values).
        Unchanged values are left out.
    """
    import pandas as pd

    old_key, new_key = resolve_release(old, values), resolve_release(new, values)
    keys = ["series", "region", "code", "period"]
    keep = [*keys, "kind", "period_type", "compared", "compared_unit", "marker", "row"]

    def of(release: str) -> pd.DataFrame:
        held = _keyed(values[values["release"] == release])[keep]
        if derived is None:
            return held
        return pd.concat([held, derived[derived["release"] == release][keep]], ignore_index=True)

    before, after = of(old_key), of(new_key)
    joined = before.merge(after, on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    old_value, new_value = joined["compared_old"], joined["compared_new"]
    revision = (new_value - old_value).where(old_value.notna() & new_value.notna())
    result = pd.DataFrame(
        {
            "change": _change_kinds(joined),
            "kind": joined["kind_old"].fillna(joined["kind_new"]),  # what was revised
            "series": joined["series"],
            "region": joined["region"],
            "code": joined["code"],
            "period": joined["period"],
            "period_type": joined["period_type_new"].fillna(joined["period_type_old"]),
            "unit": joined["compared_unit_new"].fillna(joined["compared_unit_old"]),
            "old": old_value,
            "new": new_value,
            "revision": revision,
            "revision_pct": (revision / old_value.abs() * 100).where(old_value != 0),
            "old_marker": joined["marker_old"],
            "new_marker": joined["marker_new"],
            "old_row": joined["row_old"].astype("Int64"),
            "new_row": joined["row_new"].astype("Int64"),
        }
    )
    result = result[result["change"] != ""]
    order = result["change"].map(_CHANGE_ORDER)
    return (
        result.assign(_order=order)
        .sort_values(["_order", "series", "region", "code", "period"])
        .drop(columns="_order")
        .reset_index(drop=True)[list(DIFF_COLUMNS)]
    )


def _change_kinds(joined: pd.DataFrame) -> Any:
    """Say what each joined key is: ``removed``, ``new``, ``revised`` or "" (unchanged).

    A value is revised when it moved by more than :data:`SAME_VALUE` of itself (at least
    that much in absolute terms), or when its marker changed (``x`` -> a number, say).
    """
    import numpy as np

    old_value, new_value = joined["compared_old"], joined["compared_new"]
    both_numbers = old_value.notna() & new_value.notna()
    tolerance = SAME_VALUE * np.maximum(1.0, old_value.abs().fillna(0))
    differs = (both_numbers & ((new_value - old_value).abs() > tolerance)) | (
        (joined["_merge"] == "both") & (joined["marker_old"] != joined["marker_new"])
    )
    return np.select(
        [joined["_merge"] == "left_only", joined["_merge"] == "right_only", differs],
        ["removed", "new", "revised"],
        default="",
    )


def revision_triangle(
    values: pd.DataFrame,
    indicator: str,
    *,
    region: str = "Kazakhstan",
    revisions: bool = False,
) -> pd.DataFrame:
    """Return the values of ``indicator`` by period (rows) and release (columns).

    ``values`` is the ``release_values`` table (or the part of it known on the as-of date).

    Releases are ordered by publication date; a column is headed ``release (published)``.
    With ``revisions``, each cell is the change from the period's first published value.
    """
    from kzmach.metadata import catalogue

    catalogue.get(indicator)
    values = values[
        (values["mapping"] == "mapped")
        & (values["indicator"] == indicator)
        & (values["region"] == region)
    ]
    order = values[["release", "published"]].drop_duplicates().sort_values(["published", "release"])
    columns = [f"{r} ({p})" for r, p in zip(order["release"], order["published"], strict=True)]
    labelled = values.assign(
        column=values["release"] + " (" + values["published"] + ")",
    )
    triangle = labelled.pivot_table(
        index="figure_period", columns="column", values="normalised_value", aggfunc="first"
    ).reindex(columns=columns)
    triangle = triangle.loc[sorted(triangle.index, key=_period_sort_key)]
    triangle.index.name = "period"
    triangle.columns.name = "release"
    if revisions:
        first = triangle.bfill(axis=1).iloc[:, 0]
        triangle = triangle.sub(first, axis=0)
    return triangle


def _period_sort_key(period: str) -> tuple[Any, Any]:
    from kzmach.text.periods import parse_period

    parsed = parse_period(period)
    return parsed.end, parsed.start
