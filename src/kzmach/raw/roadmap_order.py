"""The Roadmap for machine building to 2024: its 33 measures, deadlines and responsible bodies.

The measures are parsed from the order itself (seed document 004: order No. 104-ө of the
Prime Minister of 16 June 2022, amending order No. 115-ө of 26 June 2019), never typed by
hand. Three reviewed tables in ``data/raw/roadmap/`` go with it:

``sections.csv``
    The section headings as written, with an id and short names in en/ru/kk for charts.
``glossary.csv``
    Every abbreviation of the order (bodies and terms), with full names in kk/ru/en where
    known and ``unknown`` where not, and how sure the reading is (``confidence``).
``measure-status.csv``
    Completion status as published elsewhere, one row per statement with its source and
    quote. The order says nothing about completion, so this starts empty and every measure
    is ``unknown`` until a sourced row says otherwise.

Conventions
-----------
* The **lead body** is the first body named: the order names no lead, and the first-named
  executor coordinates by the convention of Kazakh government plans.
* ``by_agreement`` marks a body followed by "(келісу бойынша)": one outside the government's
  line of command (a company, a chamber, an association), taking part by agreement.
* A deadline of a month is due on its last day; its ``deadline_precision`` says so.
* A measure is **due by** a date when at least one of its due dates is on or before it.

Everything here reads the processed tables (built by :func:`kzmach.build`), so the parser
runs once per build and a phrase it cannot read fails the build, quoted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import Problem
from kzmach.paths import ProjectPaths
from kzmach.raw.raw_files import read_csv_table
from kzmach.text.kazakh_dates import Deadline, DeadlineError, parse_date, parse_deadline

if TYPE_CHECKING:
    import pandas as pd

    from kzmach.raw.raw_files import Registry

__all__ = [
    "COLUMNS_AS_WRITTEN",
    "ROADMAP_SOURCE_ID",
    "STATUSES",
    "Measure",
    "Responsible",
    "RoadmapDocument",
    "assemble_roadmap",
    "bodies_of",
    "due_by",
    "parse_responsible",
    "parse_roadmap",
    "roadmap_bodies",
    "roadmap_document",
    "roadmap_due",
    "roadmap_glossary",
    "roadmap_measures",
]

Root = str | os.PathLike[str] | None

#: The order's source id in ``data/raw/sources.csv``.
ROADMAP_SOURCE_ID: Final = "seed-004"
#: The table's column headings as written in the order.
COLUMNS_AS_WRITTEN: Final = (
    "Р/с №",
    "Атауы",
    "Аяқталу нысаны",
    "Орындау мерзімі",
    "Жауапты орындаушылар",
)
#: Statuses a row of ``measure-status.csv`` may record; a measure without one is ``unknown``.
STATUSES: Final = ("completed", "partly_completed", "in_progress", "not_completed", "cancelled")
UNKNOWN: Final = "unknown"
BY_AGREEMENT: Final = "(келісу бойынша)"
GLOSSARY_COLUMNS: Final = (
    "abbreviation",
    "kind",
    "name_kk",
    "name_ru",
    "name_en",
    "confidence",
    "note",
)
SECTION_COLUMNS: Final = ("section_no", "section_id", "heading_kk", "name_en", "name_ru", "name_kk")
STATUS_COLUMNS: Final = (
    "measure_no",
    "status",
    "status_date",
    "source_url",
    "source_title",
    "quote",
    "note",
)
CONFIDENCE: Final = ("established", "probable", UNKNOWN)

_SEPARATOR: Final = "\t|\t"
_MEASURE: Final = re.compile(r"(?P<no>\d+)\.")
_ORDER: Final = re.compile(r"(?P<date>\d{4} жылғы \d{1,2} \w+)\s*№\s*(?P<no>\d+-ө)")


@dataclass(frozen=True, slots=True)
class Responsible:
    """One body named as responsible for a measure."""

    body: str
    by_agreement: bool
    lead: bool


@dataclass(frozen=True, slots=True)
class Measure:
    """One row of the order's table, read."""

    measure_no: int
    line: int
    section_no: int
    title: str
    completion_form: str
    deadline: Deadline
    responsible: tuple[Responsible, ...]
    responsible_text: str


@dataclass(frozen=True, slots=True)
class RoadmapDocument:
    """What the order says about itself, read from its text."""

    order_no: str
    order_date: date
    amends_no: str
    amends_date: date
    title_kk: str
    previous_title_kk: str
    signed_by: str
    expected_results: tuple[str, ...]
    source_id: str = ROADMAP_SOURCE_ID
    measures: tuple[Measure, ...] = field(default_factory=tuple)


def parse_responsible(text: str) -> tuple[Responsible, ...]:
    """Split the "responsible executors" cell into bodies, in the order written.

    Bodies are separated by commas; the order also runs two together after
    "(келісу бойынша)" without a comma, or separates them with a full stop, and both are read
    as a separator. Spaces are normalised; the first body is the lead.
    """
    marked = re.sub(re.escape(BY_AGREEMENT) + r"\s*[,.]?", BY_AGREEMENT + ",", text)
    parts = [re.sub(r"\s+", " ", part).strip().rstrip(".").strip() for part in marked.split(",")]
    bodies: list[Responsible] = []
    for part in filter(None, parts):
        agreed = part.endswith(BY_AGREEMENT)
        name = part.removesuffix(BY_AGREEMENT).strip()
        bodies.append(Responsible(name, agreed, lead=not bodies))
    return tuple(bodies)


def parse_roadmap(
    text: str, headings: dict[str, int], file: str = "roadmap"
) -> tuple[RoadmapDocument | None, list[Problem]]:
    """Read the order: its own metadata and every measure of its table.

    Parameters
    ----------
    text
        The order's text (seed document 004).
    headings
        Section headings as written, mapped to their section number (``sections.csv``).
    file
        The file's name, for problems.

    Returns
    -------
    The document with its measures (None when its metadata cannot be read) and the
    problems found, each naming the file, line and column.
    """
    problems: list[Problem] = []
    lines = text.splitlines()
    header = _SEPARATOR.join(COLUMNS_AS_WRITTEN)
    start = next((i for i, line in enumerate(lines) if line.strip() == header), None)
    if start is None:
        return None, [Problem(file, 0, "", f"the measures table's header {header!r} is missing")]
    measures: list[Measure] = []
    expected: tuple[str, ...] = ()
    section = 0
    for index in range(start + 1, len(lines)):
        line, number = lines[index].strip(), index + 1
        if not line:
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if cells == [str(n) for n in range(1, len(COLUMNS_AS_WRITTEN) + 1)]:
            continue  # the row numbering the columns
        if "күтілетін нәтижелер" in line and len(cells) == 1:
            expected = tuple(
                item.strip().rstrip(";.") for item in re.split(r"\d\)", line)[1:] if item.strip()
            )
            continue
        if len(cells) == 1:
            if line not in headings:
                problems.append(
                    Problem(file, number, "", f"section heading {line!r} is not in sections.csv")
                )
            section = headings.get(line, 0)
            continue
        if len(cells) != len(COLUMNS_AS_WRITTEN) or not _MEASURE.fullmatch(cells[0]):
            problems.append(
                Problem(
                    file,
                    number,
                    COLUMNS_AS_WRITTEN[0],
                    f"expected a numbered row of {len(COLUMNS_AS_WRITTEN)} cells, "
                    f"found {len(cells)}: {line[:60]!r}",
                )
            )
            continue
        measure_no = int(cells[0].rstrip("."))
        if measure_no != len(measures) + 1:
            problems.append(
                Problem(
                    file,
                    number,
                    COLUMNS_AS_WRITTEN[0],
                    f"measure {measure_no} follows measure {len(measures)}",
                )
            )
        if section == 0:
            problems.append(Problem(file, number, "", f"measure {measure_no} has no section"))
        try:
            deadline = parse_deadline(cells[3])
        except DeadlineError as error:
            problems.append(Problem(file, number, COLUMNS_AS_WRITTEN[3], str(error)))
            continue
        responsible = parse_responsible(cells[4])
        if not responsible:
            problems.append(Problem(file, number, COLUMNS_AS_WRITTEN[4], "no body is named"))
        measures.append(
            Measure(
                measure_no, number, section, cells[1], cells[2], deadline, responsible, cells[4]
            )
        )
    try:
        document = _document_metadata(text, expected, tuple(measures))
    except (DeadlineError, ValueError) as error:
        return None, [*problems, Problem(file, 0, "", f"cannot read the order's metadata: {error}")]
    return document, problems


def _document_metadata(
    text: str, expected: tuple[str, ...], measures: tuple[Measure, ...]
) -> RoadmapDocument:
    orders: dict[str, tuple[str, date]] = {}
    for match in _ORDER.finditer(text):
        after = text[match.end() : match.end() + 40]
        if re.match(r"\s*өкіміне\s*қосымша", after):
            orders.setdefault("this", (match["no"], parse_date(match["date"])))
        elif re.match(r"\s*өкіміне\s+мынадай өзгерістер", after):
            orders.setdefault("amended", (match["no"], parse_date(match["date"])))
    if set(orders) != {"this", "amended"}:
        raise ValueError(f"found the orders {sorted(orders)}, expected this one and the amended")
    previous = re.match(r'"(?P<title>[^"\n]+)"', text)
    retitled = re.search(r'тақырыбы мынадай редакцияда жазылсын:\s*"(?P<title>[^"\n]+)"', text)
    signed = re.search(r"Премьер-Министр\t\|\t(?P<name>[^\n]+)", text)
    if previous is None or retitled is None or signed is None:
        raise ValueError("the previous title, the new title or the signatory is missing")
    return RoadmapDocument(
        order_no=orders["this"][0],
        order_date=orders["this"][1],
        amends_no=orders["amended"][0],
        amends_date=orders["amended"][1],
        title_kk=retitled["title"],
        previous_title_kk=previous["title"],
        signed_by=signed["name"].strip(),
        expected_results=expected,
        measures=measures,
    )


def _read_csv(
    paths: ProjectPaths, name: str, columns: Sequence[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    return read_csv_table(paths, paths.raw / "roadmap" / name, columns)


def read_sections(paths: ProjectPaths) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``sections.csv``: section numbers 1..n in order, unique ids and headings."""
    import pandas as pd

    rows, problems = _read_csv(paths, "sections.csv", SECTION_COLUMNS)
    label = paths.relative(paths.raw / "roadmap" / "sections.csv")
    for expected, (line, row) in enumerate(rows, start=1):
        if row["section_no"] != str(expected):
            problems.append(Problem(label, line, "section_no", f"expected {expected}"))
        for column in SECTION_COLUMNS:
            if not row[column].strip():
                problems.append(Problem(label, line, column, "is empty"))
    frame = pd.DataFrame([row for _, row in rows], columns=list(SECTION_COLUMNS))
    frame["section_no"] = pd.to_numeric(frame["section_no"], errors="coerce").astype("Int64")
    for column in ("section_id", "heading_kk"):
        for value in frame.loc[frame[column].duplicated(), column]:
            problems.append(Problem(label, 0, column, f"{value!r} appears twice"))
    return frame, problems


def read_glossary(paths: ProjectPaths) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``glossary.csv``: unique abbreviations, every name given or ``unknown``."""
    import pandas as pd

    rows, problems = _read_csv(paths, "glossary.csv", GLOSSARY_COLUMNS)
    label = paths.relative(paths.raw / "roadmap" / "glossary.csv")
    seen: set[str] = set()
    for line, row in rows:
        if row["abbreviation"] in seen:
            problems.append(Problem(label, line, "abbreviation", "appears twice"))
        seen.add(row["abbreviation"])
        for column in ("abbreviation", "kind", "name_kk", "name_ru", "name_en"):
            if not row[column].strip():
                problems.append(Problem(label, line, column, "is empty: write 'unknown'"))
        if row["confidence"] not in CONFIDENCE:
            problems.append(
                Problem(label, line, "confidence", f"must be one of {', '.join(CONFIDENCE)}")
            )
    return pd.DataFrame([row for _, row in rows], columns=list(GLOSSARY_COLUMNS)), problems


def read_status(paths: ProjectPaths, measure_count: int) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``measure-status.csv``: each status a known one, dated, sourced and quoted."""
    import pandas as pd

    rows, problems = _read_csv(paths, "measure-status.csv", STATUS_COLUMNS)
    label = paths.relative(paths.raw / "roadmap" / "measure-status.csv")
    kept: list[dict[str, Any]] = []
    for line, row in rows:
        found = len(problems)
        if not row["measure_no"].isdigit() or not 1 <= int(row["measure_no"]) <= measure_count:
            problems.append(
                Problem(label, line, "measure_no", f"must be a measure from 1 to {measure_count}")
            )
        if row["status"] not in STATUSES:
            problems.append(Problem(label, line, "status", f"must be one of {', '.join(STATUSES)}"))
        try:
            stated = date.fromisoformat(row["status_date"])
        except ValueError:
            problems.append(Problem(label, line, "status_date", "must be a date (YYYY-MM-DD)"))
        if not (row["source_url"].strip() or row["source_title"].strip()):
            problems.append(Problem(label, line, "source_url", "a status needs its source"))
        if not row["quote"].strip():
            problems.append(Problem(label, line, "quote", "a status needs the sentence stating it"))
        if len(problems) == found:
            kept.append({**row, "measure_no": int(row["measure_no"]), "status_date": stated})
    return pd.DataFrame(kept, columns=list(STATUS_COLUMNS)), problems


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
    known = set(glossary["abbreviation"])
    for measure in document.measures:
        for body in measure.responsible:
            if body.body not in known:
                problems.append(
                    Problem(
                        file,
                        measure.line,
                        COLUMNS_AS_WRITTEN[4],
                        f"body {body.body!r} is not in data/raw/roadmap/glossary.csv",
                    )
                )
    status, status_problems = read_status(paths, len(document.measures))
    problems += status_problems
    measures = _measures_table(document, sections, status, source)
    expected = _expected_targets(document, targets)
    metadata = pd.DataFrame(
        [
            {
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
                "source_title": source.title,
                "source_file": file,
            }
        ]
    )
    return {
        "roadmap_measures": measures,
        "roadmap_glossary": glossary,
        "roadmap_document": metadata,
    }, problems


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


# --- the API notebooks use -----------------------------------------------------------------


def _table(name: str, root: Root) -> pd.DataFrame:
    from kzmach.data import _read

    frame: pd.DataFrame = _read(name, "pandas", root)
    return frame


def _listed(value: Any) -> list[Any]:
    return [] if value is None else [dict(v) if isinstance(v, dict) else v for v in list(value)]


def roadmap_measures(root: Root = None) -> pd.DataFrame:
    """Return the roadmap's measures, one row per measure.

    Columns: ``measure_no``, ``section`` (id), ``section_kk`` (heading as written),
    ``section_name_en``/``_ru``/``_kk`` (short names for charts, from ``sections.csv``),
    ``title`` and ``completion_form`` (Kazakh, as written), ``deadline_text`` (as written),
    ``due_dates`` (list of dates), ``first_due``, ``last_due``, ``deadline_precision``,
    ``recurring``, ``lead`` (first-named body), ``responsible`` (list of
    ``{"body", "by_agreement", "lead"}``), ``status`` (``unknown`` unless sourced), its date,
    source and quote, and the order's ``source_id`` and line.
    """
    frame = _table("roadmap_measures", root)
    frame["due_dates"] = frame["due_dates"].map(_listed)
    frame["responsible"] = frame["responsible"].map(_listed)
    return frame


def roadmap_bodies(root: Root = None) -> pd.DataFrame:
    """Return one row per measure and responsible body.

    Columns: ``measure_no``, ``section``, ``position`` (1 = named first), ``body``, ``lead``,
    ``by_agreement``, and the body's ``kind`` and names from the glossary.
    """
    return bodies_of(roadmap_measures(root), roadmap_glossary(root))


def bodies_of(measures: pd.DataFrame, glossary: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`roadmap_bodies` for ``measures`` and ``glossary`` already loaded."""
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


def roadmap_glossary(root: Root = None) -> pd.DataFrame:
    """Return the glossary of the order's abbreviations (names ``unknown`` where unknown)."""
    return _table("roadmap_glossary", root)


def roadmap_document(root: Root = None) -> dict[str, Any]:
    """Return the order's metadata, read from its text.

    Keys: ``order_no`` and ``order_date``, ``amends_no`` and ``amends_date`` (the order it
    amends), ``title_kk`` (the new title), ``previous_title_kk``, ``signed_by``, ``measures``
    (count) and ``expected_results`` (the 2024 results, each with the ids of the targets in
    ``data/raw/targets.csv`` that register it).
    """
    row = _table("roadmap_document", root).iloc[0].to_dict()
    row["expected_results"] = [
        {**item, "target_ids": list(item["target_ids"])}
        for item in _listed(row["expected_results"])
    ]
    for column in ("order_date", "amends_date"):
        row[column] = row[column] if isinstance(row[column], date) else row[column].date()
    return row


def roadmap_due(as_of: date | str, root: Root = None) -> pd.DataFrame:
    """Return the measures due by ``as_of``: those with a due date on or before it.

    Adds ``deadlines_passed`` (due dates on or before ``as_of``), ``deadlines_total``,
    ``last_passed`` (the latest of them), ``next_due`` (the first after ``as_of``, if any) and
    ``all_passed``. ``status`` stays ``unknown`` unless a sourced status was recorded.
    """
    when = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return due_by(roadmap_measures(root), when)


def due_by(measures: pd.DataFrame, when: date) -> pd.DataFrame:
    """Return :func:`roadmap_due` for ``measures`` already loaded."""
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
