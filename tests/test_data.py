"""The shipped data: published figures reproduced, catalogue coverage, conflicts."""

from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pytest

import kzmach
from kzmach.metadata import catalogue


@pytest.fixture(scope="module")
def obs(built):
    return kzmach.observations(root=built)


def one(obs, indicator, start, end, **where):
    rows = obs[
        (obs["indicator"] == indicator)
        & (obs["period_start"] == pd.Timestamp(start))
        & (obs["period_end"] == pd.Timestamp(end))
    ]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, rows[["figure_id", "value"]]
    return rows.iloc[0]


def test_seed_000_figures(obs):
    # Output 376 bn tenge in 2010 and 870 bn in 2014, nominal levels in bn KZT.
    assert one(obs, "mb_output", date(2010, 1, 1), date(2010, 12, 31))["value"] == 376
    row = one(obs, "mb_output", date(2014, 1, 1), date(2014, 12, 31), source_id="seed-000")
    assert (row["value"], row["unit"], row["basis"]) == (870, "bn KZT", "nominal_value")
    # "2,3 есе" over 2010-2014: a multiple of 2.3 is growth of (2.3 - 1) * 100 = +130%.
    growth = one(obs, "mb_output_growth_nominal", date(2010, 1, 1), date(2014, 12, 31))
    assert growth["value"] == pytest.approx(130)
    assert growth["value_form"] == "multiple"
    # More than 638.1 bn tenge in Jan-Aug 2018 (a year-to-date, not the year), growth 13.8%.
    ytd = one(obs, "mb_output", date(2018, 1, 1), date(2018, 8, 31))
    assert (ytd["value"], ytd["qualifier"], ytd["period_type"]) == (638.1, "more_than", "ytd")
    assert "period" in ytd["inferred"]
    assert one(obs, "mb_output_growth", date(2018, 1, 1), date(2018, 8, 31))["value"] == 13.8
    # 117.7 bn tenge and more than 19 thousand cars in Jan-Aug 2018, 1.6 times 2017's.
    assert one(obs, "auto_output", date(2018, 1, 1), date(2018, 8, 31))["value"] == 117.7
    cars = one(obs, "vehicle_production", date(2018, 1, 1), date(2018, 8, 31))
    assert (cars["value"], cars["qualifier"]) == (19000, "more_than")
    times = one(obs, "vehicle_production_growth", date(2018, 1, 1), date(2018, 8, 31))
    assert times["value"] == pytest.approx(60)  # 1.6 times = +60%
    # Share of manufacturing 9.7% -> 14.8%.
    shares = obs[
        (obs["indicator"] == "mb_share_of_manufacturing") & (obs["source_id"] == "seed-000")
    ]
    assert sorted(shares["value"]) == [9.7, 14.8]


def test_seed_001_figures(obs):
    real_2022 = one(
        obs, "mb_output_growth_real", date(2022, 1, 1), date(2022, 12, 31), source_id="seed-001"
    )
    assert (real_2022["value"], real_2022["basis"]) == (11, "real_growth")
    real_ytd = one(obs, "mb_output_growth_real", date(2023, 1, 1), date(2023, 10, 31))
    assert (real_ytd["value"], real_ytd["period_type"]) == (27, "ytd")
    level = one(obs, "mb_output", date(2023, 1, 1), date(2023, 10, 31))
    assert level["value"] == 3300  # 3.3 trillion tenge = 3,300 bn
    counts = obs[obs["source_id"] == "seed-001"].set_index("figure_id")["value"]
    assert counts["s001-01"] == 79 and counts["s001-02"] == 7 and counts["s001-07"] == 37
    jobs = obs.set_index("figure_id").loc["s001-08"]
    assert (jobs["value"], jobs["value_upper"], jobs["qualifier"]) == (8, 10, "up_to")


def test_other_seed_counts(obs):
    by_id = obs.set_index("figure_id")
    assert by_id.loc["s002-01", ["value", "qualifier"]].tolist() == [700, "more_than"]
    assert by_id.loc["s002-02", "value"] == 20
    assert by_id.loc["s004-04", "value"] == 33
    assert by_id.loc["s004-01", ["value", "figure_type"]].tolist() == [2600, "target"]
    assert by_id.loc["s004-02", "value"] == 24  # thousand USD per worker
    assert by_id.loc["s004-03", "value"] == 2  # bn USD
    assert by_id.loc["s003-05", ["value", "basis"]].tolist() == [55, "rank"]
    assert by_id.loc["s003-03", "value"] == pytest.approx(70)  # 1,7 есе = +70%


@pytest.mark.parametrize(
    ("collection", "table", "file"),
    [
        ("public-pages", "public-pages.csv", "figures-from-public-pages.csv"),
        ("official-pages", "official-pages.csv", "official-series-from-public-pages.csv"),
    ],
)
def test_every_collection_row_is_covered(built, collection, table, file):
    from kzmach.paths import project_paths
    from kzmach.raw.figure_tables import read_exclusions

    raw = built / "data" / "raw"
    with (raw / "public-figures" / file).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        lines = set()
        while True:
            start = reader.line_num + 1
            if next(reader, None) is None:
                break
            lines.add(start)
    with (raw / "figures" / table).open(encoding="utf-8") as f:
        used = {int(r["source_line"]) for r in csv.DictReader(f)}
    exclusions, problems = read_exclusions(project_paths(built))
    excluded = {line for (source, line) in exclusions if source == collection}
    assert not problems
    assert lines == used | excluded
    assert not used & excluded


def test_multi_value_cells_are_split(obs):
    # Line 12 packs "11; 93.5; 40.6" thousand vehicles for three periods.
    line12 = obs[(obs["source_line"] == 12) & (obs["indicator"] == "vehicle_production")]
    assert sorted(line12["value"]) == [11000, 40600, 93500]
    assert set(line12["period_type"]) == {"year", "ytd"}


def test_every_indicator_used_is_declared_and_every_declared_is_used(built):
    used = set()
    for path in (built / "data" / "raw" / "figures").glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            used |= {r["indicator"] for r in csv.DictReader(handle) if "indicator" in r}
    # and those the registered releases map to (the Bureau's tables, the trade tables)
    used |= set(kzmach.observations(root=built)["indicator"])
    declared = set(catalogue.ids())
    assert used <= declared, used - declared
    unused = {i.id for i in catalogue.indicators() if i.id not in used and not i.reserved}
    assert not unused, f"declared but unused and not reserved: {sorted(unused)}"


def test_catalogue_names_in_three_languages():
    for indicator in catalogue.indicators():
        assert all(indicator.names[lang].strip() for lang in ("en", "ru", "kk")), indicator.id


def test_readme_conflicts_are_surfaced(built):
    conflicts = kzmach.conflicts(root=built)
    pairs = {
        (r.indicator, r.period_label, frozenset({r.value_a, r.value_b}))
        for r in conflicts.itertuples()
    }
    assert ("mb_output", "2014", frozenset({870, 905})) in pairs  # vs "905 bn a year 2013-2014"
    assert ("mb_output", "2021", frozenset({2300, 2400})) in pairs  # 2.3 vs 2.4 trn
    fdi = conflicts[(conflicts.indicator == "mb_fdi") & (conflicts.period_label == "2022")]
    assert sorted(fdi[["value_a", "value_b"]].values.ravel().tolist()) == [470, 500]
    assert fdi["reconcilable"].item()  # "over 470" and "about 500" can both hold
    # 196 -> 193 bn (electrical output, Jan-Aug) stand only in the collector's value cell, not in
    # the quote: kept with that caveat, but no evidence against the stated +34.3% (review,
    # issue 13), so no conflict and no claim rests on them.
    assert not (conflicts.indicator == "electrical_output_growth").any()
    cells = kzmach.observations("electrical_output", root=built).set_index("figure_id")
    assert set(cells.loc[["p066-c", "p066-d"], "found_in"]) == {"value_cell"}
    claims = kzmach.claims(root=built)
    assert not claims["base_figure"].isin(["p066-c", "p066-d"]).any()


def test_the_bureaus_tables_against_stated_figures(built):
    conflicts = kzmach.conflicts(root=built)
    bureau = "bns-2026-09-17-tables-5792-5931-mirror"
    # 2023: the mirror's 128.18082005488523 (line 363) is derived, not published, so it is not
    # set against the +25.4% stated by the Bureau's release (p069-a) and the Ministry (p070-a)
    index_2023 = conflicts[
        (conflicts["period_label"] == "2023")
        & conflicts["figure_a"].str.startswith(bureau)
        & (conflicts["indicator"] == "mb_output_growth_real")
    ]
    assert index_2023.empty
    # industry 2023: 104.4 in the table against the first release's 4.3% (o009-a, o022-b)
    industry = conflicts[
        (conflicts["indicator"] == "industry_output_growth_real")
        & (conflicts["period_label"] == "2023")
    ]
    assert {"o009-a", "o022-b"} & set(industry["figure_b"])
    assert set(industry["value_a"].round(1)) == {4.4}
    # the mirror is one origin: its three files never conflict with each other, and the
    # 2022 manufacturing index 103.6 against Karabayev's 3.4% (p048-b) is listed once
    mirror = ("bns-mfg-pvi", "release-" + bureau, "web-github.com-c09254")
    assert not (conflicts["source_a"].isin(mirror) & conflicts["source_b"].isin(mirror)).any()
    mfg_2022 = conflicts[
        (conflicts["indicator"] == "mfg_output_growth_real") & (conflicts["period_label"] == "2022")
    ]
    assert len(mfg_2022) == 1 and mfg_2022["figure_b"].item() == "p048-b"


def test_no_conflict_between_year_to_date_and_full_year(built):
    conflicts = kzmach.conflicts(root=built)
    assert not (
        conflicts["period_label"].str.contains("to date")
        & conflicts["figure_b"].str.startswith("p041")
    ).any()


def test_polars_backend_matches_pandas(built):
    pandas_frame = kzmach.observations("mb_output", root=built)
    polars_frame = kzmach.observations("mb_output", backend="polars", root=built)
    # every column, row by row: dates, texts and numbers alike (dtypes differ by library)
    pd.testing.assert_frame_equal(
        pandas_frame.reset_index(drop=True), polars_frame.to_pandas(), check_dtype=False
    )


def test_series_picks_one_value_per_period_and_keeps_alternatives(built):
    output = kzmach.series("mb_output", root=built)
    assert not output.duplicated(["period_start", "period_end", "period_type"]).any()
    y2021 = output[output["period_label"] == "2021"].iloc[0]
    # three pages, and the sum of the Bureau's twelve months (derived: a stated figure leads)
    assert y2021["n_sources"] == 4 and len(y2021["alternatives"]) == 3
    assert y2021["figure_type"] == "actual"
    assert not y2021["values_agree"]  # 2.3 vs 2.4 trn
    # The default rule prefers the latest publication among equal web pages; a page dated
    # only "2022" counts as 1 January 2022, so the one of 22 September 2022 (2.3 trn) wins
    # over the draft plan's page (2.4 trn), whose 31 December is a placeholder
    assert (y2021["value"], y2021["figure_id"]) == (2300, "p032-a")
    assert "p034-a" in y2021["alternatives"]
    obs = kzmach.observations("mb_output", root=built).set_index("figure_id")
    assert obs.loc["p034-a", "vintage_precision"] == "year"
    forced = kzmach.series("mb_output", prefer=[obs.loc["p034-a", "source_id"]], root=built)
    assert forced[forced["period_label"] == "2021"].iloc[0]["value"] == 2400
    # The Bureau's tables outrank the pages for the manufacturing index; of the two files of
    # the Bureau's table, the later vintage (the long file, 2026) stands first
    mfg = kzmach.series("mfg_output_growth_real", root=built).set_index("period_label")
    assert mfg.loc["2022", "source_id"] == "release-bns-2026-09-17-tables-5792-5931-mirror"
    assert mfg.loc["2022", "value"] == pytest.approx(3.6)
    assert "bns-mfg-pvi-2022" in mfg.loc["2022", "alternatives"]


def test_unknown_indicator_is_a_clear_error(built):
    with pytest.raises(KeyError, match="did you mean mb_output"):
        kzmach.observations("mb_outptu", root=built)


def test_the_bureaus_series_are_dense_and_first(built):
    growth = kzmach.series("mb_output_growth_real", root=built)
    years = growth[growth["period_type"] == "year"].set_index("period_label")
    wanted = [str(year) for year in range(2009, 2026)]
    assert set(wanted) <= set(years.index)
    bureau = "release-bns-2026-09-17-tables-5792-5931-mirror"
    others = [year for year in wanted if year != "2023"]
    assert (years.loc[others, "source_id"] == bureau).all()
    # 2023: the mirror's unrounded 128.18082005488523 is derived, not published: the
    # published +25.4% (p069-a, the Bureau's release as a page quotes it) stands first
    assert years.loc["2023", "value"] == pytest.approx(25.4)
    assert years.loc["2023", "figure_id"] == "p069-a"
    gva = kzmach.series("mb_gva", root=built)
    years = gva[gva["period_type"] == "year"]
    assert [int(p.year) for p in years["period_start"]] == list(range(2013, 2026))
    # and every quarter of them, cumulated from January and on its own (2013 Q1 – 2025 Q4)
    assert (gva["period_type"] == "quarter").sum() == 13 + 3 * 13


def test_a_text_vintage_of_a_month_or_a_year_is_known_from_its_last_day():
    import pandas as pd

    from kzmach.data import known_mask

    frame = pd.DataFrame({"published": ["2023-05-11", "2023-09", "2023", "2024", "", None]})
    assert known_mask(frame, "2023-09-30", "published") == [True, True, False, False, True, True]
    assert known_mask(frame, "2023-12-31", "published") == [True, True, True, False, True, True]
