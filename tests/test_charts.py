"""The house chart style, footers and the six briefing charts, in every language."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzmach
from kzmach.analysis.annual import year_or_year_to_date
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import LANGUAGES, MONTHS_SHORT
from kzmach.report.charts import CHARTS, layout_problems, missing_glyphs
from kzmach.report.charts.footer import (
    caveat_notes,
    compose_footer,
    publisher_key,
    source_label,
)
from kzmach.report.charts.style import format_bn_kzt, format_number, text_width, wrap_label
from kzmach.text.periods import localised_label
from kzmach.text.translations import forms, keys, term

KAZAKH_LETTERS = "әғқңөұүһі ӘҒҚҢӨҰҮҺІ"


def test_house_font_draws_kazakh_and_cyrillic():
    assert missing_glyphs(KAZAKH_LETTERS + "ЁёЖжЩщЪъ") == []
    # the check itself can fail: a CJK character is not in DejaVu Sans
    assert missing_glyphs("漢") == ["漢"]


def test_every_word_a_chart_prints_is_drawable_in_every_language():
    texts = [text for key in keys() for language in LANGUAGES for text in forms(key, language)]
    texts += [name for ind in catalogue.indicators() for name in ind.names.values()]
    texts += [m for months in MONTHS_SHORT.values() for m in months]
    assert missing_glyphs("".join(texts)) == []


def test_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="choose one of en, ru, kk"):
        CHARTS["output_trend"]("de")


@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (3300, "ru", 0, "3\u00a0300"),  # no-break space groups thousands in Russian
        (3300, "en", 0, "3,300"),
        (14.975845, "kk", 1, "15"),  # 15.0 with the trailing zero trimmed
        (13.433795, "ru", 1, "13,4"),
        (-1.530612, "en", 1, "−1.5"),  # a true minus sign
        (-0.01, "en", 1, "0"),  # never "−0"
    ],
)
def test_format_number(value, language, decimals, expected):
    assert format_number(value, language, decimals) == expected


def test_tenge_is_written_in_bn_or_trn():
    # a number and its unit joined by a non-breaking space: never parted at a line end
    assert format_bn_kzt(870) == "870\u00a0bn"
    assert format_bn_kzt(3100) == "3.1\u00a0trn"  # 3100 bn = 3.1 trn
    assert format_bn_kzt(3100, "kk") == "3,1\u00a0трлн"
    assert format_bn_kzt(51.1, "ru") == "51,1\u00a0млрд"


@pytest.mark.parametrize(
    ("kind", "start", "end", "language", "expected"),
    [
        ("ytd", date(2023, 1, 1), date(2023, 10, 31), "en", "Jan–Oct 2023"),
        ("ytd", date(2023, 1, 1), date(2023, 10, 31), "ru", "янв–окт 2023"),
        ("ytd", date(2023, 1, 1), date(2023, 10, 31), "kk", "2023 ж. қаң–қаз"),
        ("quarter", date(2014, 1, 1), date(2014, 3, 31), "ru", "1 кв. 2014"),
        ("half", date(2013, 7, 1), date(2013, 12, 31), "en", "H2 2013"),
        ("span", date(2010, 1, 1), date(2014, 12, 31), "kk", "2010–2014"),
        ("year", date(2022, 1, 1), date(2022, 12, 31), "ru", "2022"),
        ("ytd_unstated", date(2021, 1, 1), date(2021, 12, 31), "en", "2021 to date"),
    ],
)
def test_localised_period_labels(kind, start, end, language, expected):
    assert localised_label(kind, start, end, language) == expected


def test_source_label_keeps_the_publisher_name_only():
    assert source_label("El.kz, citing primeminister.kz") == "El.kz"
    mirrored = "Bureau of National Statistics of the Republic of Kazakhstan, as mirrored"
    assert source_label(mirrored) == "Bureau of National Statistics"
    assert source_label(mirrored, "ru") == "Бюро национальной статистики"
    assert source_label(mirrored, "kk") == "Ұлттық статистика бюросы"
    assert source_label("Forum organisers (Government of Kazakhstan)") == "Forum organisers"
    assert source_label("en.inform.kz", "kk") == "en.inform.kz"


@given(st.text(alphabet="абвгд әғқ xyz", min_size=1, max_size=200))
def test_wrapped_labels_fit_their_width_and_lose_no_words(text):
    label = wrap_label(text, 8, 0.2, max_lines=50)
    for line in label.split("\n"):
        # a single word may be wider than the box; a line of several words never is
        if " " in line.strip():
            assert text_width(line, 8) <= 0.2
    assert label.split() == text.split()


@pytest.fixture(scope="module")
def observations(built):
    import kzmach

    return kzmach.observations(root=built)


def test_year_or_year_to_date_keeps_full_years_and_the_longest_partial(observations):
    output = observations[
        (observations["indicator"] == "mb_output")
        & (observations["region"] == "Kazakhstan")
        & (observations["figure_type"] == "actual")
        & (observations["comparison"] == "none")
    ]
    chosen = year_or_year_to_date(output).set_index("year")
    # 2021 has a full year (2.3 or 2.4 trn) and Jan-Aug 1.4 trn: the full year wins
    assert bool(chosen.loc[2021, "is_full_year"]) is True
    assert chosen.loc[2021, "value"] in (2300.0, 2400.0)
    # 2023 has Q1 829, H1 1800 and Jan-Oct 3300 but no full year: the longest, Jan-Oct
    assert bool(chosen.loc[2023, "is_full_year"]) is False
    assert chosen.loc[2023, "value"] == 3300.0
    assert chosen.loc[2023, "period_end"].month == 10
    # spans (2013-2014) and periods of unstated months are never placed on a year
    assert "span" not in set(chosen["period_type"])
    assert "ytd_unstated" not in set(chosen["period_type"])


def test_footer_notes_follow_the_plotted_rows(observations):
    rows = observations[observations["figure_id"].isin(["s000-01", "s001-11"])]
    assert set(rows["period_label"]) == {"2010", "Jan–Oct 2023"}
    footer = compose_footer(rows, "en", version="0.1.0", built="2026-01-01")
    text = footer.text
    assert text.startswith("Sources: ")
    assert "Jan–Oct 2023" in text and "not comparable with full years" in text
    assert "current prices" in text  # both are nominal tenge levels
    assert "Data as of 2023-12-06" in text  # seed-001, the later source, published then
    # a full-year, exact, stated real growth needs none of those notes
    real = observations[
        (observations["indicator"] == "mb_output_growth_real")
        & (observations["period_label"] == "2022")
    ]
    notes = caveat_notes(real, "en")
    assert notes == [term("note_real", "en")]


def test_footer_names_more_than_and_inferred_periods(observations):
    rows = observations[observations["figure_id"] == "s000-06"]
    assert rows["qualifier"].item() == "more_than"
    notes = " ".join(caveat_notes(rows, "en"))
    assert "“more than”" in notes and "Jan–Aug 2018" in notes
    assert "inferred" in notes  # the curator inferred Jan-Aug from the context


def test_footer_states_a_requested_as_of_date(observations):
    rows = observations[observations["figure_id"] == "s000-01"]
    footer = compose_footer(rows, "ru", as_of=date(2020, 1, 1))
    assert "Данные на 2020-01-01" in footer.text
    assert footer.source_line.startswith("Источник: ")


class _ChartsDrawn(dict):
    """Charts by (name, language), each drawn the first time a test asks for it."""

    def __init__(self, root):
        super().__init__()
        self.root = root

    def __missing__(self, key):
        name, language = key
        self[key] = chart = CHARTS[name](language, root=self.root)
        return chart


@pytest.fixture(scope="module")
def charts_by_language(built):
    """The charts the tests below look at, drawn once each (every chart in every language is
    drawn by the report: ``tests/test_report.py`` checks each one's sidecar)."""
    return _ChartsDrawn(built)


def test_a_chart_draws_its_title_and_footer_and_says_so_in_its_sidecar(
    charts_by_language, tmp_path
):
    chart = charts_by_language[("division_growth", "kk")]
    assert layout_problems(chart.figure) == []
    drawn = {t.get_gid(): t.get_text() for t in chart.figure.texts}
    sidecar = json.loads(chart.export(tmp_path)["json"].read_text(encoding="utf-8"))
    assert sidecar["drawn"] == {
        "title": drawn["kzmach-title"].replace("\n", " "),
        "footer": drawn["kzmach-footer"],
        "layout_problems": [],
    }
    assert sidecar["drawn"]["title"] == chart.title
    # a label moved onto the title: the export still writes, warns and records the overlap
    title = next(t for t in chart.figure.texts if t.get_gid() == "kzmach-title")
    chart.figure.axes[0].annotate("in the way", title.get_position(), xycoords="figure fraction")
    with pytest.warns(UserWarning, match="overlap|leaves"):
        written = chart.export(tmp_path)
    assert json.loads(written["json"].read_text(encoding="utf-8"))["drawn"]["layout_problems"]


def _full_years(root, as_of=None):
    """The full years of machine-building output known on ``as_of``, from the data."""
    series = kzmach.series("mb_output", as_of=as_of, root=root)
    full = series[series["period_type"] == "year"]
    return {
        int(ts.year): float(v) for ts, v in zip(full["period_start"], full["value"], strict=True)
    }


def test_every_publisher_but_a_web_address_has_its_names(built):
    import re

    from kzmach.metadata.vocabulary import PUBLISHER_NAMES

    for publisher in set(kzmach.sources(root=built)["publisher"]):
        label = publisher_key(publisher)
        if re.fullmatch(r"[\w.-]+\.[a-z]{2,}\.?", label, re.IGNORECASE):  # en.inform.kz, El.kz
            continue
        assert label in PUBLISHER_NAMES, publisher


@pytest.mark.slow
def test_titles_state_the_data(charts_by_language, built):
    years = _full_years(built)
    first, last = min(years), max(years)
    multiple = years[last] / years[first]  # 3100 bn (2022) / 270 bn (2009) = 11.48 -> "11.5"
    assert f"{multiple:.1f}-fold in {first}–{last}" in (
        charts_by_language[("output_trend", "en")].title
    )
    kk = f"{multiple:.1f}".replace(".", ",") + " есе"
    assert kk in charts_by_language[("output_trend", "kk")].title
    shares = kzmach.manufacturing_share(root=built)
    # the title compares full years; the table holds the quarters of table 5931 too
    value_added = shares[shares["period_type"] == "year"].dropna(subset=["share_value_added"])
    first, last = value_added.iloc[0], value_added.iloc[-1]
    # 389.2 / 3,828.5 = 10.2% in 2013; 3,266.9 / 20,627.6 = 15.8% in 2025 (the Bureau's table 5931)
    share = charts_by_language[("share_of_manufacturing", "en")].title
    expected = (
        f"Machine building: {first['share_value_added']:.1f}% of manufacturing value added in "
        f"{first['period_start'].year}, {last['share_value_added']:.1f}% in "
        f"{last['period_start'].year}"
    )
    assert (
        share
        == expected
        == ("Machine building: 10.2% of manufacturing value added in 2013, 15.8% in 2025")
    )
    tested = kzmach.claims(root=built)
    # the chart shows the claims recomputed from levels (a real index has no levels to draw,
    # and a check whose tolerance is as wide as the claim tests nothing)
    from_levels = tested["tested_against"].isin(
        ["levels", "nominal levels", "value-added levels", "stand-in levels"]
    )
    claims = tested[from_levels & (tested["verdict"] != "untestable")].groupby("claim_figure")
    missed = claims["verdict"].agg(lambda v: (v == "disagrees").all())
    nominal = claims["tested_against"].first() == "nominal levels"
    value_added_only = claims["tested_against"].agg(lambda t: set(t) == {"value-added levels"})
    disagree = int((missed & ~nominal & ~value_added_only).sum())
    not_nominal = int((missed & nominal).sum())
    not_value_added = int((missed & value_added_only).sum())
    total = claims.ngroups
    # a growth of unstated basis that misses the nominal levels is "not nominal", and a share
    # that misses the value-added share with no output share to test is "not value added":
    # neither is called wrong
    agree = ("does", "it rests") if disagree == 1 else ("do", "they rest")  # 1 of 23 does
    assert charts_by_language[("claims_check", "en")].title == (
        f"{disagree} of {total} stated figures {agree[0]} not match the levels {agree[1]} on; "
        f"{not_nominal} more, of unstated basis, are not nominal growth; "
        f"{not_value_added} more shares are not the value-added share, the only one held"
    )
    # the three: 14.8% in 2014 (value added 10.1%), 10% in 2017 (8.1%) and 13.2% in H1 2013
    # (value added by quarter, table 5931: 152.4 / 1,537.8 = 9.9%); the one left is the
    # sixfold vehicles (8.5 times by the page's own levels)
    assert (disagree, not_nominal, not_value_added, total) == (1, 3, 3, 23)
    assert charts_by_language[("claims_check", "ru")].title.startswith(
        f"{disagree} из {total} заявленных цифр не сходится"
    )


def test_as_of_hides_what_was_not_yet_published(built):
    chart = CHARTS["output_trend"]("en", as_of="2019-01-01", root=built)
    assert chart.data["vintage"].max() <= __import__("pandas").Timestamp("2019-01-01")
    # full years known then: 2009 (270), 2010 (376), 2014 (870): 870 / 270 = 3.2
    years = _full_years(built, "2019-01-01")
    first, last = min(years), max(years)
    assert f"{years[last] / years[first]:.1f}-fold in {first}–{last}" in chart.title
    assert "Data as of 2019-01-01" in chart.footer.text


@pytest.mark.slow
def test_export_writes_every_format_with_metadata(charts_by_language, tmp_path):
    from PIL import Image

    chart = charts_by_language[("output_trend", "kk")]
    written = chart.export(tmp_path)
    assert set(written) == {"png", "svg", "pdf", "slide", "csv", "json"}
    sidecar = json.loads(written["json"].read_text(encoding="utf-8"))
    for key in ("title", "alt_text", "sources", "data_hash", "git_commit", "generated_at"):
        assert sidecar[key], key
    assert sidecar["language"] == "kk"
    assert sidecar["figure_ids"] == sorted(chart.data["figure_id"])
    assert {s["source_id"] for s in sidecar["sources"]} == set(chart.data["source_id"])
    with Image.open(written["png"]) as image:
        assert image.info["dpi"][0] >= 199.9  # 200 dpi, stored rounded
        assert image.size == (2000, 1125)  # 10 x 5.625 in: 16:9
        assert image.text["Title"] == chart.title
        assert image.text["Description"] == chart.alt_text
        assert sidecar["data_hash"] in image.text["Comment"]
        pixels = image.convert("L")
        histogram = pixels.histogram()
        assert 1 - histogram[255] / sum(histogram) > 0.05  # not blank: >5% non-white
    svg = written["svg"].read_text(encoding="utf-8")
    assert "ағымдағы бағамен" in svg  # text kept as text, Kazakh included
    assert sidecar["data_hash"] in svg and "Дереккөздер" in svg
    pdf = written["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Title" in pdf and b"/Subject" in pdf


@pytest.mark.slow  # end to end: a chart exported in every format, twice
def test_export_is_atomic_and_overwrites(charts_by_language, tmp_path):
    chart = charts_by_language[("vehicle_production", "en")]
    first = chart.export(tmp_path)
    points = first["csv"].read_bytes()
    for path in first.values():  # an older export, spoilt: the next must replace every file
        path.write_bytes(b"stale")
    again = chart.export(tmp_path)
    assert again == first
    assert all(path.read_bytes() != b"stale" for path in again.values())
    assert again["csv"].read_bytes() == points  # the same points, written anew
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_the_dashboard_leads_with_the_live_targets_and_draws_each_bar_for_its_year(built):
    from kzmach.report.charts.common import chart_context
    from kzmach.report.charts.targets import select

    data = select(chart_context("en", None, built), None)
    official = data.gaps[data.gaps["wording"] == "official"].set_index("target_id")
    live = official[official["horizon"] == "live"]
    assert set(live["programme"]) == {"Comprehensive Plan 2024-2028"}
    # counted by headline status: gva and exports off track, the volume index flips with
    # its base year, investment not measurable; earlier: output, exports (2024) and
    # manufactured exports (2025) met, labour productivity met before it was set
    assert live["headline_status"].value_counts().to_dict() == {
        "off track": 2,
        "depends on base year": 1,
        "not measurable": 1,
    }
    title = CHARTS["target_gap"]("en", root=built).title
    assert title == (
        "Comprehensive Plan 2024–2028: 2 off track, 1 depends on base year, 1 not measurable;"
        " earlier targets: 3 met, 1 met before it was set"
    )
    # the 2024 export target's bar is 2024's exports: 4,729.17 mn US$ of $2 bn, 236%
    bars = data.progress.set_index("target_id")
    assert bars.loc["rm2024-exports", "latest_period"] == "2024"
    assert bars.loc["rm2024-exports", "percent_of_target"] == pytest.approx(236.46, abs=0.01)
    points = data.points("en").set_index("series")
    assert points.loc["rm2024-exports", "period"] == "2024"
    assert points.loc["status:depends on base year", "value"] == 1


def test_the_dashboard_draws_no_bar_for_a_target_it_cannot_measure(built):
    from kzmach.metadata.vocabulary import NOT_MEASURABLE
    from kzmach.report.charts.common import chart_context
    from kzmach.report.charts.targets import select

    data = select(chart_context("en", None, built), None)
    assert NOT_MEASURABLE in set(data.gaps["status"])  # some are, and none is a bar
    assert NOT_MEASURABLE not in set(data.progress["status"])
    chart = CHARTS["target_gap"]("en", root=built)
    bars_axis = chart.figure.axes[0]
    labels = [t for t in bars_axis.texts if "%" in t.get_text()]
    assert len(labels) == len(data.progress)
    # each label starts right of its bar and of the 100% line: it crosses neither
    assert all(label.xy[0] >= 100 for label in labels)


def test_the_four_quieter_charts_state_their_data_in_their_titles(built):
    """Each title's numbers recomputed from the data, not from the chart (no chart's own table).

    Vehicles: the first and last full years held; sub-sectors: the largest full-year 2021
    growth among the charted indicators; the roadmap: its measures by section, and the
    bodies that lead and take part in the most.
    """
    vehicles = kzmach.series("vehicle_production", root=built)
    years = vehicles[vehicles["period_type"] == "year"].sort_values("period_start")
    first, last = years.iloc[0], years.iloc[-1]
    title = CHARTS["vehicle_production"]("en", root=built).title
    assert f"from {first['value'] / 1000:g} thousand in {first['period_label']}" in title
    assert f"to {last['value'] / 1000:g} thousand in {last['period_label']}" in title  # 145.3, 2024

    chart = CHARTS["subsector_growth"]("en", root=built)
    growth = {
        indicator: kzmach.series(indicator, root=built) for indicator in set(chart.points["series"])
    }
    full_2021 = {
        indicator: found[(found["period_type"] == "year") & (found["period_label"] == "2021")]
        for indicator, found in growth.items()
    }
    best = max((f.iloc[0]["value"], i) for i, f in full_2021.items() if not f.empty)
    label = kzmach.indicators().set_index("indicator").loc[best[1], "name_en"]
    assert f"in 2021: {label} ({best[0]:g}%)" in chart.title  # railway engineering, +300%

    measures = kzmach.roadmap_measures(root=built)
    by_section = measures["section"].value_counts()
    top = measures[measures["section"] == by_section.idxmax()]["section_name_en"].iloc[0]
    title = CHARTS["roadmap_sections"]("en", root=built).title
    assert f"{len(measures)} measures: {top} has the most ({by_section.max()})" in title

    bodies = kzmach.roadmap_bodies(root=built)
    leads = bodies[bodies["lead"]].groupby("body")["measure_no"].nunique()
    takes_part = bodies.groupby("body")["measure_no"].nunique().drop(leads.idxmax())
    title = CHARTS["roadmap_bodies"]("en", root=built).title
    assert f"leads {leads.max()} of the {len(measures)} measures" in title  # 17 of 33
    assert f"takes part in {takes_part.max()}" in title  # Atameken, 24
