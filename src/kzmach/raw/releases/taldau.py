"""The Taldau portal's downloads and the Bureau's slice JSON.

``taldau-json`` (``Api/GetIndexData``, and the Bureau's ``/api/iblock/element/.../json``
download, which has the same shape): a list of slices ``{"terms", "termNames", "periods"}``
with one to five terms (region, then product, sex, locality, comparison...). Every term is
kept: the first is the territory, the second the code, further ones ``dimensions``; so two
slices differing only in their third term never clash. Periods are read as the portal writes
them (:func:`kzmach.text.periods.written_period`) and kept as written beside.

``taldau-tree-json`` (``NewIndex/GetIndexTreeData``): a list of tree nodes, each with ``id``,
``text`` (the territory, or an item of an opened level such as an ОКЭД section) and
``yMMYYYY`` keys holding the value of the period ending in month MM of year YYYY (``MMYYYY``
beside it is the portal's internal date id). **The answer does not say its period type**: the
request's ``p_period_id`` does (:data:`TREE_PERIOD_TYPES`: 4 a month, 5 a quarter, 6 a
half-year, 7 a year, 8 January to a month, 9 January to a quarter's end). The reader takes
it from the request recorded beside the answer, ``<name>.manifest.json`` with its
``request_body`` (as ``kzmach fetch`` and the public fetchers store it; ``kzmach ingest``
copies it beside the registered file). Without a request, an answer whose every key is a
December is read as years (the portal's annual answers); any other is refused, saying what
to give. A node opened below the root (``p_parent_id`` given, ``idx`` above 0) is an item:
its id and name go to the code, the request's parent to the territory.

Neither file names its indicator or unit: :func:`kzmach.ingest` takes them as ``name`` and
``unit`` and records them; the portal's index id and address likewise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import Problem
from kzmach.raw.releases.bns import read_json
from kzmach.raw.releases.common import ReleaseError, SourceFile, fail, finish, read_text
from kzmach.text.periods import PeriodParseError, parse_period, written_period

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "MANIFEST_SUFFIX",
    "TREE_PERIOD_TYPES",
    "manifest_of",
    "read_taldau",
    "read_taldau_tree",
    "taldau_period",
    "tree_request",
]

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


#: The period type each ``p_period_id`` of a ``GetIndexTreeData`` request asks for, with
#: how the ``yMMYYYY`` key of month MM and year YYYY is written as a kzmach period.
TREE_PERIOD_TYPES: Final[dict[str, str]] = {
    "4": "month",
    "5": "quarter",
    "6": "half",
    "7": "year",
    "8": "month_ytd",
    "9": "quarter_ytd",
}
#: The period types' ids, as a message names them.
_PERIOD_IDS_SAID: Final = (
    "4 month, 5 quarter, 6 half-year, 7 year, 8 January to a month, 9 January to a quarter"
)
#: The months a period of each type may end in.
_TREE_MONTHS: Final[dict[str, frozenset[int]]] = {
    "month": frozenset(range(1, 13)),
    "quarter": frozenset({3, 6, 9, 12}),
    "half": frozenset({6, 12}),
    "year": frozenset({12}),
    "month_ytd": frozenset(range(1, 13)),
    "quarter_ytd": frozenset({3, 6, 9, 12}),
}
#: The file beside an answer that records the request producing it.
MANIFEST_SUFFIX: Final = ".manifest.json"


def manifest_of(path: Path) -> Path:
    """Return where the request of an answer is recorded: ``<stem>.manifest.json`` beside it."""
    return path.with_name(path.stem + MANIFEST_SUFFIX)


def tree_request(source: SourceFile) -> dict[str, str] | None:
    """Return the ``request_body`` recorded beside an answer, or None when none is.

    Raises
    ------
    ReleaseError
        If the manifest is there but unreadable or its ``p_period_id`` is unknown.
    """
    import json

    manifest = manifest_of(source.path)
    if not manifest.is_file():
        return None
    label = str(manifest)
    try:
        body = json.loads(manifest.read_text(encoding="utf-8")).get("request_body")
    except (ValueError, AttributeError, UnicodeDecodeError) as error:
        raise ReleaseError([Problem(label, 0, "", f"not a manifest: {error}")]) from None
    if not isinstance(body, dict) or str(body.get("p_period_id", "")) not in TREE_PERIOD_TYPES:
        raise ReleaseError(
            [Problem(label, 0, "request_body.p_period_id",
                     f"missing or not one of {_PERIOD_IDS_SAID}")]
        )  # fmt: skip
    return {str(k): str(v) for k, v in body.items()}


def _tree_period(kind: str, month: int, year: int) -> tuple[str, str]:
    """Return the kzmach period and the portal's writing of key yMMYYYY for a period type."""
    if kind == "year":
        return f"{year:04d}", f"{year:04d}"
    if kind == "month":
        return f"{year:04d}-{month:02d}", f"{month:02d}.{year:04d}"
    if kind == "quarter":
        return f"{year:04d}-Q{month // 3}", f"{month // 3} квартал {year:04d}"
    if kind == "half":
        return f"{year:04d}-H{month // 6}", f"{month // 6} полугодие {year:04d}"
    # January to the month (or to the quarter's end), as kzmach writes such a span: January
    # alone is the month, to March the first quarter, to June the first half, to December
    # the year
    written = f"01–{month:02d}.{year:04d}"
    short = {1: f"{year:04d}-01", 3: f"{year:04d}-Q1", 6: f"{year:04d}-H1", 12: f"{year:04d}"}
    period = short.get(month, f"{year:04d}-01/{year:04d}-{month:02d}")
    return period, written


def read_taldau_tree(source: SourceFile) -> pl.DataFrame:
    """Read a GetIndexTreeData answer: one row per node and ``yMMYYYY`` key (module docstring).

    Raises
    ------
    ReleaseError
        Naming the file, node and key: not a list of nodes, a value under a key that is no
        period, a month the period type cannot end in, or a month-looking answer without
        the request that tells its period type.
    """
    nodes = read_json(source, read_text(source))
    if not isinstance(nodes, list) or not nodes or not isinstance(nodes[0], dict):
        raise fail(source, 0, "", "expected a non-empty list of tree nodes")
    request = tree_request(source)
    keys = [
        (index, key, _TREE_KEY.match(key))
        for index, node in enumerate(nodes, start=1)
        if isinstance(node, dict)
        for key in sorted(node)
    ]
    for index, key, match in keys:
        if match and not 1 <= int(match[1]) <= 12:
            raise fail(source, index, key, f"the key {key!r} names month {match[1]}")
    months = {int(m[1]) for _, _, m in keys if m}
    if request is not None:
        kind = TREE_PERIOD_TYPES[request["p_period_id"]]
    elif months <= {12}:
        kind = "year"
    else:
        raise fail(
            source, 0, "p_period_id",
            "the answer has months other than December and no request beside it to say "
            f"their period type: put the request's manifest ({manifest_of(source.path).name}, "
            f"with request_body.p_period_id: {_PERIOD_IDS_SAID}) beside the file",
        )  # fmt: skip
    opened = (
        request is not None
        and request.get("p_parent_id", "") != ""
        and (request.get("idx", "0") != "0")
    )
    rows = [
        row
        for index, node in enumerate(nodes, start=1)
        for row in _node_rows(source, index, node, kind, request if opened else None)
    ]
    if not rows:
        raise fail(source, 1, "", "no yMMYYYY value keys in the tree nodes")
    import polars as pl

    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"row": pl.Int64})
    return finish(source, frame, {"period": "yMMYYYY", "value": "yMMYYYY", "unit": "measureName"})


def _node_rows(
    source: SourceFile,
    index: int,
    node: Any,
    kind: str,
    opened: dict[str, str] | None,
) -> list[dict[str, Any]]:
    """Return one node's values, one row per ``yMMYYYY`` key, in the period type asked for."""
    if not isinstance(node, dict):
        raise fail(source, index, "", "a tree node is not an object")
    node_id, name = str(node.get("id", "")).strip(), str(node.get("text", "")).strip()
    rows = []
    for key in sorted(node):
        match = _TREE_KEY.match(key)
        if not match:
            if key.startswith("y") and node[key] not in (None, ""):  # a value, no period
                raise fail(
                    source, index, key,
                    f"the key {key!r} holds a value but is no period (expected yMMYYYY, e.g. "
                    "y122020): the value would be lost",
                )  # fmt: skip
            continue
        month, year = int(match[1]), int(match[2])
        if month not in _TREE_MONTHS[kind]:
            raise fail(
                source, index, key,
                f"the key {key!r} names month {month:02d}, which no {kind} period ends in",
            )  # fmt: skip
        period, written = _tree_period(kind, month, year)
        rows.append(
            {
                "row": index,
                "indicator_name": "",
                "unit": str(node.get("measureName") or ""),
                "period_as_written": written,
                "period_raw": period,
                "period": period,
                "period_type": parse_period(period).type,
                # an opened level's nodes are items (ОКЭД sections) of the request's territory
                "kato": opened["p_term_id"] if opened else node_id,
                "kato_label": "" if opened else name,
                "code": node_id if opened else "",
                "code_label": name if opened else "",
                "value_raw": "" if node[key] is None else str(node[key]).strip(),
                "quote": "",
            }
        )
    return rows
