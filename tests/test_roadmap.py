"""The 2022 roadmap's measures, parsed from the order: counts checked against the document."""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest

from kzmach.api import (
    roadmap_bodies,
    roadmap_document,
    roadmap_due,
    roadmap_glossary,
    roadmap_measures,
)
from kzmach.cli import main
from kzmach.errors import ValidationFailed
from kzmach.files import file_sha256 as sha256_file
from kzmach.raw.roadmap_order import parse_responsible

ORDER = "data/raw/seed-documents/004_21e736558999f57b.txt"

# Measures per section, counted by hand in the order (headings between rows 5|6, 15|16, ...).
SECTIONS = [
    ("raw_materials", 5),
    ("procurement", 10),
    ("technical_regulation", 2),
    ("institutions", 1),
    ("incentives", 4),
    ("personnel", 2),
    ("modernisation", 3),
    ("exports", 2),
    ("sector_measures", 4),
]


@pytest.fixture(scope="module")
def measures(built):
    return roadmap_measures(root=built)


def test_all_33_measures_in_order_with_their_sections(measures):
    assert list(measures["measure_no"]) == list(range(1, 34))
    counted = measures.groupby("section", sort=False).size()
    assert list(counted.items()) == SECTIONS
    assert measures["title"].str.len().min() > 20
    assert measures["completion_form"].str.len().min() > 3


def test_rows_keep_their_text_as_written(measures, project_root):
    text = (project_root / ORDER).read_text(encoding="utf-8").splitlines()
    for row in measures.itertuples():
        line = text[row.source_line - 1]
        assert line.startswith(f"{row.measure_no}.\t|\t{row.title}\t|\t{row.completion_form}")
        assert row.deadline_text in line and row.responsible_text in line


@pytest.mark.parametrize(
    ("cell", "bodies"),
    [
        # a comma missing after "(келісу бойынша)" (measure 7)
        (
            'ИИДМ, "ҚИЭО" АҚ (келісу бойынша) "Самұрық-Қазына" ҰӘҚ" АҚ (келісу бойынша)',
            [("ИИДМ", False), ('"ҚИЭО" АҚ', True), ('"Самұрық-Қазына" ҰӘҚ" АҚ', True)],
        ),
        # a full stop for a comma (measure 21) and doubled spaces (measure 1)
        (
            '"ҚДБ" АҚ (келісу бойынша). "ӨДҚ" АҚ (келісу бойынша), '
            '"Атамекен" ҰКП  (келісу бойынша)',
            [('"ҚДБ" АҚ', True), ('"ӨДҚ" АҚ', True), ('"Атамекен" ҰКП', True)],
        ),
        # a closing full stop (measure 22) and bodies without the flag
        (
            'ИИДМ, ҰЭМ, Қаржымині, "Атамекен" ҰКП (келісу бойынша).',
            [("ИИДМ", False), ("ҰЭМ", False), ("Қаржымині", False), ('"Атамекен" ҰКП', True)],
        ),
        ("ИИДМ, ҰЭМ, СІМ, Қаржымині", [(b, False) for b in ("ИИДМ", "ҰЭМ", "СІМ", "Қаржымині")]),
    ],
)
def test_responsible_cells_split_into_bodies(cell, bodies):
    parsed = parse_responsible(cell)
    assert [(r.body, r.by_agreement) for r in parsed] == bodies
    assert [r.lead for r in parsed] == [True] + [False] * (len(bodies) - 1)


def test_lead_and_by_agreement_counts(built, measures):
    bodies = roadmap_bodies(root=built)
    # counted by hand in the order: the ministry leads 17 measures and is named in 23
    industry = bodies[bodies["body"] == "ИИДМ"]
    assert (len(industry), int(industry["lead"].sum())) == (23, 17)
    assert not industry["by_agreement"].any()
    # measure 8 is led by Samruk-Kazyna, which takes part by agreement (no ministry named)
    eight = measures.set_index("measure_no").loc[8]
    assert eight["lead"] == '"Самұрық-Қазына" ҰӘҚ" АҚ'
    assert all(r["by_agreement"] for r in eight["responsible"])
    # measure 30 names four ministries and no one by agreement
    thirty = measures.set_index("measure_no").loc[30]
    assert [r["body"] for r in thirty["responsible"]] == ["ИИДМ", "ҰЭМ", "СІМ", "Қаржымині"]
    assert len(bodies) == sum(len(r) for r in measures["responsible"])


def test_every_body_and_abbreviation_is_in_the_glossary(built, measures, project_root):
    glossary = roadmap_glossary(root=built)
    known = set(glossary["abbreviation"])
    named = {r["body"] for bodies in measures["responsible"] for r in bodies}
    assert named - known == set()
    # every capitalised abbreviation of the order is explained, alone or inside a body's name
    text = (project_root / ORDER).read_text(encoding="utf-8")
    tokens = set(re.findall(r"(?<![\w])[A-ZА-ЯӘҒҚҢӨҰҮҺІ]{2,}(?![a-zа-яәғқңөұүһі])", text))
    inside = {token for key in known for token in re.findall(r"[\wА-ЯӘҒҚҢӨҰҮҺІ]+", key)}
    assert tokens - known - inside == set()
    # СИМ (trade) and СІМ (foreign affairs) differ by one letter and are different ministries
    names = glossary.set_index("abbreviation")["name_en"]
    assert "Trade" in names["СИМ"] and "Foreign" in names["СІМ"]


def test_glossary_says_unknown_rather_than_guessing(built):
    glossary = roadmap_glossary(root=built).set_index("abbreviation")
    for column in ("name_kk", "name_ru", "name_en"):
        assert (glossary[column].str.strip() != "").all()
    unknown = glossary[glossary["confidence"] == "unknown"]
    assert set(unknown.index) == {"МГМДХО", "АТМКА"}
    assert (unknown[["name_kk", "name_ru", "name_en"]] == "unknown").all().all()


def test_document_metadata_is_read_from_the_text(built):
    document = roadmap_document(root=built)
    assert (document["order_no"], document["order_date"]) == ("104-ө", date(2022, 6, 16))
    assert (document["amends_no"], document["amends_date"]) == ("115-ө", date(2019, 6, 26))
    assert document["title_kk"] == (
        "Машина жасауды дамытудың 2024 жылға дейінгі жол картасын бекіту туралы"
    )
    assert document["previous_title_kk"].startswith("Машина жасауды дамыту жөніндегі 2019 – 2024")
    assert document["signed_by"] == "Ә. Смайылов"
    assert document["measures"] == 33


def test_expected_results_link_to_the_target_registry(built):
    import kzmach

    results = roadmap_document(root=built)["expected_results"]
    assert [r["target_ids"] for r in results] == [
        ["rm2024-output"],
        ["rm2024-productivity"],
        ["rm2024-exports"],
    ]
    targets = kzmach.targets(root=built).set_index("target_id")
    for result in results:
        target = targets.loc[result["target_ids"][0]]
        assert target["target_year"] == 2024
        assert result["text_kk"] in target["quote"]
    assert targets.loc["rm2024-output", "target_value"] == pytest.approx(2600)  # 2,6 трлн


def test_status_is_unknown_without_a_sourced_row(measures, project_root):
    rows = (project_root / "data/raw/roadmap/measure-status.csv").read_text(encoding="utf-8")
    assert rows.count("\n") == 1  # the header only: the order reports no completion
    assert set(measures["status"]) == {"unknown"}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2022-06-29", []),  # "June 2022" is due on 30 June
        # the June-2022 one-off measures and the five due every 30 June
        ("2022-06-30", [1, 8, 9, 10, 11, 15, 19, 20, 22, 25, 26, 27, 32]),
        ("2022-08-31", [1, 4, 8, 9, 10, 11, 15, 19, 20, 22, 25, 26, 27, 32]),
    ],
)
def test_measures_due_by_a_date(built, as_of, expected):
    assert list(roadmap_due(as_of, root=built)["measure_no"]) == expected


def test_recurring_measures_count_their_deadlines(built):
    due = roadmap_due(date(2023, 7, 1), root=built).set_index("measure_no")
    assert (due.loc[10, "deadlines_passed"], due.loc[10, "deadlines_total"]) == (2, 3)
    assert due.loc[10, "next_due"].date() == date(2024, 6, 30)
    assert not due.loc[10, "all_passed"]
    everything = roadmap_due("2024-11-15", root=built)
    assert len(everything) == 33 and everything["all_passed"].all()


def test_an_unreadable_deadline_fails_the_build_quoted(scratch):
    from kzmach.pipeline.build import build

    order = scratch / ORDER
    registry = scratch / "data/raw/sources.csv"
    before = sha256_file(order)
    text = order.read_text(encoding="utf-8").replace(
        "\t|\t2022 жылғы тамыз\t|\t", "\t|\t2022 жылдың екінші жартысы\t|\t"
    )
    order.write_text(text, encoding="utf-8")
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(before, sha256_file(order)), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as caught:
        build(scratch)
    message = str(caught.value)
    assert f"{ORDER}, row 29, column Орындау мерзімі" in message
    assert "'2022 жылдың екінші жартысы'" in message
    assert not (scratch / "data/processed").exists()


def _write_status(scratch, rows):
    path = scratch / "data/raw/roadmap/measure-status.csv"
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.slow  # end to end: a full build of a copy with a status added
def test_a_sourced_status_is_shown(scratch):
    _write_status(
        scratch,
        [["8", "completed", "2022-09-01", "https://example.kz/kpi", "", "KPI бекітілді", ""]],
    )
    measures = roadmap_measures(root=scratch).set_index("measure_no")
    assert measures.loc[8, "status"] == "completed"
    assert measures.loc[8, "status_quote"] == "KPI бекітілді"
    assert (measures.drop(index=8)["status"] == "unknown").all()


#: A bad status row and the column its problem names; all are written at once, so one check
#: lists every problem, each at its own row (2, 3, ...).
BAD_STATUS_ROWS = (
    (["34", "completed", "2023-01-01", "https://x.kz", "", "q", ""], "measure_no"),
    (["3", "done", "2023-01-01", "https://x.kz", "", "q", ""], "status"),
    (["4", "completed", "01.01.2023", "https://x.kz", "", "q", ""], "status_date"),
    (["5", "completed", "2023-01-01", "", "", "q", ""], "source_url"),
    (["6", "completed", "2023-01-01", "https://x.kz", "", "", ""], "quote"),
)


def test_every_bad_status_row_is_refused_by_file_row_and_column(scratch, capsys):
    _write_status(scratch, [row for row, _column in BAD_STATUS_ROWS])
    assert main(["--root", str(scratch), "check"]) == 1
    output = capsys.readouterr()
    said = output.out + output.err
    for line, (_row, column) in enumerate(BAD_STATUS_ROWS, start=2):
        assert f"data/raw/roadmap/measure-status.csv, row {line}, column {column}" in said


def test_cli_lists_the_measures_due(built, capsys):
    assert main(["--root", str(built), "roadmap", "--due", "2022-06-30"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 + 13
    assert main(["--root", str(built), "roadmap", "--due", "June"]) == 2


def test_timeline_chart_has_a_row_per_measure_and_visible_sections(built):
    from kzmach.report.charts import layout_problems, roadmap_timeline

    chart = roadmap_timeline("kk", root=built)
    labels = [
        tick for axis in chart.figure.axes for tick in axis.get_yticklabels() if tick.get_text()
    ]
    bold = [t.get_text() for t in labels if t.get_fontweight() == "bold"]
    measure_rows = [t for t in labels if t.get_fontweight() != "bold"]
    assert len(bold) == 9 and len(measure_rows) == 33
    assert all(t.get_fontsize() >= 6.5 for t in labels)
    assert [int(t.get_text().split(".")[0]) for t in measure_rows] == list(range(1, 34))
    assert layout_problems(chart.figure) == []
    assert "белгісіз" in chart.footer.text  # status unknown, in Kazakh


def test_due_chart_states_what_roadmap_due_returns(built):
    from kzmach.report.charts import roadmap_due_chart

    chart = roadmap_due_chart("en", as_of="2023-03-31", root=built)
    due = roadmap_due("2023-03-31", root=built)
    # the date as people write it, the day and month never parted
    said = f"By 31\u00a0March 2023, {len(due)} of the 33 measures had fallen due"
    assert chart.title.startswith(said)
    kk = roadmap_due_chart("kk", as_of="2023-03-31", root=built).title
    assert kk.startswith("2023\u00a0жылғы 31\u00a0наурызға қарай")  # the dative, then қарай
    ru = roadmap_due_chart("ru", as_of="2023-03-31", root=built).title
    assert ru.startswith("К 31\u00a0марта 2023\u00a0г.")
    assert "none has a recorded completion status" in chart.title
    assert chart.extra["due_as_of"] == "2023-03-31"
    assert "Prime Minister of Kazakhstan (2022)" in chart.footer.source_line
    assert "Prime Minister of Kazakhstan, document of 2022-06-16" in chart.footer.as_of_line
    assert sorted(chart.metadata()["figure_ids"])[:2] == ["roadmap-m01", "roadmap-m02"]
