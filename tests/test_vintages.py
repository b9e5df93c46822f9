"""Two releases: a preliminary January-October release, then a final annual one that revises an
earlier year. The diff lists exactly the revisions, ``as_of`` reproduces the first state, the
revision triangle lays the vintages side by side, and chart footers name the release shown."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import kzmach
from conftest import copy_raw_without_releases
from kzmach.cli import main
from kzmach.raw.releases.convert import year_to_date

ROOT = Path(__file__).resolve().parents[1]
PRELIMINARY = "publication/prelim-2023-10"
FINAL = "publication/final-2023"
#: The preliminary release: a printed table in million tenge, with January-October 2023.
PRESS_RELEASE = (
    "Наименование;2021 г.;2022 г.;январь-октябрь 2023\n"
    "Машиностроение, млн. тенге;1\u00a0995\u00a0100,0;2\u00a0520\u00a0000,0;"
    "2\u00a0100\u00a0500,0\n"
)
#: The final release: a printed bulletin table in million tenge, revising 2021.
BULLETIN = (
    "Наименование;2021 г.;2022 г.;2023 г.\n"
    "Машиностроение, млн. тенге;2\u00a0050\u00a0100,0;2\u00a0520\u00a0000,0;3\u00a0001\u00a0200,0\n"
)


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory) -> Path:
    root = copy_raw_without_releases(tmp_path_factory.mktemp("vintages"))
    downloads = tmp_path_factory.mktemp("downloads")
    (downloads / "press.txt").write_text(PRESS_RELEASE, encoding="utf-8")
    (downloads / "bulletin.txt").write_text(BULLETIN, encoding="utf-8")
    kzmach.ingest(
        downloads / "press.txt",
        published="2023-11-15",
        maturity="preliminary",
        release_id="prelim-2023-10",
        root=root,
    )
    kzmach.ingest(
        downloads / "bulletin.txt",
        published="2024-03-15",
        maturity="final",
        release_id="final-2023",
        publisher="Bureau of National Statistics of Kazakhstan",
        root=root,
    )
    return root


def test_diff_lists_exactly_the_revision_the_new_year_and_the_replaced_partial_year(
    two_releases,
):
    changes = kzmach.diff(PRELIMINARY, FINAL, root=two_releases)
    assert changes[["change", "series", "period"]].values.tolist() == [
        ["revised", "mb_output", "2021"],
        ["new", "mb_output", "2023"],
        ["removed", "mb_output", "2023-01/2023-10"],
    ]
    revised = changes.iloc[0]
    # 2 050 100,0 mn = 2 050.1 bn against 1 995,1 bn: +55.0 bn, 55.0 / 1995.1 = 2.7568%
    assert (revised["old"], revised["new"]) == (1995.1, 2050.1)
    assert revised["revision"] == pytest.approx(55.0)
    assert revised["revision_pct"] == pytest.approx(2.75675, abs=1e-5)
    assert revised["unit"] == "bn KZT"
    assert changes.iloc[1]["new"] == pytest.approx(3001.2)
    assert changes.iloc[2]["old"] == pytest.approx(2100.5)
    # the reverse direction swaps new and removed, and negates the revision
    back = kzmach.diff("final-2023", "prelim-2023-10", root=two_releases)
    assert back["change"].tolist() == ["revised", "new", "removed"]
    assert back.iloc[0]["revision"] == pytest.approx(-55.0)


def test_as_of_reproduces_what_the_first_release_said(two_releases):
    def released(frame):
        return frame[frame["release"].isin([PRELIMINARY, FINAL])]

    before = released(kzmach.observations("mb_output", as_of="2024-01-31", root=two_releases))
    assert set(before["release"]) == {PRELIMINARY}
    assert sorted(zip(before["period_label"], before["value"], strict=True)) == [
        ("2021", 1995.1),
        ("2022", 2520.0),
        ("Jan–Oct 2023", 2100.5),
    ]
    assert set(before["maturity"]) == {"preliminary"}
    after = released(kzmach.observations("mb_output", root=two_releases))
    # the preliminary figures stay queryable beside the final ones
    assert len(after) == 6
    assert set(after["release"]) == {PRELIMINARY, FINAL}

    def value_2021(as_of):
        chosen = kzmach.series("mb_output", as_of=as_of, root=two_releases)
        return chosen.loc[chosen["period_label"] == "2021"].iloc[0]

    assert value_2021("2024-01-31")["value"] == 1995.1
    assert value_2021(None)["value"] == 2050.1
    assert kzmach.releases(as_of="2024-01-31", root=two_releases)["release"].tolist() == [
        PRELIMINARY
    ]


def test_revision_triangle_has_a_column_per_release_in_publication_order(two_releases):
    triangle = kzmach.revision_triangle("mb_output", root=two_releases)
    assert list(triangle.columns) == [f"{PRELIMINARY} (2023-11-15)", f"{FINAL} (2024-03-15)"]
    assert list(triangle.index) == ["2021", "2022", "2023-01/2023-10", "2023"]
    assert triangle.loc["2021"].tolist() == [1995.1, 2050.1]
    assert math.isnan(triangle.loc["2023"].iloc[0])
    changes = kzmach.revision_triangle("mb_output", revisions=True, root=two_releases)
    assert changes.loc["2021"].tolist() == pytest.approx([0.0, 55.0])
    assert changes.loc["2022"].tolist() == [0.0, 0.0]


def test_cli_diff_and_releases(two_releases, capsys, tmp_path):
    assert main(["--root", str(two_releases), "releases"]) == 0
    out = capsys.readouterr().out
    assert PRELIMINARY in out and FINAL in out and "preliminary" in out
    table = tmp_path / "diff.csv"
    assert main(["--root", str(two_releases), "diff", PRELIMINARY, FINAL, "--csv", str(table)]) == 0
    assert "1 revised (1 published), 1 new, 1 removed" in capsys.readouterr().out
    assert pd.read_csv(table)["change"].tolist() == ["revised", "new", "removed"]
    assert main(["--root", str(two_releases), "diff", "nope", FINAL]) == 1
    assert "no single ingested release 'nope'" in capsys.readouterr().err


def test_chart_footer_states_the_release_and_as_of_it_shows(two_releases):
    from kzmach.report.charts.output import output_trend

    now = output_trend(root=two_releases)
    assert FINAL in now.footer.releases
    assert "Bureau of National Statistics, release of 2024-03-15" in now.footer.as_of_line
    assert "Bureau of National Statistics (2024)" in now.footer.source_line
    then = output_trend(as_of="2024-01-31", root=two_releases)
    assert FINAL not in then.footer.releases
    assert PRELIMINARY in then.footer.releases
    assert "2024-01-31" in then.footer.as_of_line
    for chart in (now, then):
        import matplotlib.pyplot as plt

        plt.close(chart.figure)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2023-01", "2023-01"),
        ("2023-02", "2023-01/2023-02"),
        ("2023-03", "2023-Q1"),
        ("2023-06", "2023-H1"),
        ("2023-10", "2023-01/2023-10"),
        ("2023-12", "2023"),
        ("2023-Q1", "2023-Q1"),
        ("2023-Q2", "2023-H1"),
        ("2023-Q3", "2023-01/2023-09"),
        ("2023-Q4", "2023"),
        ("2023", "2023"),
    ],
)
def test_year_to_date_periods(period, expected):
    assert year_to_date(period) == expected


@pytest.mark.slow
def test_the_exported_chart_and_its_slide_show_an_ingested_release(two_releases, tmp_path):
    """What a report run does with a chart, in process: export it, put it on a slide.

    The notebook route to the same export is executed end to end by ``test_report``.
    """
    import json

    from pptx import Presentation

    from kzmach.report.charts import output_trend
    from kzmach.report.deck import build_deck, read_sidecars

    figures = tmp_path / "figures"
    output_trend("en", root=two_releases).export(figures)
    sidecar = json.loads((figures / "output_trend_en.json").read_text("utf-8"))
    assert FINAL in sidecar["releases"]
    assert FINAL in sidecar["releases"]  # the key, for machines; the footer says it in words
    assert "Bureau of National Statistics, release of 2024-03-15" in sidecar["footer"]
    assert FINAL not in sidecar["footer"] and "curated:" not in sidecar["footer"]
    records = read_sidecars(figures, "en", ["output_trend"])
    deck = tmp_path / "briefing.pptx"
    build_deck(
        records,
        figures,
        deck,
        as_of="2024-03-15",
        built="2024-03-16",
        target_gaps=kzmach.target_gap(root=two_releases),
    )
    slide = Presentation(str(deck)).slides[1]
    assert slide.shapes.title.text == sidecar["title"]
    assert "Bureau of National Statistics" in slide.notes_slide.notes_text_frame.text


def test_as_of_is_the_same_rule_in_both_backends(two_releases):
    wanted = {"as_of": "2024-01-31", "root": two_releases}
    with_pandas = kzmach.observations("mb_output", **wanted)
    with_polars = kzmach.observations("mb_output", backend="polars", **wanted)
    assert sorted(with_polars["figure_id"].to_list()) == sorted(with_pandas["figure_id"])
    assert PRELIMINARY in set(with_polars["release"]) and FINAL not in set(with_polars["release"])


# the heatmap is drawn in ru and kk by the report too; make test draws it in English
@pytest.mark.parametrize(
    "language",
    ["en", pytest.param("ru", marks=pytest.mark.slow), pytest.param("kk", marks=pytest.mark.slow)],
)
def test_revision_heatmap_shows_the_2021_revision(two_releases, language, tmp_path):
    from kzmach.report.charts import layout_problems, revision_heatmap

    chart = revision_heatmap("mb_output", language, root=two_releases)
    assert layout_problems(chart.figure) == []
    # 2021: 1 995,1 bn (preliminary) -> 2 050,1 bn (final): +55 bn, the only revision
    expected = {
        "en": "+55 bn tenge (2021)",
        "ru": "+55 млрд тенге (2021)",
        "kk": "+55 млрд теңге (2021)",
    }
    assert chart.title.endswith(expected[language]), chart.title
    assert set(chart.data["release"]) == {PRELIMINARY, FINAL}
    written = chart.export(tmp_path)
    assert written["png"].stat().st_size > 10_000


@pytest.mark.parametrize(
    ("collected", "stored", "precision"),
    [
        ("2023-05-11", "2023-05-11", "day"),
        ("Sept 2023", "2023-09", "month"),
        ("n/a (early 2022)", "2022", "year"),
        ("~2019", "2019", "year"),
        ("n/a", "", "unknown"),
    ],
)
def test_a_pages_date_is_kept_as_precisely_as_it_was_collected(collected, stored, precision):
    from kzmach.raw.raw_files import published_as_known
    from kzmach.text.periods import parse_published

    assert published_as_known(parse_published(collected)) == stored
    again = parse_published(stored)  # the sources table holds it so: it reads back the same
    assert again.precision == precision
    assert again.date == parse_published(collected).date


def test_no_vintage_claims_a_day_its_source_did_not_give(built):
    observations = kzmach.observations(root=built).set_index("figure_id")
    # "n/a (early 2022)": the year only, known by its last day
    assert observations.loc["o002-a", "vintage_precision"] == "year"
    assert observations.loc["o002-a", "vintage"] == pd.Timestamp("2022-12-31")
    # o024-o026's page was collected twice, first with "n/a", then "Sept 2023": the better
    assert observations.loc["o024-a", "vintage_precision"] == "month"
    assert observations.loc["o024-a", "vintage"] == pd.Timestamp("2023-09-30")
    day = observations[observations["vintage_precision"] == "day"]
    assert (day["source_published"].str.len() == 10).all()  # a day only where one is given
