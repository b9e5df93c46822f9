"""One verdict per claim, over the checks of :func:`kzmach.analysis.claims.check_claims`.

:func:`claim_verdicts` says whether each claim agrees, was revised since, disagrees or is
untestable; the command line and the claims chart count claims with it. For a growth whose
basis its source does not state, :func:`unstated_basis` says which basis it matches; for a
share, :func:`share_definitions` says which definition (output or value added) it matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from kzmach.analysis.claims import (
    FROM_LEVELS,
    LEVELS,
    NOMINAL_LEVELS,
    REAL_INDEX,
    SHARE_CLAIMS,
    VALUE_ADDED_LEVELS,
)
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import AGREES, DISAGREES, REVISED_SINCE, UNTESTABLE

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NOT_NOMINAL",
    "NOT_VALUE_ADDED",
    "VERDICT_PRECEDENCE",
    "claim_counts",
    "claim_verdicts",
    "from_two_levels",
    "share_definitions",
    "unstated_basis",
]

#: A claim's verdict over all its checks: the first of these any check has.
VERDICT_PRECEDENCE: Final = (AGREES, REVISED_SINCE, DISAGREES, UNTESTABLE)
#: The verdict of a growth of unstated basis that misses only the nominal levels: it may be
#: real growth, so it is not called wrong.
NOT_NOMINAL: Final = "not nominal"
#: The verdict of a stated share that misses the value-added share where no output share was
#: held to test it: it may be the output share, so it is not called wrong either.
NOT_VALUE_ADDED: Final = "not value added"


def from_two_levels(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the checks recomputed from two levels that test something (the chart's).

    A check against a real index has no levels to draw; one whose tolerance is as wide as
    the claim tests nothing.
    """
    return claims[claims["tested_against"].isin(FROM_LEVELS) & (claims["verdict"] != UNTESTABLE)]


def claim_verdicts(claims: pd.DataFrame, *, from_levels: bool = False) -> pd.DataFrame:
    """Return one row per claim with its verdict over all its checks.

    A claim agrees when any check agrees (one piece of evidence bears it out), is revised
    since when none agrees and one is a revision, disagrees when every check that could be
    made disagrees, and is untestable otherwise. With ``from_levels``, only the checks
    of :func:`from_two_levels` count (those the claims chart draws), a growth of
    unstated basis that disagrees with the nominal levels is ``not nominal``, and a share
    tested only against the value-added share, which it misses, is ``not value added``. The command
    line and the chart both count claims with this function.

    Parameters
    ----------
    claims
        The table of :func:`check_claims`.
    from_levels
        Keep only the checks recomputed from two levels.

    Returns
    -------
    pandas.DataFrame
        ``claim_figure``, ``indicator``, ``period_label``, ``stated``, ``qualifier``,
        ``low`` and ``high`` (the lowest and highest computed value), ``tested_against``
        (the first check's), ``checks`` (how many) and ``verdict``.
    """
    import pandas as pd

    table = from_two_levels(claims) if from_levels else claims
    columns = [
        "claim_figure", "indicator", "period_label", "stated", "qualifier", "low", "high",
        "tested_against", "checks", "verdict",
    ]  # fmt: skip
    if table.empty:
        return pd.DataFrame(columns=columns)
    rank = {verdict: position for position, verdict in enumerate(VERDICT_PRECEDENCE)}
    grouped = (
        table.assign(_rank=table["verdict"].map(rank))
        .groupby("claim_figure", sort=False)
        .agg(
            indicator=("indicator", "first"),
            period_label=("period_label", "first"),
            stated=("stated", "first"),
            qualifier=("qualifier", "first"),
            low=("computed", "min"),
            high=("computed", "max"),
            tested_against=("tested_against", "first"),
            checks=("verdict", "size"),
            _rank=("_rank", "min"),
        )
        .reset_index()
    )
    grouped["verdict"] = [VERDICT_PRECEDENCE[r] for r in grouped.pop("_rank")]
    if from_levels:
        unstated = (grouped["verdict"] == DISAGREES) & (grouped["tested_against"] == NOMINAL_LEVELS)
        grouped.loc[unstated, "verdict"] = NOT_NOMINAL
        readings = table.groupby("claim_figure", sort=False)["tested_against"].agg(set)
        only_value_added = grouped["claim_figure"].map(readings) == {VALUE_ADDED_LEVELS}
        grouped.loc[(grouped["verdict"] == DISAGREES) & only_value_added, "verdict"] = (
            NOT_VALUE_ADDED
        )
    return grouped[columns]


def unstated_basis(claims: pd.DataFrame) -> pd.DataFrame:
    """Say, for each growth claim of unstated basis, which basis it matches.

    Parameters
    ----------
    claims
        The table of :func:`check_claims`.

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``claim_figure``, ``indicator``, ``period_label``, ``stated``,
        ``real`` and ``nominal`` (``agrees``, ``disagrees`` or ``not tested``; a basis agrees
        when any of its recomputations does) and ``matches``: ``real``, ``nominal``,
        ``both``, ``neither``, ``not real``, ``not nominal`` or ``untestable``.
    """
    unstated = claims[[catalogue.get(i).basis == "unspecified_growth" for i in claims["indicator"]]]
    return _which_matches(unstated, (("real", REAL_INDEX), ("nominal", NOMINAL_LEVELS)))


def share_definitions(claims: pd.DataFrame) -> pd.DataFrame:
    """Say, for each share claim, which definition it matches: output or value added.

    A stated share ("11% of manufacturing") rarely says whether it divides output or value
    added; both are recomputed where held (:data:`kzmach.analysis.claims.SHARE_CLAIMS`).

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``claim_figure``, ``indicator``, ``period_label``, ``stated``,
        ``output`` and ``value_added`` (``agrees``, ``disagrees`` or ``not tested``) and
        ``matches``: ``output``, ``value_added``, ``both``, ``neither``, ``not output``,
        ``not value_added`` or ``untestable``.
    """
    shares = claims[claims["indicator"].isin(list(SHARE_CLAIMS))]
    return _which_matches(shares, (("output", LEVELS), ("value_added", VALUE_ADDED_LEVELS)))


def _which_matches(
    claims: pd.DataFrame, readings: tuple[tuple[str, str], tuple[str, str]]
) -> pd.DataFrame:
    """Say which of two readings of each claim agree (``readings``: name, tested_against)."""
    import pandas as pd

    rows = []
    for figure, checks in claims.groupby("claim_figure", sort=True):
        verdicts = {
            name: _any_agrees(checks[checks["tested_against"] == against]["verdict"])
            for name, against in readings
        }
        agreeing = [name for name, verdict in verdicts.items() if verdict == AGREES]
        tested = [name for name, verdict in verdicts.items() if verdict != "not tested"]
        if not tested:
            matches = UNTESTABLE
        elif agreeing:
            matches = "both" if len(agreeing) == 2 else agreeing[0]
        elif len(tested) == 2:
            matches = "neither"
        else:  # the one reading that could be tested disagrees; the other is unknown
            matches = f"not {tested[0]}"
        first = checks.iloc[0]
        rows.append(
            {
                "claim_figure": figure,
                "indicator": first["indicator"],
                "period_label": first["period_label"],
                "stated": first["stated"],
                **verdicts,
                "matches": matches,
            }
        )
    names = [name for name, _ in readings]
    columns = ["claim_figure", "indicator", "period_label", "stated", *names, "matches"]
    return pd.DataFrame(rows, columns=columns)


def _any_agrees(verdicts: pd.Series) -> str:
    verdicts = verdicts[verdicts != UNTESTABLE]
    if verdicts.empty:
        return "not tested"
    return AGREES if (verdicts == AGREES).any() else DISAGREES


def claim_counts(claims: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Count claims by verdict: all of them, and those recomputed from two levels (charted)."""
    every = claim_verdicts(claims)["verdict"].value_counts()
    charted = claim_verdicts(claims, from_levels=True)["verdict"].value_counts()
    return every, charted
