"""One verdict per claim, over the checks of :func:`kzmach.analysis.claims.check_claims`.

:func:`claim_verdicts` says whether each claim agrees, was revised since, disagrees or is
untestable; the command line and the claims chart count claims with it. For a growth whose
basis its source does not state, :func:`unstated_basis` says which basis it matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from kzmach.analysis.claims import FROM_LEVELS, NOMINAL_LEVELS, REAL_INDEX
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import AGREES, DISAGREES, REVISED_SINCE, UNTESTABLE

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NOT_NOMINAL", "VERDICT_PRECEDENCE", "claim_counts", "claim_verdicts", "unstated_basis"]

#: A claim's verdict over all its checks: the first of these any check has.
VERDICT_PRECEDENCE: Final = (AGREES, REVISED_SINCE, DISAGREES, UNTESTABLE)
#: The verdict of a growth of unstated basis that misses only the nominal levels: it may be
#: real growth, so it is not called wrong.
NOT_NOMINAL: Final = "not nominal"


def claim_verdicts(claims: pd.DataFrame, *, from_levels: bool = False) -> pd.DataFrame:
    """Return one row per claim with its verdict over all its checks.

    A claim agrees when any check agrees (one piece of evidence bears it out), is revised
    since when none agrees and one is a revision, disagrees when every check that could be
    made disagrees, and is untestable otherwise. With ``from_levels``, only the checks
    recomputed from two levels count (those the claims chart draws), and a growth of
    unstated basis that disagrees with the nominal levels is ``not nominal``. The command
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

    table = claims[claims["tested_against"].isin(FROM_LEVELS)] if from_levels else claims
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
    import pandas as pd

    unstated = claims[[catalogue.get(i).basis == "unspecified_growth" for i in claims["indicator"]]]
    rows = []
    for figure, checks in unstated.groupby("claim_figure", sort=True):
        verdicts = {
            basis: _any_agrees(checks[checks["tested_against"] == against]["verdict"])
            for basis, against in (("real", REAL_INDEX), ("nominal", NOMINAL_LEVELS))
        }
        agreeing = [basis for basis, verdict in verdicts.items() if verdict == AGREES]
        tested = [basis for basis, verdict in verdicts.items() if verdict != "not tested"]
        if not tested:
            matches = UNTESTABLE
        elif agreeing:
            matches = "both" if len(agreeing) == 2 else agreeing[0]
        elif len(tested) == 2:
            matches = "neither"
        else:  # the one basis that could be tested disagrees; the other is unknown
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
    columns = ["claim_figure", "indicator", "period_label", "stated", "real", "nominal", "matches"]
    return pd.DataFrame(rows, columns=columns)


def _any_agrees(verdicts: pd.Series) -> str:
    if verdicts.empty:
        return "not tested"
    return AGREES if (verdicts == AGREES).any() else DISAGREES


def claim_counts(claims: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Count claims by verdict: all of them, and those recomputed from two levels (charted)."""
    every = claim_verdicts(claims)["verdict"].value_counts()
    charted = claim_verdicts(claims, from_levels=True)["verdict"].value_counts()
    return every, charted
