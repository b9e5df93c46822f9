"""The roadmap's measures analysed: who is responsible, and what has fallen due.

Both functions take the measures already loaded (:func:`kzmach.roadmap_measures`), so the
facade applies the as-of date once.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["bodies_of", "due_by"]


def bodies_of(measures: pd.DataFrame, glossary: pd.DataFrame) -> pd.DataFrame:
    """Return one row per measure and responsible body.

    Columns: ``measure_no``, ``section``, ``position`` (1 = named first), ``body``, ``lead``,
    ``by_agreement``, and the body's ``kind`` and names from the glossary.
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
    return pd.DataFrame(rows).merge(
        names[["body", "kind", "name_kk", "name_ru", "name_en"]], on="body", how="left"
    )


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
