"""The briefing deck: ``reports/briefing.pptx`` written with python-pptx.

Slides, in order: a title slide with the data's as-of date; one slide per chart (in the
order of :data:`kzmach.report.charts.CHARTS`) with the chart's message title, the chart picture (alt
text set), and speaker notes carrying its sources, caveats and provenance; and the target-gap
table, split over as many slides as it needs. Everything is read from the charts' JSON
sidecars, so the deck shows exactly what was exported.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.analysis.annual import is_missing
from kzmach.metadata.vocabulary import LANGUAGE_TAGS
from kzmach.report.charts.common import status_term
from kzmach.report.charts.data import WORKBOOK, sheet_name
from kzmach.report.charts.footer import source_label, source_title
from kzmach.report.charts.target_text import feasibility_text, measured_how
from kzmach.report.display import SENTENCE_COLUMNS, said_again, target_rule
from kzmach.text.translations import check_language, programme_name, term, unit_name

if TYPE_CHECKING:
    import pandas as pd

SLIDE_WIDTH_IN: Final = 13.333
SLIDE_HEIGHT_IN: Final = 7.5
TABLE_ROWS_PER_SLIDE: Final = 7  # two-line targets (with their stand-in) still fit
#: The chart footer's size on a slide, in points: readable from the back of a room.
FOOTER_SLIDE_PT: Final = 9.0
#: About how many characters of the footer fit on a line across the slide at that size.
_FOOTER_LINE_CHARS: Final = 190


def _grey() -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor(0x55, 0x55, 0x55)


@dataclass(frozen=True, slots=True)
class DeckSummary:
    """What the deck holds: its path and each slide's title."""

    path: Path
    slide_titles: tuple[str, ...]


def read_sidecars(figures_dir: Path, language: str, order: Sequence[str]) -> list[dict[str, Any]]:
    """Return the sidecars of ``language`` in ``figures_dir``, charts of ``order`` first."""
    found = {}
    for path in sorted(figures_dir.glob(f"*_{language}.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("language") == language and "files" in record:
            found[record["name"]] = record
    ranked = [name for name in order if name in found] + sorted(set(found) - set(order))
    return [found[name] for name in ranked]


def speaker_notes(record: dict[str, Any], language: str) -> str:
    """Write a chart slide's notes: sources with their addresses, caveats, provenance."""
    lines = [f"{term('sources', language)}:"]
    for source in record["sources"]:
        where = f" {source['url']}" if source.get("url") else ""
        published = f" ({source['published']})" if source.get("published") else ""
        publisher = source_label(source["publisher"], language)
        lines.append(f"- {publisher}{published}: {source_title(source, language)}.{where}")
    if record.get("caveats"):
        lines.append(f"{term('caveats', language)}:")
        lines.extend(f"- {note}" for note in record["caveats"])
    lines.append(  # ids, releases and hashes stay in the sidecar, the CSV and the workbook
        term(
            "notes_provenance",
            language,
            as_of=_date_text(record["data_as_of"], language),
            generated=_date_text(record["generated_at"], language),
        )
    )
    table = record.get("files", {}).get("csv")
    if table:
        lines.append(
            term(
                "notes_values",
                language,
                csv=table,
                workbook=WORKBOOK,
                sheet=sheet_name(str(record["name"]), language),
            )
        )
    return "\n".join(lines)


def _date_text(value: str, language: str) -> str:
    """Write an ISO date (or timestamp) as people write it; anything else as it is."""
    from datetime import date

    from kzmach.text.periods import written_date

    try:
        return written_date(date.fromisoformat(str(value)[:10]), language)
    except ValueError:
        return str(value)


def _target_text(row: Any, language: str) -> str:
    from kzmach.metadata.catalogue import get
    from kzmach.report.charts.style import format_bn_kzt, format_number

    name = get(str(row["indicator"])).name(language)
    if not is_missing(row["target_multiple"]):
        value = f"×{format_number(float(row['target_multiple']), language, 1)}"
    elif row["unit"] == "bn KZT":
        value = f"{format_bn_kzt(float(row['target_value']), language)} {term('tenge', language)}"
    else:
        value = f"{format_number(float(row['target_value']), language, 1)} " + unit_name(
            str(row["unit"]), language
        )
    text = f"{name}: {value}, {int(row['target_year'])}"
    if row.get("wording", "official") != "official":
        text += f" ({term('other_wording', language)})"
    return text


def _year(value: Any) -> str:
    return "–" if is_missing(value) else str(int(value))


def _alt_status(row: Any, language: str) -> str:
    """Write the status under the other base year, with that year, or a dash."""
    if is_missing(row.get("alt_base_year")) or not row.get("alt_status"):
        return "–"
    return f"{int(row['alt_base_year'])}: {status_term(str(row['alt_status']), language)}"


def _target_note(row: Any, language: str) -> str:
    """Write a target's speaker note: its status and rule, price flag and feasibility."""
    status = status_term(str(row["status"]), language)
    note = f"{_target_text(row, language)}: {status}: {target_rule(row, language)}"
    said = [said_again(row["price_flag"], SENTENCE_COLUMNS["price_flag"], language)]
    said.append(feasibility_text(row, language))
    return "; ".join([note, *(str(words) for words in said if words)])


def _pace(value: Any, language: str) -> str:
    from kzmach.report.charts.style import format_number

    if is_missing(value):
        return "–"
    return format_number(float(value), language, 1)


def build_deck(
    sidecars: Sequence[dict[str, Any]],
    figures_dir: Path,
    output: Path,
    *,
    language: str = "en",
    as_of: str,
    built: str,
    target_gaps: pd.DataFrame,
) -> DeckSummary:
    """Write the briefing deck to ``output`` (atomically): one slide per sidecar, in order.

    ``sidecars`` come from :func:`read_sidecars` on ``figures_dir``, which holds their
    images. ``as_of`` is the data's as-of date shown on the title slide; ``target_gaps`` is
    the frame of :func:`kzmach.analysis.target_gap.target_gap` for the table slides.
    """
    from pptx import Presentation
    from pptx.util import Inches

    from kzmach._version import __version__
    from kzmach.files import atomic_write_bytes

    check_language(language)
    deck = Presentation()
    deck.slide_width = Inches(SLIDE_WIDTH_IN)
    deck.slide_height = Inches(SLIDE_HEIGHT_IN)
    titles: list[str] = []

    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = term("deck_title", language)
    cover.placeholders[1].text = term(
        "deck_subtitle", language, as_of=as_of, built=built, version=__version__
    )
    _fit_placeholders(cover)
    titles.append(cover.shapes.title.text)

    titles += [_chart_slide(deck, record, figures_dir, language) for record in sidecars]
    titles += _target_slides(deck, target_gaps, language)
    _mark_language(deck, language)

    buffer = io.BytesIO()
    deck.save(buffer)
    atomic_write_bytes(output, buffer.getvalue())
    return DeckSummary(output, tuple(titles))


def _chart_slide(deck: Any, record: dict[str, Any], figures_dir: Path, language: str) -> str:
    """Add a chart's slide: its title, its picture (with its alt text) and speaker notes."""
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    _title(slide, record["title"])
    image = figures_dir / record["files"]["slide"]
    footer = str(record.get("footer", ""))
    lines = sum(max(1, math.ceil(len(p) / _FOOTER_LINE_CHARS)) for p in footer.splitlines())
    footer_in = lines * FOOTER_SLIDE_PT * 1.25 / 72 + 0.1
    box = slide.shapes.add_textbox(
        Inches(0.4),
        Inches(SLIDE_HEIGHT_IN - 0.1 - footer_in),
        Inches(SLIDE_WIDTH_IN - 0.8),
        Inches(footer_in),
    )
    box.name = "Sources"
    box.text_frame.word_wrap = True
    box.text_frame.text = footer
    for paragraph in box.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(FOOTER_SLIDE_PT)
            run.font.color.rgb = _grey()
    top = Inches(1.45)
    height = Inches(SLIDE_HEIGHT_IN - 0.15 - footer_in) - top
    picture = slide.shapes.add_picture(str(image), 0, top, height=height)
    if picture.width > Inches(SLIDE_WIDTH_IN - 0.4):
        scale = Inches(SLIDE_WIDTH_IN - 0.4) / picture.width
        picture.width = int(picture.width * scale)
        picture.height = int(picture.height * scale)
    picture.left = int((deck.slide_width - picture.width) / 2)
    picture._element.nvPicPr.cNvPr.set("descr", record["alt_text"])
    picture._element.nvPicPr.cNvPr.set("title", record["title"])
    slide.notes_slide.notes_text_frame.text = speaker_notes(record, language)
    return str(record["title"])


def _target_slides(deck: Any, target_gaps: pd.DataFrame, language: str) -> list[str]:
    """Add the target-gap table, :data:`TABLE_ROWS_PER_SLIDE` targets a slide; return titles."""
    from pptx.util import Inches

    from kzmach.report.charts.style import STATUS_COLOURS

    official = target_gaps[target_gaps["wording"] == "official"]
    others = target_gaps[target_gaps["wording"] != "official"]
    pages = max(1, math.ceil(len(official) / TABLE_ROWS_PER_SLIDE))
    columns = (
        "col_programme",
        "col_target",
        "col_base",
        "col_required",
        "col_achieved",
        "col_status",
        "col_alt_status",
    )
    header = [term(key, language) for key in columns]
    widths = (2.0, 3.9, 0.9, 1.35, 1.55, 1.3, 1.5)
    titles = []
    for page in range(pages):
        chunk = official.iloc[page * TABLE_ROWS_PER_SLIDE : (page + 1) * TABLE_ROWS_PER_SLIDE]
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        title = term("deck_targets_title", language, page=page + 1, pages=pages)
        _title(slide, title)
        shape = slide.shapes.add_table(
            len(chunk) + 1, len(header), Inches(0.4), Inches(1.4), Inches(12.5), Inches(5.6)
        )
        table = shape.table
        for column, width in enumerate(widths):
            table.columns[column].width = Inches(width)
        for column, text in enumerate(header):
            _cell(table.cell(0, column), text, 11, bold=True)
        for row_number, (_, row) in enumerate(chunk.iterrows(), start=1):
            status = str(row["status"])
            how = measured_how(row, language)
            values = (
                programme_name(str(row["programme"]), language),
                _target_text(row, language) + (f"\n({how})" if how else ""),
                _year(row["base_year"]),
                _pace(row["required_cagr"], language),
                _pace(row["achieved_cagr"], language),
                term("status_met_before_set", language)
                if row["rule_id"] == "met_before_set"
                else status_term(status, language),
                _alt_status(row, language),
            )
            for column, text in enumerate(values):
                _cell(table.cell(row_number, column), text, 10)
            _shade(table.cell(row_number, 5), STATUS_COLOURS.get(status, "#BBBBBB"))
        notes = [_target_note(r, language) for _, r in chunk.iterrows()]
        if page == pages - 1 and len(others):
            # the same targets worded otherwise (drafts, speeches): listed, not counted
            notes.append(term("deck_other_wordings", language, count=len(others)))
            notes += [
                f"- {_target_text(r, language)}: {status_term(str(r['status']), language)}"
                for _, r in others.iterrows()
            ]
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
        titles.append(title)
    return titles


def _mark_language(deck: Any, language: str) -> None:
    """Mark every text run of the deck (slides and notes) with the language's tag.

    Without it PowerPoint takes the runs for US English and underlines every Russian and
    Kazakh word as misspelt.
    """
    tag = LANGUAGE_TAGS[language]
    deck.core_properties.language = tag
    for slide in deck.slides:
        parts = [slide._element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide._element)
        for part in parts:
            for run in part.xpath(".//a:r"):
                run.get_or_add_rPr().set("lang", tag)
            for end in part.xpath(".//a:endParaRPr"):
                end.set("lang", tag)


def _fonts(frame: Any, size_pt: float, *, bold: bool | None = None) -> None:
    """Set the size (and boldness, when given) of every run of a text frame."""
    from pptx.util import Pt

    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size_pt)
            if bold is not None:
                run.font.bold = bold


def _place(shape: Any, left: float, top: float, width: float, height: float) -> None:
    """Position ``shape``; the arguments are in inches."""
    from pptx.util import Inches

    shape.left, shape.top = Inches(left), Inches(top)
    shape.width, shape.height = Inches(width), Inches(height)


def _title(slide: Any, text: str) -> None:
    shape = slide.shapes.title
    shape.text = text
    _place(shape, 0.4, 0.3, SLIDE_WIDTH_IN - 0.8, 1.05)
    shape.text_frame.word_wrap = True
    for paragraph in shape.text_frame.paragraphs:
        paragraph.alignment = 1  # left
    _fonts(shape.text_frame, 26 if len(text) < 80 else 22, bold=True)


def _fit_placeholders(slide: Any) -> None:
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    _place(title, 0.8, 2.0, SLIDE_WIDTH_IN - 1.6, 2.0)
    _place(subtitle, 0.8, 4.2, SLIDE_WIDTH_IN - 1.6, 1.0)
    _fonts(title.text_frame, 36)
    _fonts(subtitle.text_frame, 18)


def _cell(cell: Any, text: str, size_pt: float, *, bold: bool = False) -> None:
    cell.text = text
    _fonts(cell.text_frame, size_pt, bold=bold)


def _shade(cell: Any, colour: str) -> None:
    from pptx.dml.color import RGBColor

    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
