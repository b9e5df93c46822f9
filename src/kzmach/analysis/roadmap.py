"""The roadmap's measures analysed: who is responsible, and what has fallen due.

Both functions take the measures already loaded (:func:`kzmach.roadmap_measures`), so the
facade applies the as-of date once.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["bodies_of", "document_record", "due_by", "list_cell", "measures_as_of"]


def bodies_of(measures: pd.DataFrame, glossary: pd.DataFrame) -> pd.DataFrame:
    """Return one row per measure and responsible body.

    Columns: ``measure_no``, ``section``, ``position`` (1 = named first), ``body``, ``lead``,
    ``by_agreement``, and the body's ``kind``, names and abbreviations (``abbreviation_kk``
    as the order writes it, ``abbreviation_ru``, ``abbreviation_en``) from the glossary.
    """
    import pandas as pd

    rows = [
        {
            "measure_no": measure["measure_no"],
            "section": measure["section"],
            "position": position,
            **body,
        }
        for _, measure in measures.iterrows()
        for position, body in enumerate(measure["responsible"], start=1)
    ]
    names = glossary.rename(columns={"abbreviation": "body"})
    names = names.assign(abbreviation_kk=names["body"])
    columns = ["body", "kind", "name_kk", "name_ru", "name_en"]
    columns += [c for c in ("abbreviation_kk", "abbreviation_ru", "abbreviation_en") if c in names]
    return pd.DataFrame(rows).merge(names[columns], on="body", how="left")


def due_by(measures: pd.DataFrame, when: date) -> pd.DataFrame:
    """Return the measures due by ``when``: those with a due date on or before it.

    Adds ``deadlines_passed`` (due dates on or before ``when``), ``deadlines_total``,
    ``last_passed`` (the latest of them), ``next_due`` (the first after ``when``, if any) and
    ``all_passed``. ``status`` stays ``unknown`` unless a sourced status was recorded.
    """
    import pandas as pd

    passed = measures["due_dates"].map(lambda dates: [d for d in dates if d <= when])
    upcoming = measures["due_dates"].map(lambda dates: [d for d in dates if d > when])
    due = measures.assign(
        deadlines_passed=passed.map(len),
        deadlines_total=measures["due_dates"].map(len),
        last_passed=pd.to_datetime(passed.map(lambda d: max(d) if d else None)),
        next_due=pd.to_datetime(upcoming.map(lambda d: min(d) if d else None)),
        all_passed=upcoming.map(lambda d: not d),
    )
    return due[due["deadlines_passed"] > 0].reset_index(drop=True)


def list_cell(value: Any) -> list[Any]:
    """Return a list cell read back from Parquet (an array of items or dicts) as a list."""
    return [] if value is None else [dict(v) if isinstance(v, dict) else v for v in list(value)]


def measures_as_of(measures: pd.DataFrame, when: date | None) -> pd.DataFrame:
    """Return the roadmap's measures with their list cells as lists, as known on ``when``.

    A status recorded after ``when`` reads ``unknown`` (with no date, source or quote); the
    measures themselves are the order's text and are always kept.
    """
    import pandas as pd

    frame = measures.copy()
    frame["due_dates"] = frame["due_dates"].map(list_cell)
    frame["responsible"] = frame["responsible"].map(list_cell)
    if when is None:
        return frame
    later = frame["status_date"].notna() & (frame["status_date"] > pd.Timestamp(when))
    frame.loc[later, "status"] = "unknown"
    frame.loc[later, ["status_source", "status_quote"]] = ""
    frame.loc[later, "status_date"] = pd.NaT
    return frame


def document_record(document: pd.DataFrame) -> dict[str, Any]:
    """Return the one row of ``roadmap_document`` as a dict, its cells as Python values."""
    row: dict[str, Any] = {str(k): v for k, v in document.iloc[0].to_dict().items()}
    row["expected_results"] = [
        {**item, "target_ids": list(item["target_ids"])}
        for item in list_cell(row["expected_results"])
    ]
    for column in ("order_date", "amends_date"):
        row[column] = row[column] if isinstance(row[column], date) else row[column].date()
    return row
