"""The Roadmap for machine building to 2024: its 33 measures, deadlines and responsible bodies.

The measures are parsed from the order itself (seed document 004: order No. 104-ө of the
Prime Minister of 16 June 2022, amending order No. 115-ө of 26 June 2019), never typed by
hand. Three reviewed tables in ``data/raw/roadmap/`` go with it:

``sections.csv``
    The section headings as written, with an id and short names in en/ru/kk for charts.
``glossary.csv``
    Every abbreviation of the order (bodies and terms), with full names in kk/ru/en where
    known and ``unknown`` where not, and how sure the reading is (``confidence``).
``measure-names.csv``
    kzmach's translation of each measure from the Kazakh order: a short name (for charts) in
    en/ru/kk and the full name in en/ru. The Kazakh title stays the order's own words.
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

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import Problem
from kzmach.files import read_csv_table
from kzmach.metadata.vocabulary import GLOSSARY_CONFIDENCE, ROADMAP_STATUSES
from kzmach.paths import ProjectPaths
from kzmach.text.kazakh_dates import Deadline, DeadlineError, parse_date, parse_deadline

if TYPE_CHECKING:
    import pandas as pd


__all__ = [
    "COLUMNS_AS_WRITTEN",
    "ROADMAP_SOURCE_ID",
    "STATUSES",
    "Measure",
    "Responsible",
    "RoadmapDocument",
    "parse_responsible",
    "parse_roadmap",
    "read_glossary",
    "read_measure_names",
    "read_sections",
    "read_status",
]


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
STATUSES: Final = ROADMAP_STATUSES
UNKNOWN: Final = "unknown"
BY_AGREEMENT: Final = "(келісу бойынша)"
GLOSSARY_COLUMNS: Final = (
    "abbreviation",
    "abbreviation_ru",
    "abbreviation_en",
    "kind",
    "name_kk",
    "name_ru",
    "name_en",
    "confidence",
    "note",
)
MEASURE_NAME_COLUMNS: Final = (
    "measure_no",
    "short_en",
    "short_ru",
    "short_kk",
    "name_en",
    "name_ru",
)
#: The longest short name a chart label takes, in characters (two lines at the label width).
SHORT_NAME_CHARS: Final = 46
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
CONFIDENCE: Final = GLOSSARY_CONFIDENCE

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
    lines = text.splitlines()
    header = _SEPARATOR.join(COLUMNS_AS_WRITTEN)
    start = next((i for i, line in enumerate(lines) if line.strip() == header), None)
    if start is None:
        return None, [Problem(file, 0, "", f"the measures table's header {header!r} is missing")]
    table = _MeasuresTable(file, headings)
    for index in range(start + 1, len(lines)):
        table.read(lines[index].strip(), index + 1)
    try:
        document = _document_metadata(text, table.expected, tuple(table.measures))
    except (DeadlineError, ValueError) as error:
        problem = Problem(file, 0, "", f"cannot read the order's metadata: {error}")
        return None, [*table.problems, problem]
    return document, table.problems


class _MeasuresTable:
    """The measures table read line by line: section headings, expected results, measures."""

    def __init__(self, file: str, headings: dict[str, int]) -> None:
        self.file, self.headings = file, headings
        self.measures: list[Measure] = []
        self.problems: list[Problem] = []
        self.expected: tuple[str, ...] = ()
        self.section = 0

    def read(self, line: str, number: int) -> None:
        """Read one line of the table (``number`` counts from 1)."""
        cells = [cell.strip() for cell in line.split("|")]
        if not line or cells == [str(n) for n in range(1, len(COLUMNS_AS_WRITTEN) + 1)]:
            return  # blank, or the row numbering the columns
        if "күтілетін нәтижелер" in line and len(cells) == 1:
            self.expected = tuple(
                item.strip().rstrip(";.") for item in re.split(r"\d\)", line)[1:] if item.strip()
            )
        elif len(cells) == 1:
            if line not in self.headings:
                message = f"section heading {line!r} is not in sections.csv"
                self.problems.append(Problem(self.file, number, "", message))
            self.section = self.headings.get(line, 0)
        elif len(cells) != len(COLUMNS_AS_WRITTEN) or not _MEASURE.fullmatch(cells[0]):
            message = (
                f"expected a numbered row of {len(COLUMNS_AS_WRITTEN)} cells, "
                f"found {len(cells)}: {line[:60]!r}"
            )
            self.problems.append(Problem(self.file, number, COLUMNS_AS_WRITTEN[0], message))
        else:
            self._measure(cells, number)

    def _measure(self, cells: list[str], number: int) -> None:
        """Read a numbered measure's row; a deadline that cannot be read drops the row."""
        measure_no = int(cells[0].rstrip("."))
        if measure_no != len(self.measures) + 1:
            message = f"measure {measure_no} follows measure {len(self.measures)}"
            self.problems.append(Problem(self.file, number, COLUMNS_AS_WRITTEN[0], message))
        if self.section == 0:
            message = f"measure {measure_no} has no section"
            self.problems.append(Problem(self.file, number, "", message))
        try:
            deadline = parse_deadline(cells[3])
        except DeadlineError as error:
            self.problems.append(Problem(self.file, number, COLUMNS_AS_WRITTEN[3], str(error)))
            return
        responsible = parse_responsible(cells[4])
        if not responsible:
            message = "no body is named"
            self.problems.append(Problem(self.file, number, COLUMNS_AS_WRITTEN[4], message))
        self.measures.append(
            Measure(
                measure_no,
                number,
                self.section,
                cells[1],
                cells[2],
                deadline,
                responsible,
                cells[4],
            )
        )


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
    path = paths.raw / "roadmap" / name
    return read_csv_table(path, columns, label=paths.relative(path))


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
        for column in GLOSSARY_COLUMNS[:-2]:
            if not row[column].strip():
                problems.append(Problem(label, line, column, "is empty: write 'unknown'"))
        if row["confidence"] not in CONFIDENCE:
            problems.append(
                Problem(label, line, "confidence", f"must be one of {', '.join(CONFIDENCE)}")
            )
    return pd.DataFrame([row for _, row in rows], columns=list(GLOSSARY_COLUMNS)), problems


def read_measure_names(
    paths: ProjectPaths, measure_count: int
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``measure-names.csv``: every measure once, in order, each name given."""
    import pandas as pd

    rows, problems = _read_csv(paths, "measure-names.csv", MEASURE_NAME_COLUMNS)
    label = paths.relative(paths.raw / "roadmap" / "measure-names.csv")
    for expected, (line, row) in enumerate(rows, start=1):
        if row["measure_no"] != str(expected):
            problems.append(Problem(label, line, "measure_no", f"expected {expected}"))
        for column in MEASURE_NAME_COLUMNS[1:]:
            if not row[column].strip():
                problems.append(Problem(label, line, column, "is empty"))
        for column in MEASURE_NAME_COLUMNS[1:4]:
            if len(row[column]) > SHORT_NAME_CHARS:
                message = f"is longer than {SHORT_NAME_CHARS} characters: a chart cannot show it"
                problems.append(Problem(label, line, column, message))
    if len(rows) != measure_count:
        message = f"{len(rows)} measures named; the order has {measure_count}"
        problems.append(Problem(label, 0, "measure_no", message))
    frame = pd.DataFrame([row for _, row in rows], columns=list(MEASURE_NAME_COLUMNS))
    frame["measure_no"] = pd.to_numeric(frame["measure_no"], errors="coerce").astype("Int64")
    return frame, problems


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
