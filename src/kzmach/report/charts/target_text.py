"""A target's words, as the dashboard, the deck and the notebooks write them.

One place writes what a reader must see beside a target's status wherever it is shown:

* **the headline** (:func:`headline`): the live targets' status by programme first, each
  counted by its ``headline_status`` (a status that flips with the base year counts as
  "depends on base year"), then what the earlier targets achieved;
* **feasibility** (:func:`feasibility_text`): the multiple still needed, called nominal for
  a series in current prices, against the best of the whole record and of the record
  since :data:`~kzmach.metadata.vocabulary.RECENT_RECORD_FROM`;
* **how it is measured** (:func:`measured_how`): the stand-in series with its caveat
  ("HS 84–90 exports, includes re-exports") and the price flag, short
  (:func:`price_flag_short`): the flag of :func:`kzmach.analysis.target_checks.price_flag`
  read back from the gap table, in a few words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from kzmach.analysis.annual import is_missing
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import HEADLINE_STATUSES, MET, RECENT_RECORD_FROM
from kzmach.report.charts.common import status_term
from kzmach.text.translations import format_number, programme_name, term

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["feasibility_text", "headline", "measured_how", "price_flag_short"]

#: The short form of each price flag (the message that wrote it, its short message).
SHORT_FLAGS: Final = {
    "flag_usd": "flag_short_usd",
    "flag_prices": "flag_short_prices",
    "flag_volume": "flag_short_prices",
    "flag_no_real": "flag_short_nominal",
    "flag_no_span": "flag_short_nominal",
    "flag_lacks": "flag_short_nominal",
}


def headline(official: pd.DataFrame, language: str) -> str | None:
    """Write the dashboard's headline: live targets by programme, then earlier ones met.

    ``official`` holds one row per target (its official wording) of the gap table. Live
    targets (``horizon`` live) are counted by ``headline_status``, every status said; the
    earlier ones by what they achieved: met, and met before they were set. None when no
    target is live (the caller then says how many are measurable and met).
    """
    live = official[official["horizon"] == "live"]
    if live.empty:
        return None
    programmes = []
    for programme, targets in live.groupby("programme", sort=False):
        counts = targets["headline_status"].value_counts()
        words = [
            term("headline_count", language, count=int(counts[s]), status=status_term(s, language))
            for s in HEADLINE_STATUSES
            if s in counts
        ]
        programmes.append(
            term(
                "headline_programme",
                language,
                programme=programme_name(str(programme), language),
                counts=", ".join(words),
            )
        )
    past = official[official["horizon"] != "live"]
    early = past["rule_id"] == "met_before_set"
    said = []
    for status in HEADLINE_STATUSES[:-1]:  # not measurable: no finding to headline
        count = int(((past["headline_status"] == status) & ~early).sum())
        if count:
            said.append(
                term("headline_count", language, count=count, status=status_term(status, language))
            )
        if status == MET and early.any():
            apart = term("headline_met_before_set", language)
            said.append(term("headline_count", language, count=int(early.sum()), status=apart))
    if not said:
        return "; ".join(programmes)
    live_words = "; ".join(programmes)
    return term("title_targets_headline", language, live=live_words, past=", ".join(said))


def feasibility_text(row: Any, language: str, *, recent_apart: str = ", ") -> str:
    """Write a target's feasibility: the multiple needed, the best whole and recent records.

    The multiple of a series in current prices (tenge or US dollars) is called nominal. The
    recent record's best is said when the whole record's lies before it (a best window
    since :data:`~kzmach.metadata.vocabulary.RECENT_RECORD_FROM` is both). Empty when the
    target's feasibility was not judged. ``recent_apart`` separates the recent record from
    the whole one (a chart's label puts it on a line of its own).
    """
    if is_missing(row.get("best_multiple")):
        return ""
    nominal = catalogue.get(str(row["measure_with"])).basis == "nominal_value"
    parts = [
        term(
            "label_needed_nominal" if nominal else "label_needed",
            language,
            needed=format_number(float(row["multiple_needed"]), language, 2),
            years=int(row["years_left"]),
        ),
        term(
            "label_best",
            language,
            best=format_number(float(row["best_multiple"]), language, 2),
            window=row["best_window"],
        ),
    ]
    recent = row.get("recent_best_multiple")
    if not is_missing(recent) and int(str(row["best_window"])[:4]) < RECENT_RECORD_FROM:
        # a best window since 2010 is the recent record's too: said once
        parts[-1] += recent_apart + term(
            "label_best_since",
            language,
            since=RECENT_RECORD_FROM,
            best=format_number(float(recent), language, 2),
            window=row["recent_best_window"],
        )
    return "; ".join(parts)


def price_flag_short(row: Any, language: str) -> str:
    """Write a target's price flag in a few words (empty: it has none).

    Examples
    --------
    >>> price_flag_short({"price_flag": "", "measure_with": "exports_hs84_90"}, "en")
    ''
    """
    from kzmach.report.display import SENTENCE_COLUMNS, read_back  # display draws on charts

    flag = row.get("price_flag")
    if is_missing(flag) or not flag:
        return ""
    read = read_back(str(flag), SENTENCE_COLUMNS["price_flag"])
    if read is None:
        return ""
    key, fields = read
    if SHORT_FLAGS[key] == "flag_short_prices":
        return term("flag_short_prices", language, **fields)
    return term(SHORT_FLAGS[key], language)


def measured_how(row: Any, language: str, *, name: bool = True) -> str:
    """Say what a target is measured with when it is a stand-in, and its short price flag.

    A stand-in is a series of another scope than the target's (exports of HS 84–90, a
    product definition, for machine building's exports, an industry definition); its caveat
    follows its name. ``name=False`` leaves the series' name out where it is already shown
    (the dashboard's axis). Empty when neither applies.
    """
    measure_with = "" if is_missing(row.get("measure_with")) else str(row["measure_with"])
    if not measure_with:
        return ""
    said = []
    series = catalogue.get(measure_with)
    if series.scope != catalogue.get(str(row["indicator"])).scope:
        caveat = series.caveat_text(language)
        if name:
            words = f"{series.name(language)}, {caveat}" if caveat else series.name(language)
            said.append(term("target_stand_in", language, series=words))
        elif caveat:
            said.append(caveat)
    flag = price_flag_short(row, language)
    if flag:
        said.append(flag)
    return "; ".join(said)
