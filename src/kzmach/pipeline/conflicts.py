"""Find figures that disagree: between sources, and within one source.

Rules
-----
Two written values *differ* when ``|a - b| >= (pa + pb) / 2``, where ``pa`` and ``pb`` are
their rounding units (``2.3`` trillion and ``2.4`` trillion differ; ``31%`` and ``31.5%`` do
not). Each conflict is also marked ``reconcilable`` when the qualifiers let both be true
(``more than 470`` and ``about 500``).

``sources_disagree``
    Same indicator family, figure type, region, subject, comparison and period (type, start
    and end: a year-to-date is never compared with a full year), different
    origins, values that differ. An origin is counted once: the Bureau's tables reached
    through one public mirror are one origin whichever file or page carried them
    (:func:`kzmach.raw.raw_files.source_origin`), and the best-ranked of its figures
    (:func:`kzmach.analysis.selection.best_first`) stands for it. Real and nominal growth
    are never compared with each other; a growth of unspecified basis is compared with both,
    and the row says so. An annual level stated for a span ("905 bn per year in 2013-2014")
    is compared with each year in it. When the two were published on different dates, the
    row says which is later: a later vintage may be a revision.
``internal_inconsistency``
    A source's stated growth against the growth implied by the same source's own levels
    (e.g. +34.3% beside 196 -> 193 bn). Real growth is checked against levels counted in units
    (vehicles) but not against current-price levels.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

from kzmach.analysis.claim_math import Row
from kzmach.analysis.selection import best_first
from kzmach.analysis.tolerance import qualifier_interval, values_differ
from kzmach.frames import frame_records
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import DISAGREES
from kzmach.raw.raw_files import source_origin

if TYPE_CHECKING:
    from typing import TypeAlias

    import pandas as pd

    #: A figure as a conflict reads it: a row of the observations, a record or a Series.
    Figure: TypeAlias = Row | pd.Series

__all__ = ["CONFLICT_COLUMNS", "find_conflicts"]

CONFLICT_COLUMNS = (
    "kind",
    "indicator",
    "figure_type",
    "region",
    "subject",
    "period_label",
    "period_start",
    "period_end",
    "comparison",
    "figure_a",
    "source_a",
    "value_a",
    "qualifier_a",
    "quote_a",
    "figure_b",
    "source_b",
    "value_b",
    "qualifier_b",
    "quote_b",
    "unit",
    "difference",
    "relative_difference",
    "reconcilable",
    "explanation",
)


def _reconcilable(a: Figure, b: Figure) -> bool:
    low_a, high_a = qualifier_interval(a["value"], a["value_precision"], a["qualifier"])
    low_b, high_b = qualifier_interval(b["value"], b["value_precision"], b["qualifier"])
    # Rounding intervals are half-open: 2.3 and 2.4 (to 0.1) only touch, so cannot both hold.
    return max(low_a, low_b) < min(high_a, high_b)


def find_conflicts(observations: pd.DataFrame, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the conflicts table for an observations frame (columns: CONFLICT_COLUMNS).

    ``claims`` is :func:`kzmach.analysis.claims.check_claims` of the same observations, when
    the caller has it already.
    """
    import pandas as pd

    # a figure found only in the collector's value cell is kept, but is no evidence of a conflict
    quoted = observations[observations["found_in"] == "quote"]
    rows = _between_sources(quoted) + _within_sources(quoted, claims)
    frame = pd.DataFrame(rows, columns=list(CONFLICT_COLUMNS))
    return frame.sort_values(["kind", "indicator", "period_start", "figure_a"]).reset_index(
        drop=True
    )


def _expanded(observations: pd.DataFrame) -> pd.DataFrame:
    """Repeat each per-year span level once per year, as an annual figure."""
    import pandas as pd

    per_year = observations["value_form"] == "level_per_year"
    pieces = [observations[~per_year]]
    for _, obs in observations[per_year].iterrows():
        for year in range(obs["period_start"].year, obs["period_end"].year + 1):
            copy = obs.copy()
            copy["period_start"] = pd.Timestamp(year, 1, 1)
            copy["period_end"] = pd.Timestamp(year, 12, 31)
            copy["period_type"] = "year"
            copy["period_label"] = f"{year} (from {obs['period_label']} per year)"
            pieces.append(copy.to_frame().T)
    return pd.concat(pieces, ignore_index=True)


def _between_sources(observations: pd.DataFrame) -> list[dict[str, Any]]:
    frame = _expanded(observations)
    families = {i.id: i.family for i in catalogue.indicators()}
    frame["family"] = frame["indicator"].map(families)
    frame["origin"] = [
        source_origin(url, source_id)
        for url, source_id in zip(frame["source_url"], frame["source_id"], strict=True)
    ]
    keys = [
        "family",
        "figure_type",
        "region",
        "subject",
        "comparison",
        "period_type",
        "period_start",
        "period_end",
    ]
    # only a measure stated by two origins or more can conflict: keep those rows, at once
    origins = frame.groupby(keys, sort=False, dropna=False)["origin"].transform("nunique")
    rows: list[dict[str, Any]] = []
    # ranked once: a group keeps its rows' order, so each group comes out best first
    ranked = best_first(frame[origins >= 2])
    # plain records, grouped by the groups' sorted order: a vintage of a monthly table
    # brings thousands of two-figure groups, and a frame per group costs ~2 ms each
    numbers = ranked.groupby(keys, sort=True, dropna=False).ngroup().tolist()
    groups: dict[int, dict[tuple[str, str], Row]] = {}
    for number, record in zip(numbers, frame_records(ranked), strict=True):
        # one figure per origin and indicator: the best-ranked stands for the others
        groups.setdefault(number, {}).setdefault((record["origin"], record["indicator"]), record)
    for number in sorted(groups):
        for a, b in itertools.combinations(groups[number].values(), 2):
            if a["origin"] == b["origin"]:
                continue
            bases = {a["basis"], b["basis"]}
            if bases == {"real_growth", "nominal_growth"}:
                continue
            if not values_differ(
                a["value"], a["value_precision"], b["value"], b["value_precision"]
            ):
                continue
            explanation = "the sources state different values for the same measure and period"
            if "unspecified_growth" in bases and len(bases) > 1:
                explanation += (
                    f"; one growth is {sorted(bases - {'unspecified_growth'})[0]}, "
                    "the other's basis is not stated"
                )
            if a["indicator"] != b["indicator"]:
                explanation += f" ({a['indicator']} vs {b['indicator']})"
            explanation += _vintages(a, b)
            rows.append(
                _row("sources_disagree", a, b, b["value"], _reconcilable(a, b), explanation)
            )
    return rows


def _vintages(a: Figure, b: Figure) -> str:
    """Say which figure was published later: a later vintage may be a revision."""
    import pandas as pd

    if pd.isna(a["vintage"]) or pd.isna(b["vintage"]) or a["vintage"] == b["vintage"]:
        return ""
    earlier, later = sorted((a, b), key=lambda row: row["vintage"])
    return (
        f"; {earlier['figure_id']} was published {earlier['vintage']:%Y-%m-%d}, "
        f"{later['figure_id']} {later['vintage']:%Y-%m-%d}: the later may be a revision"
    )


def _within_sources(
    observations: pd.DataFrame, claims: pd.DataFrame | None
) -> list[dict[str, Any]]:
    """Claims (:mod:`kzmach.analysis.claims`) that disagree with the same source's own levels."""
    from kzmach.analysis.claims import FROM_LEVELS, check_claims

    by_id = observations.set_index("figure_id", drop=False)
    rows: list[dict[str, Any]] = []
    claim: Any
    checked = check_claims(observations) if claims is None else claims
    checked = checked[checked["claim_figure"].isin(by_id.index)]
    for claim in checked.itertuples(index=False):
        if claim.verdict != DISAGREES or claim.tested_against not in FROM_LEVELS:
            continue  # a real index's disagreement is a conflict between two figures
        stated = by_id.loc[claim.claim_figure]
        base, end = by_id.loc[claim.base_figure], by_id.loc[claim.end_figure]
        if not stated["source_id"] == base["source_id"] == end["source_id"]:
            continue
        explanation = (
            f"stated {claim.stated:+.1f}% but the source's own levels give "
            f"{claim.computed:+.1f}%: {claim.reason}"
        )
        if catalogue.get(claim.indicator).basis == "unspecified_growth":
            prices = ((1 + claim.computed / 100) / (1 + claim.stated / 100) - 1) * 100
            explanation += f"; if the stated growth is real, prices changed by {prices:+.1f}%"
        levels = base.copy()
        levels["figure_id"] = f"{claim.base_figure},{claim.end_figure}"
        levels["qualifier"] = "exact"
        levels["quote"] = (
            end["quote"] if end["quote"] == base["quote"] else f"{base['quote']} | {end['quote']}"
        )
        rows.append(
            _row("internal_inconsistency", stated, levels, claim.computed, False, explanation)
        )
    return rows


def _row(
    kind: str, a: Figure, b: Figure, value_b: float, reconcilable: bool, explanation: str
) -> dict[str, Any]:
    difference = float(value_b) - float(a["value"])
    relative = difference / abs(float(a["value"])) if a["value"] else math.nan
    if not a["value"]:  # a share of zero is undefined: said, not a division error
        explanation += f"; relative difference undefined: the first value ({a['figure_id']}) is 0"
    return {
        "kind": kind,
        "indicator": a["indicator"],
        "figure_type": a["figure_type"],
        "region": a["region"],
        "subject": a["subject"],
        "period_label": a["period_label"],
        "period_start": a["period_start"],
        "period_end": a["period_end"],
        "comparison": a["comparison"],
        "figure_a": a["figure_id"],
        "source_a": a["source_id"],
        "value_a": float(a["value"]),
        "qualifier_a": a["qualifier"],
        "quote_a": a["quote"],
        "figure_b": b["figure_id"],
        "source_b": b["source_id"],
        "value_b": float(value_b),
        "qualifier_b": b["qualifier"],
        "quote_b": b["quote"],
        "unit": a["unit"],
        "difference": difference,
        "relative_difference": relative,
        "reconcilable": bool(reconcilable),
        "explanation": explanation,
    }
