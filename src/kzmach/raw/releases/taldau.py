"""The Taldau portal's downloads and the Bureau's slice JSON.

``taldau-json`` (``Api/GetIndexData``, and the Bureau's ``/api/iblock/element/.../json``
download, which has the same shape): a list of slices ``{"terms", "termNames", "periods"}``
with one to five terms (region, then product, sex, locality, comparison...). Every term is
kept: the first is the territory, the second the code, further ones ``dimensions``; so two
slices differing only in their third term never clash. Periods are read as the portal writes
them (:func:`kzmach.text.periods.written_period`) and kept as written beside.

``taldau-tree-json`` (``NewIndex/GetIndexTreeData``): a list of tree nodes, each with ``id``,
``text`` (the territory) and ``yMMYYYY`` keys holding the value of the period ending in month
MM of year YYYY (``y122020``: the year 2020).

Neither file names its indicator or unit: :func:`kzmach.ingest` takes them as ``name`` and
``unit`` and records them; the portal's index id and address likewise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from kzmach.raw.releases.bns import read_json
from kzmach.raw.releases.common import ReleaseError, SourceFile, fail, finish, read_text
from kzmach.text.periods import PeriodParseError, parse_period, written_period

if TYPE_CHECKING:
    import polars as pl

__all__ = ["read_taldau", "read_taldau_tree", "taldau_period"]

_TREE_KEY: Final = re.compile(r"^y(\d{2})(\d{4})$")


def taldau_period(name: str) -> tuple[str, str] | None:
    """Read a portal period (``2004 год``, ``4 квартал 2015 г.``) as (period, period type)."""
    period = written_period(name)
    if period is None:
        return None
    try:
        return period, parse_period(period).type
    except PeriodParseError:
        return None


def _typed(source: SourceFile, rows: list[dict[str, Any]], column: str) -> pl.DataFrame:
    """Parse every row's period; refuse the file naming the rows whose period is unknown."""
    import polars as pl

    from kzmach.errors import Problem

    problems = []
    for row in rows:
        parsed = taldau_period(row["period_as_written"])
        if parsed is None:
            problems.append(
                Problem(
                    source.label,
                    int(row["row"]),
                    column,
                    f"unknown period {row['period_as_written']!r} (expected e.g. 2004 год, "
                    "4 квартал 2015 г., I полугодие 2008 года, 9 месяцев 2008 года)",
                )
            )
            continue
        row["period"], row["period_type"] = parsed
        row["period_raw"] = parsed[0]
    if problems:
        raise ReleaseError(problems[:20])
    return pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"row": pl.Int64})


def read_taldau(source: SourceFile) -> pl.DataFrame:
    """Read slices: every term kept, each period as the portal writes it."""
    slices = read_json(source, read_text(source))
    if not isinstance(slices, list) or not slices:
        raise fail(source, 0, "", "expected a non-empty list of slices")
    rows: list[dict[str, Any]] = []
    for index, piece in enumerate(slices, start=1):
        if not isinstance(piece, dict) or not {"terms", "termNames", "periods"} <= set(piece):
            raise fail(
                source, index, "terms, termNames, periods", "a slice lacks terms/termNames/periods"
            )
        names = [str(n).strip() for n in piece["termNames"]]
        terms = [str(t).strip() for t in piece["terms"]]
        dimensions = "; ".join(
            f"{term}: {name}" for term, name in zip(terms[2:], names[2:], strict=False)
        )
        for period in piece["periods"]:
            if not isinstance(period, dict) or "value" not in period or "name" not in period:
                raise fail(source, index, "periods", "a period lacks name or value")
            rows.append(
                {
                    "row": index,
                    "indicator_name": str(piece.get("name", "")),
                    "unit": str(piece.get("unit", "")),
                    "period_as_written": str(period["name"]).strip(),
                    "kato": terms[0] if terms else "",
                    "kato_label": names[0] if names else "",
                    "code": terms[1] if len(terms) > 1 else "",
                    "code_label": names[1] if len(names) > 1 else "",
                    "dimensions": dimensions,
                    "value_raw": "" if period["value"] is None else str(period["value"]).strip(),
                    "quote": "",
                }
            )
    frame = _typed(source, rows, "periods.name")
    return finish(
        source, frame, {"period": "periods.name", "value": "periods.value", "unit": "unit"}
    )


def read_taldau_tree(source: SourceFile) -> pl.DataFrame:
    """Read a GetIndexTreeData reply: one row per node and ``yMMYYYY`` key."""
    nodes = read_json(source, read_text(source))
    if not isinstance(nodes, list) or not nodes or not isinstance(nodes[0], dict):
        raise fail(source, 0, "", "expected a non-empty list of tree nodes")
    rows: list[dict[str, Any]] = []
    for index, node in enumerate(nodes, start=1):
        if not isinstance(node, dict):
            raise fail(source, index, "", "a tree node is not an object")
        for key in sorted(node):
            match = _TREE_KEY.match(key)
            if not match:
                if key.startswith("y") and node[key] not in (None, ""):  # a value, no period
                    raise fail(
                        source,
                        index,
                        key,
                        f"the key {key!r} holds a value but is no period "
                        "(expected yMMYYYY, e.g. y122020): the value would be lost",
                    )
                continue
            month, year = int(match[1]), match[2]
            if not 1 <= month <= 12:
                raise fail(source, index, key, f"the key {key!r} names month {month:02d}")
            written = year if month == 12 else f"{month:02d}.{year}"
            period = year if month == 12 else f"{year}-01/{year}-{month:02d}"
            rows.append(
                {
                    "row": index,
                    "indicator_name": "",
                    "unit": str(node.get("measureName") or ""),
                    "period_as_written": written,
                    "period_raw": period,
                    "period": period,
                    "period_type": parse_period(period).type,
                    "kato": str(node.get("id", "")).strip(),
                    "kato_label": str(node.get("text", "")).strip(),
                    "code": "",
                    "code_label": "",
                    "value_raw": "" if node[key] is None else str(node[key]).strip(),
                    "quote": "",
                }
            )
    if not rows:
        raise fail(source, 1, "", "no yMMYYYY value keys in the tree nodes")
    import polars as pl

    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"row": pl.Int64})
    return finish(source, frame, {"period": "yMMYYYY", "value": "yMMYYYY", "unit": "measureName"})
