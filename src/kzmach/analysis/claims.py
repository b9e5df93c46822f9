"""Claims check: recompute each derived statement of the sources from the levels we hold.

A *claim* is a figure derived from levels: a growth rate ("+31.5%"), a multiple over a span
("2,3 есе" over 2010-2014, "sixfold"), or a share ("13% of manufacturing"). For every claim
and every pair of level figures that can test it (from any source), the check recomputes the
figure and says whether it agrees.

Rules
-----
* Growth: ``computed = (end / base - 1) * 100`` where ``base`` is the same months one year
  earlier (year on year) or the first year of a span. Only exact or "about" levels are used.
* Share: ``computed = part / whole * 100`` for the same period, by every definition held
  (:data:`SHARE_CLAIMS`): machine building's output over manufacturing's (``tested_against``
  ``levels``) and its value added over manufacturing's (``value-added levels``, the Bureau's
  table 5931). A stated share rarely says which it is;
  :func:`kzmach.analysis.claim_verdicts.share_definitions` says which it matches.
* Tolerance: half the sum of the claim's rounding unit and the levels' rounding carried
  through the formula (``2.3`` trillion is 2.25-2.35), the rule of
  :func:`kzmach.analysis.tolerance.values_differ`. *agrees* when ``|computed - stated|`` is
  within it, *disagrees* otherwise; for "more than" claims only a computed value below the
  stated one disagrees; an "almost" or "up to" claim agrees only near its bound (within the
  tolerance above it, and at most 10% or one rounding unit below it, plus the tolerance).
* A claim that no pair of levels can test is listed with ``verdict`` ``untestable`` and the
  reason, never dropped. So is a check whose tolerance is as wide as the claim itself (a
  120% growth recomputed from levels rounded so coarsely that anything from -5% to 245%
  would pass): a test that cannot fail is no test.
* A real (volume) growth is never tested against current-price levels.
* A stated level of a year is tested against the sum of the year's twelve months where a
  release gives them (``tested_against`` ``sum of months``: the press's "2.3 trn tenge" of
  2021 against the Bureau's 2,304.8 bn), with the claim's rounding as the tolerance.
* A growth whose basis the source does not state is tested both ways: against the nominal
  levels (``tested_against`` ``nominal levels``) and against every quoted real (volume) index
  of its family for the same period and comparison (``real index``; the computed figure is
  that index). :func:`kzmach.analysis.claim_verdicts.unstated_basis` says, per claim, which
  of the two it matches: ``real``, ``nominal``, ``both``, ``neither`` (both tested,
  neither agrees), ``not real`` or ``not nominal`` (the one basis that could be tested
  disagrees) or ``untestable``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from kzmach.analysis.claim_math import Row, base_period_bounds, implied_change, implied_share
from kzmach.analysis.selection import SOURCE_KIND_RANK
from kzmach.analysis.tolerance import qualifier_interval, values_differ
from kzmach.frames import frame_records
from kzmach.metadata import catalogue
from kzmach.metadata.tables import table
from kzmach.metadata.vocabulary import (
    AGREES,
    CLAIM_TESTED_AGAINST,
    DISAGREES,
    REVISED_SINCE,
    UNTESTABLE,
    YEAR_OF_MONTHS_NOTE,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CLAIM_COLUMNS",
    "FROM_LEVELS",
    "REVISION_MARGIN_PP",
    "SHARE_CLAIMS",
    "STAND_INS",
    "TESTED_AGAINST",
    "check_claims",
    "implied_change",
]

#: The columns of :func:`check_claims`, as the ``claims`` table declares them.
CLAIM_COLUMNS = table("claims").column_names
#: What a claim row was recomputed from ("" for an untestable claim); declared in the vocabulary.
TESTED_AGAINST = CLAIM_TESTED_AGAINST
NOMINAL_LEVELS, REAL_INDEX, LEVELS, VALUE_ADDED_LEVELS, STAND_IN_LEVELS, SUM_OF_MONTHS, _NOTHING = (
    CLAIM_TESTED_AGAINST
)
#: The rows recomputed from two levels (a base and an end, or a part and a whole).
FROM_LEVELS = (LEVELS, NOMINAL_LEVELS, VALUE_ADDED_LEVELS, STAND_IN_LEVELS)
#: A level indicator whose own definition is not published -> the stated stand-in it is
#: measured with (the targets' registry says the same): machine-building exports by the
#: Bureau's exports of HS chapters 84–90, summed by kzmach (``derived``).
STAND_INS: Final = {"mb_exports": "exports_hs84_90"}
#: share indicator -> every definition held: (tested_against, part level, whole level).
#: Machine building's value added is the Bureau's (ОКЭД 26–30 and 33, table 5931).
SHARE_CLAIMS: Final[dict[str, tuple[tuple[str, str, str], ...]]] = {
    "mb_share_of_manufacturing": (
        (LEVELS, "mb_output", "mfg_output"),
        (VALUE_ADDED_LEVELS, "mb_gva", "mfg_gva"),
    ),
    "mb_share_of_industry": (
        (LEVELS, "mb_output", "industry_output"),
        (VALUE_ADDED_LEVELS, "mb_gva", "industry_gva"),
    ),
    "mfg_share_of_industry": (
        (LEVELS, "mfg_output", "industry_output"),
        (VALUE_ADDED_LEVELS, "mfg_gva", "industry_gva"),
    ),
    "railway_share_of_mb": ((LEVELS, "railway_output", "mb_output"),),
}
USABLE_QUALIFIERS = ("exact", "about")


def _evidence(observations: pd.DataFrame) -> pd.DataFrame:
    """Figures that may test a claim: exact or "about", and quoted.

    A figure read only from the collector's value cell (``found_in == "value_cell"``) is kept
    with its caveat but tests nothing: evidence has to stand in its quote.
    """
    return observations[
        (observations["found_in"] == "quote") & observations["qualifier"].isin(USABLE_QUALIFIERS)
    ]


def _levels(evidence: pd.DataFrame) -> pd.DataFrame:
    """Of the evidence, the plain positive levels (no comparison)."""
    return evidence[
        (evidence["comparison"] == "none")
        & (evidence["value_form"] == "level")
        & (evidence["value"] > 0)
    ]


class _Lookup:
    """The rows of a frame by indicator, region, period and figure type, grouped once.

    Testing ~300 claims against the levels asks for the same few rows again and again; a
    boolean mask over the whole frame per question costs far more than this index.
    """

    KEY: Final = ("indicator", "region", "period_start", "period_end", "period_type", "figure_type")

    def __init__(self, frame: pd.DataFrame) -> None:
        # plain records: reading a row of a frame of text columns as a Series costs far more
        self.records: Sequence[Row] = frame_records(frame)
        self.positions: dict[tuple[Any, ...], list[int]] = {}
        for position, record in enumerate(self.records):
            key = tuple(record[column] for column in self.KEY)
            self.positions.setdefault(key, []).append(position)

    def rows(
        self,
        indicators: tuple[str, ...],
        region: str,
        start: Any,
        end: Any,
        period_type: str,
        figure_type: str,
    ) -> list[Row]:
        """Return the rows of ``indicators`` with exactly that region, period and type."""
        import pandas as pd

        if pd.isna(start) or pd.isna(end):
            return []
        found = sorted(
            position
            for indicator in indicators
            for position in self.positions.get(
                (indicator, region, start, end, period_type, figure_type), ()
            )
        )
        return [self.records[position] for position in found]


def check_claims(observations: pd.DataFrame) -> pd.DataFrame:
    """Return one row per (claim, level pair) with the verdict (columns: CLAIM_COLUMNS)."""
    import pandas as pd

    evidence_frame = _evidence(observations)
    evidence, levels = _Lookup(evidence_frame), _Lookup(_levels(evidence_frame))
    rows: list[dict[str, Any]] = []
    for claim in frame_records(observations[observations["figure_type"] == "actual"]):
        indicator = catalogue.get(claim["indicator"])
        if indicator.is_growth and (indicator.level or _real_counterparts(indicator.id)):
            found = (
                _growth_rows(claim, indicator, levels)
                + _real_index_rows(claim, indicator, evidence)
                + stand_in_growth_rows(claim, indicator, levels)
            )
            rows += _judged(claim, found) or [_untestable(claim, _why_untestable(claim, indicator))]
        elif claim["indicator"] in STAND_INS and claim["comparison"] == "none":
            rows += stand_in_level_rows(claim, levels)
        elif claim["comparison"] == "none" and claim["value_form"] == "level":
            rows += sum_of_months_rows(claim, levels)
        elif claim["indicator"] in SHARE_CLAIMS and claim["comparison"] == "none":
            pairs = " nor ".join(
                f"{part} and {whole}" for _, part, whole in SHARE_CLAIMS[claim["indicator"]]
            )
            found = _share_rows(claim, levels)
            rows += _judged(claim, found) or [
                _untestable(
                    claim,
                    f"no quoted exact or 'about' levels of {pairs} for {claim['period_label']}",
                )
            ]
    frame = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    return frame.sort_values(["indicator", "period_label", "claim_figure"]).reset_index(drop=True)


#: How far, in percentage points beyond the rounding tolerance, a stated growth or share may
#: be from a figure published after it and still be a revision, not an error. A rule of
#: thumb, declared here and in the README: above the Bureau's revisions kzmach holds (0.1 pp:
#: industry 2023 first 4.3%, later 104.4; manufacturing 2023 4.1% then 104.0) and far below
#: the misses the check must still flag (11 points).
REVISION_MARGIN_PP: Final = 1.0


def _judged(claim: Row, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return a claim's checks: one per piece of evidence, revisions told from errors.

    The same figure held in several places (the Bureau's table, a mirror of it, a page
    quoting it) is one piece of evidence: the check against the best-ranked copy is kept
    (statistics before documents before pages), the others named in its reason, and the
    evidence dated by its earliest copy. A check that disagrees is ``revised since`` when
    its evidence was published after the claim and either differs by no more than
    :data:`REVISION_MARGIN_PP` beyond the tolerance, or evidence published by the claim's
    date agrees with it.
    """
    kept: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in sorted(found, key=lambda r: r["_rank"]):
        key = (row["tested_against"], _same(row["base_value"]), _same(row["end_value"]))
        first = kept.get(key)
        if first is None:
            kept[key] = {**row, "_also": []}
            continue
        copy = "/".join(f for f in (row["base_figure"], row["end_figure"]) if f)
        first["_also"].append(copy)
        first["_evidence_vintage"] = _earliest(first["_evidence_vintage"], row["_evidence_vintage"])
    checks = list(kept.values())
    said = claim.get("vintage")
    agreed_before = any(
        c["verdict"] == AGREES and not _later(c["_evidence_vintage"], said) for c in checks
    )
    for check in checks:
        if check["_also"]:
            check["reason"] += f"; the same figure is also in {', '.join(check['_also'])}"
        later = _later(check["_evidence_vintage"], said)
        gap = abs(check["computed"] - check["stated"]) - check["tolerance"]
        revision = gap <= REVISION_MARGIN_PP + 1e-9  # a gap of written figures, not float noise
        if check["verdict"] == DISAGREES and later and (revision or agreed_before):
            check["verdict"] = REVISED_SINCE
            check["reason"] += (
                f"; published after the claim ({check['_evidence_vintage']:%Y-%m-%d}), within "
                f"{REVISION_MARGIN_PP:g} pp of it: a revision, not an error"
                if revision
                else "; figures published by the claim's date agree with it: revised since"
            )
    return [{k: v for k, v in c.items() if not k.startswith("_")} for c in checks]


def _same(value: float) -> float | None:
    """Return a value as compared between copies of one figure (NaN for none)."""
    return None if value != value else round(float(value), 9)


def _later(evidence: Any, claim: Any) -> bool:
    """Whether evidence dated ``evidence`` was published after a claim dated ``claim``."""
    import pandas as pd

    return not (pd.isna(evidence) or pd.isna(claim)) and evidence > claim


def _earliest(first: Any, second: Any) -> Any:
    import pandas as pd

    dated = [d for d in (first, second) if not pd.isna(d)]
    return min(dated) if dated else first


def _evidence_rank(base: Row | None, end: Row) -> tuple[Any, ...]:
    """Rank a check's evidence: statistics first, then documents, pages; then by figure."""
    rows = [r for r in (end, base) if r is not None]
    kinds = sorted(SOURCE_KIND_RANK.get(r.get("source_kind", ""), 9) for r in rows)
    return (kinds[-1], kinds[0], *(r["figure_id"] for r in rows))


def _evidence_vintage(base: Row | None, end: Row) -> Any:
    """Return when a check's evidence was published: the later of its figures' vintages."""
    import pandas as pd

    rows = [r for r in (end, base) if r is not None]
    dated = [r["vintage"] for r in rows if not pd.isna(r.get("vintage"))]
    return max(dated) if dated else pd.NaT


@cache
def _real_counterparts(indicator_id: str) -> tuple[str, ...]:
    """Return the real (volume) indicators of a growth of unstated basis: its family's."""
    indicator = catalogue.get(indicator_id)
    if indicator.basis != "unspecified_growth":
        return ()
    return tuple(
        other.id
        for other in catalogue.indicators()
        if other.basis == "real_growth" and other.family == indicator.family
    )


def _real_index_rows(
    claim: Row, indicator: catalogue.Indicator, evidence: _Lookup
) -> list[dict[str, Any]]:
    """Test a growth of unstated basis against the quoted real indices of the same period."""
    real_ids = _real_counterparts(indicator.id)
    if not real_ids:
        return []
    same_period = evidence.rows(
        real_ids,
        claim["region"],
        claim["period_start"],
        claim["period_end"],
        claim["period_type"],
        "actual",
    )
    # an index written 104.0 is held as growth 4.0, so the written form does not matter
    indices = [row for row in same_period if row["comparison"] == claim["comparison"]]
    rows = []
    for index in indices:
        reason = (
            f"the real (volume) index {index['indicator']} is {index['value']:g}% "
            f"in {index['source_id']} ({index['figure_id']})"
        )
        computed, precision = float(index["value"]), float(index["value_precision"])
        rows.append(_verdict(claim, None, index, computed, precision, reason, REAL_INDEX))
    return rows


def _level_pairs(
    claim: Row, level_id: str, levels: _Lookup, figure_types: tuple[str, ...] = ("actual",)
) -> list[tuple[Row, Row]]:
    """Return every (base, end) pair of ``level_id``'s levels a growth claim can be tested on.

    The claim's base and end periods come from :func:`base_period_bounds`; the pairs of each
    figure type are taken in turn, never a base of one type with an end of another.
    """
    bounds = base_period_bounds(claim)
    if bounds is None:
        return []
    base_start, base_end, base_type, end_start, end_end, end_type = bounds
    region = claim["region"]
    return [
        (base, end)
        for figure_type in figure_types
        for base in levels.rows((level_id,), region, base_start, base_end, base_type, figure_type)
        for end in levels.rows((level_id,), region, end_start, end_end, end_type, figure_type)
    ]


def _growth_rows(
    claim: Row, indicator: catalogue.Indicator, levels: _Lookup
) -> list[dict[str, Any]]:
    if not indicator.level:
        return []
    level_indicator = catalogue.get(indicator.level)
    if indicator.basis == "real_growth" and level_indicator.basis == "nominal_value":
        return []
    rows = []
    for base, end in _level_pairs(claim, level_indicator.id, levels):
        computed, level_precision = implied_change(base, end)
        reason = (
            f"({end['value']:g} / {base['value']:g} - 1) * 100 from "
            f"{base['source_id']} and {end['source_id']}"
        )
        if indicator.basis == "unspecified_growth":
            reason += "; the claim's basis is not stated, the computed growth is nominal"
        against = LEVELS if indicator.basis != "unspecified_growth" else NOMINAL_LEVELS
        rows.append(_verdict(claim, base, end, computed, level_precision, reason, against))
    return rows


def stand_in_growth_rows(
    claim: Row, indicator: catalogue.Indicator, levels: _Lookup
) -> list[dict[str, Any]]:
    """Recompute a growth from its stand-in's levels (:data:`STAND_INS`), said as such."""
    stand_in = STAND_INS.get(indicator.level)
    if stand_in is None:
        return []
    rows = []
    for base, end in _level_pairs(claim, stand_in, levels, ("actual", "derived")):
        computed, level_precision = implied_change(base, end)
        reason = (
            f"({end['value']:g} / {base['value']:g} - 1) * 100 from the stand-in "
            f"{stand_in} ({catalogue.get(stand_in).name('en')}), a product definition "
            f"standing in for {indicator.level}, whose own is not published"
        )
        rows.append(_verdict(claim, base, end, computed, level_precision, reason, STAND_IN_LEVELS))
    return rows


def stand_in_level_rows(claim: Row, levels: _Lookup) -> list[dict[str, Any]]:
    """Say what a level's stand-in gives for the same period: never a test of it.

    A level of one definition cannot test a level of another (their growth can): the row is
    ``untestable``, its stand-in's value in ``computed`` and the reason saying why.
    """
    stand_in = STAND_INS[claim["indicator"]]
    args = (claim["region"], claim["period_start"], claim["period_end"], claim["period_type"])
    found = levels.rows((stand_in,), *args, "actual") + levels.rows((stand_in,), *args, "derived")
    unit_scale = catalogue.get(claim["indicator"]).scale / catalogue.get(stand_in).scale
    if not found:
        return [
            _untestable(claim, f"no level of the stand-in {stand_in} for {claim['period_label']}")
        ]
    row = _untestable(
        claim,
        f"the stand-in {stand_in} ({catalogue.get(stand_in).name('en')}) gives "
        f"{float(found[0]['value']) / unit_scale:g} for {claim['period_label']}: another "
        "definition, so a level cannot test the claim (a growth can)",
    )
    row.update(
        end_figure=found[0]["figure_id"],
        end_value=float(found[0]["value"]),
        computed=float(found[0]["value"]) / unit_scale,
        tested_against=STAND_IN_LEVELS,
    )
    return [row]


def sum_of_months_rows(claim: Row, levels: _Lookup) -> list[dict[str, Any]]:
    """Test a stated level against the sum of the same period's months in a release.

    Only a release's sum of every month of the period (figure type ``derived``, note "the sum
    of the year's twelve months") tests it; with none, nothing is said (most levels have no
    monthly table behind them). ``computed`` is the sum, the tolerance the claim's rounding.

    Examples
    --------
    The press's "2.3 trn tenge" for 2021 (rounded to 0.1 trn: 2,250–2,350 bn) against the
    2,304.8 bn of the Bureau's twelve months agrees; "2.4 trn" would not.
    """
    args = (claim["region"], claim["period_start"], claim["period_end"], claim["period_type"])
    found = [
        row
        for row in levels.rows((claim["indicator"],), *args, "derived")
        if row["note"] == YEAR_OF_MONTHS_NOTE
    ]
    rows = []
    for end in found:
        reason = (
            f"the sum of the twelve months of {end['source_id']} is {float(end['value']):g} "
            f"({end['figure_id']})"
        )
        rows.append(_verdict(claim, None, end, float(end["value"]), 0.0, reason, SUM_OF_MONTHS))
    return rows


def _share_rows(claim: Row, levels: _Lookup) -> list[dict[str, Any]]:
    """Return a share claim's checks against every definition held (:data:`SHARE_CLAIMS`)."""
    args = (
        claim["region"],
        claim["period_start"],
        claim["period_end"],
        claim["period_type"],
        "actual",
    )
    rows = []
    for against, part_id, whole_id in SHARE_CLAIMS[claim["indicator"]]:
        for part in levels.rows((part_id,), *args):
            for whole in levels.rows((whole_id,), *args):
                computed, level_precision = implied_share(part, whole)
                reason = (
                    f"{part['value']:g} / {whole['value']:g} * 100 ({part_id} from "
                    f"{part['source_id']}, {whole_id} from {whole['source_id']})"
                )
                rows.append(
                    _verdict(claim, whole, part, computed, level_precision, reason, against)
                )
    return rows


def _why_untestable(claim: Row, indicator: catalogue.Indicator) -> str:
    real = _real_counterparts(indicator.id)
    also_real = f" nor a quoted real index ({', '.join(real)})" if real else ""
    if not indicator.level:
        return f"no quoted real index ({', '.join(real)}) of the same period and comparison"
    level = catalogue.get(indicator.level)
    if indicator.basis == "real_growth" and level.basis == "nominal_value":
        return f"real growth is never tested against current-price levels of {level.id}"
    if base_period_bounds(claim) is None:
        return f"the comparison gives no base period to take levels from{also_real}"
    return (
        f"no pair of quoted exact or 'about' levels of {level.id} for {claim['period_label']}"
        f" and its base period{also_real}"
    )


def _untestable(claim: Row, reason: str) -> dict[str, Any]:
    """Return the row of a claim no pair of levels can test: its reason, no verdict."""
    return {
        "claim_figure": claim["figure_id"],
        "indicator": claim["indicator"],
        "period_label": claim["period_label"],
        "comparison": claim["comparison"],
        "stated": float(claim["value"]),
        "stated_as_written": claim["value_as_written"],
        "qualifier": claim["qualifier"],
        "base_figure": "",
        "base_value": float("nan"),
        "end_figure": "",
        "end_value": float("nan"),
        "computed": float("nan"),
        "tolerance": float("nan"),
        "tested_against": _NOTHING,
        "verdict": UNTESTABLE,
        "reason": reason,
    }


def _verdict(
    claim: Row,
    base: Row | None,
    end: Row,
    computed: float,
    level_precision: float,
    reason: str,
    tested_against: str,
) -> dict[str, Any]:
    """Judge one claim against one recomputation (``base`` is None for a real index)."""
    tolerance = (float(claim["value_precision"]) + level_precision) / 2
    stated = float(claim["value"])
    qualifier = claim["qualifier"]
    verdict = None
    if stated and tolerance >= abs(stated):
        verdict = UNTESTABLE
        reason += (
            f"; the tolerance, ±{tolerance:g}, is as wide as the claim itself: the levels are "
            "rounded too coarsely to test it"
        )
    if qualifier in ("more_than", "at_least"):
        agrees = computed >= stated - tolerance
    elif qualifier in ("up_to", "almost"):
        # a bound said "almost" or "up to" is near: within tolerance above, and no further
        # below than the band the conflict rules give "almost" (10%, or the rounding unit)
        low, _ = qualifier_interval(stated, float(claim["value_precision"]), "almost")
        agrees = low - tolerance <= computed <= stated + tolerance
    else:
        agrees = not values_differ(
            stated, float(claim["value_precision"]), computed, level_precision
        )
    return {
        "claim_figure": claim["figure_id"],
        "indicator": claim["indicator"],
        "period_label": claim["period_label"],
        "comparison": claim["comparison"],
        "stated": stated,
        "stated_as_written": claim["value_as_written"],
        "qualifier": qualifier,
        "base_figure": "" if base is None else base["figure_id"],
        "base_value": float("nan") if base is None else float(base["value"]),
        "end_figure": end["figure_id"],
        "end_value": float(end["value"]),
        "computed": computed,
        "tolerance": tolerance,
        "tested_against": tested_against,
        "verdict": verdict or (AGREES if agrees else DISAGREES),
        "reason": reason,
        "_rank": _evidence_rank(base, end),
        "_evidence_vintage": _evidence_vintage(base, end),
    }
