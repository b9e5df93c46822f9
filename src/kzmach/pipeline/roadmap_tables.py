"""The roadmap's processed tables: the order's measures joined with its reviewed tables.

Reads the order (:mod:`kzmach.raw.roadmap_order`) and its reviewed tables (sections,
glossary, sourced statuses) and gives the build the ``roadmap_measures``,
``roadmap_glossary`` and ``roadmap_document`` tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzmach.errors import Problem
from kzmach.paths import ProjectPaths
from kzmach.raw.roadmap_order import (
    COLUMNS_AS_WRITTEN,
    ROADMAP_SOURCE_ID,
    UNKNOWN,
    RoadmapDocument,
    parse_roadmap,
    read_glossary,
    read_measure_names,
    read_sections,
    read_status,
)

if TYPE_CHECKING:
    import pandas as pd

    from kzmach.raw.raw_files import Registry

__all__ = ["assemble_roadmap"]


def assemble_roadmap(
    paths: ProjectPaths, registry: Registry, targets: pd.DataFrame
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Parse the order and join its reviewed tables; return the tables and every problem.

    Tables: ``roadmap_measures`` (one row per measure, ``due_dates`` and ``responsible`` as
    lists), ``roadmap_glossary`` and ``roadmap_document`` (one row; the expected results
    with the target ids that register them).
    """
    import pandas as pd

    source = registry.sources.get(ROADMAP_SOURCE_ID)
    text = registry.documents.get(ROADMAP_SOURCE_ID)
    if source is None or text is None:
        return {}, [Problem("data/raw/sources.csv", 0, "source_id", "seed-004 is not registered")]
    file = paths.relative(paths.raw / source.path)
    sections, problems = read_sections(paths)
    glossary, glossary_problems = read_glossary(paths)
    problems += glossary_problems
    headings = {
        str(h): int(n) for h, n in zip(sections["heading_kk"], sections["section_no"], strict=True)
    }
    document, parse_problems = parse_roadmap(text, headings, file)
    problems += parse_problems
    if document is None:
        return {}, problems
    problems += _unknown_bodies(document, set(glossary["abbreviation"]), file)
    status, status_problems = read_status(paths, len(document.measures))
    problems += status_problems
    names, name_problems = read_measure_names(paths, len(document.measures))
    problems += name_problems
    measures = _measures_table(document, sections, status, source)
    translated = names.drop_duplicates("measure_no").set_index("measure_no")
    for column in translated.columns:
        measures[column] = measures["measure_no"].map(translated[column]).fillna("").astype(str)
    expected = _expected_targets(document, targets)
    metadata = pd.DataFrame([_document_row(document, expected, source.title, file)])
    return {
        "roadmap_measures": measures,
        "roadmap_glossary": glossary,
        "roadmap_document": metadata,
    }, problems


def _unknown_bodies(document: RoadmapDocument, known: set[str], file: str) -> list[Problem]:
    """Return a problem for each responsible body the glossary does not list."""
    return [
        Problem(
            file,
            measure.line,
            COLUMNS_AS_WRITTEN[4],
            f"body {body.body!r} is not in data/raw/roadmap/glossary.csv",
        )
        for measure in document.measures
        for body in measure.responsible
        if body.body not in known
    ]


def _document_row(
    document: RoadmapDocument, expected: list[dict[str, Any]], title: str, file: str
) -> dict[str, Any]:
    """Return the one row of ``roadmap_document``: the order's metadata and its results."""
    return {
        "source_id": document.source_id,
        "order_no": document.order_no,
        "order_date": document.order_date,
        "amends_no": document.amends_no,
        "amends_date": document.amends_date,
        "title_kk": document.title_kk,
        "previous_title_kk": document.previous_title_kk,
        "signed_by": document.signed_by,
        "measures": len(document.measures),
        "expected_results": expected,
        "source_title": title,
        "source_file": file,
    }


def _expected_targets(document: RoadmapDocument, targets: pd.DataFrame) -> list[dict[str, Any]]:
    """Link each expected result to the registered targets whose stated value it contains."""
    roadmap = targets[targets["source_id"] == document.source_id]
    linked = []
    for number, result in enumerate(document.expected_results, start=1):
        ids = [
            str(row["target_id"])
            for _, row in roadmap.iterrows()
            if str(row["value_as_written"]) and str(row["value_as_written"]) in result
        ]
        linked.append({"number": number, "text_kk": result, "target_ids": ids})
    return linked


def _measures_table(
    document: RoadmapDocument, sections: pd.DataFrame, status: pd.DataFrame, source: Any
) -> pd.DataFrame:
    import pandas as pd

    latest = status.sort_values("status_date").drop_duplicates("measure_no", keep="last")
    by_measure = {int(row["measure_no"]): row for _, row in latest.iterrows()}
    section_rows = {int(row["section_no"]): row for _, row in sections.iterrows()}
    records = []
    for measure in document.measures:
        section = section_rows[measure.section_no]
        stated = by_measure.get(measure.measure_no)
        records.append(
            {
                "measure_no": measure.measure_no,
                "section_no": measure.section_no,
                "section": section["section_id"],
                "section_kk": section["heading_kk"],
                "section_name_en": section["name_en"],
                "section_name_ru": section["name_ru"],
                "section_name_kk": section["name_kk"],
                "title": measure.title,
                "completion_form": measure.completion_form,
                "deadline_text": measure.deadline.text,
                "due_dates": list(measure.deadline.due_dates),
                "first_due": measure.deadline.due_dates[0],
                "last_due": measure.deadline.due_dates[-1],
                "deadline_precision": measure.deadline.precision,
                "recurring": measure.deadline.recurring,
                "lead": measure.responsible[0].body if measure.responsible else "",
                "responsible": [
                    {"body": r.body, "by_agreement": r.by_agreement, "lead": r.lead}
                    for r in measure.responsible
                ],
                "responsible_text": measure.responsible_text,
                "status": UNKNOWN if stated is None else stated["status"],
                "status_date": None if stated is None else stated["status_date"],
                "status_source": ""
                if stated is None
                else stated["source_url"] or stated["source_title"],
                "status_quote": "" if stated is None else stated["quote"],
                "source_id": ROADMAP_SOURCE_ID,
                "source_line": measure.line,
                "source_published": source.published,
            }
        )
    frame = pd.DataFrame.from_records(records)
    for column in ("first_due", "last_due", "status_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame
