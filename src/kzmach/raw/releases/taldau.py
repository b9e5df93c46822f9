"""The Taldau portal's slices (JSON)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kzmach.metadata.vocabulary import MONTH_NAMES
from kzmach.raw.releases.bns import read_json
from kzmach.raw.releases.common import SourceFile, fail, finish, read_text

if TYPE_CHECKING:
    import polars as pl

__all__ = ["read_taldau", "taldau_period"]


def taldau_period(name: str, day: str) -> str:
    """Read a Taldau period: ``2021 год`` -> 2021, ``Январь 2021`` -> 202101, else as written."""
    lowered = name.lower().strip()
    year = re.search(r"\d{4}", lowered)
    if year and re.fullmatch(r"\d{4}\s*(год|г\.?|жыл)", lowered):
        return year[0]
    for number, month in enumerate(MONTH_NAMES["ru"], start=1):
        if year and re.fullmatch(rf"{month}\s+\d{{4}}(\s*г\.?)?", lowered):
            return f"{year[0]}{number:02d}"
    return name


def read_taldau(source: SourceFile) -> pl.DataFrame:
    """Read Taldau slices: terms, their names and one value per period."""
    import polars as pl

    slices = read_json(source, read_text(source))
    if not isinstance(slices, list) or not slices:
        raise fail(source, 0, "", "expected a non-empty list of slices")
    rows: list[dict[str, Any]] = []
    for index, piece in enumerate(slices, start=1):
        if not isinstance(piece, dict) or not {"terms", "termNames", "periods"} <= set(piece):
            raise fail(
                source, index, "terms, termNames, periods", "a slice lacks terms/termNames/periods"
            )
        names = [str(n) for n in piece["termNames"]]
        terms = [str(t) for t in piece["terms"]]
        for period in piece["periods"]:
            if not isinstance(period, dict) or "value" not in period or "name" not in period:
                raise fail(source, index, "periods", "a period lacks name or value")
            rows.append(
                {
                    "row": index,
                    "indicator_name": piece.get("name", names[0] if names else ""),
                    "unit": str(piece.get("unit", "")),
                    "period_raw": taldau_period(str(period["name"]), str(period.get("date"))),
                    "kato": terms[0] if terms else "",
                    "kato_label": names[0] if names else "",
                    "code": terms[1] if len(terms) > 1 else "",
                    "code_label": names[1] if len(names) > 1 else "",
                    "value_raw": "" if period["value"] is None else str(period["value"]).strip(),
                    "quote": "",
                }
            )
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"row": pl.Int64})
    return finish(
        source, frame, {"period": "periods.name", "value": "periods.value", "unit": "unit"}
    )
