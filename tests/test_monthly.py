"""Machine building month by month and region by region: the Bureau's monthly output table.

The genuine download (``data/raw/releases/bns/2026-12-07-output-by-region-monthly-…``, the
statistics mirror's copy of Taldau index 701592) is read as it is; every figure below was
recomputed by hand from its rows (million tenge, each month's own output).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzmach
from kzmach.analysis.monthly import monthly_table
from kzmach.analysis.trade import trade_table
from kzmach.raw.releases.mirror_rows import frequency_of

ROOT = Path(__file__).resolve().parents[1]
RELEASE = next(
    (ROOT / "data/raw/releases/bns").glob("*-output-by-region-monthly-2020-2026m04/*/*.csv")
)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with RELEASE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def output(built) -> pd.DataFrame:
    return kzmach.monthly("mb_output", root=built)


def _by_hand(rows: list[dict[str, str]], region: str, year: int, months: int = 12) -> float:
    """Sum a region's 26–30 months of a year from the file's rows, bn tenge."""
    return (
        sum(
            float(r["value"])
            for r in rows
            if r["region"] == region
            and r["item_code"] == "26-30"
            and r["date"].startswith(f"{year}-")
            and int(r["date"][5:7]) <= months
        )
        / 1000
    )


def test_twelve_months_give_the_years_the_press_rounds(rows, output):
    national = output[(output["region"] == "Kazakhstan") & (output["period_type"] == "year")]
    complete = national[national["complete"]]
    years = complete.set_index(complete["period_start"].dt.year)["value"]
    for year in range(2020, 2026):
        assert years[year] == pytest.approx(_by_hand(rows, "national", year), rel=1e-12)
    # 2.30 and 3.11 trn tenge: the figures the press quotes for 2021 and 2022
    assert round(years[2021], 1) == 2304.8 and round(years[2022], 1) == 3114.9
    assert [round(years[y], 1) for y in (2023, 2024, 2025)] == [4171.9, 4642.5, 5708.2]
    # 2026 has four months: listed as such, never as a full year
    year_2026 = national[national["period_start"].dt.year == 2026].iloc[0]
    assert (year_2026["complete"], year_2026["months"]) == (False, 4)


def test_january_to_april_2026_against_the_same_months_of_2025(rows, output):
    to_date = output[(output["region"] == "Kazakhstan") & (output["period_type"] == "ytd")]
    to_date = to_date.set_index(to_date["period_start"].dt.year)
    now, before = _by_hand(rows, "national", 2026, 4), _by_hand(rows, "national", 2025, 4)
    assert to_date.loc[2026, "value"] == pytest.approx(now, rel=1e-12)
    assert round(now, 1) == 1814.7 and round(before, 1) == 1587.3
    # (1,814.72 / 1,587.27 - 1) * 100 = +14.33%: a nominal growth, current prices
    assert to_date.loc[2026, "growth"] == pytest.approx((now / before - 1) * 100)
    assert round(to_date.loc[2026, "growth"], 1) == 14.3
    assert set(output["basis"]) == {"nominal"}
    assert to_date.loc[2026, "period_label"] == "Jan–Apr 2026"


def test_the_regions_add_up_to_the_republic_every_month(output):
    months = output[output["period_type"] == "month"]
    national = months[months["region"] == "Kazakhstan"].set_index("period_start")["value"]
    regions = months[months["region"] != "Kazakhstan"].groupby("period_start")["value"].sum()
    assert len(national) == 76  # January 2020 – April 2026
    # to 0.002 million tenge, the mirror's rounding (2e-6 bn)
    assert (regions - national).abs().max() < 2e-6
    # 20 regions from June 2022 (Abai, Zhetysu and Ulytau split off), 17 before
    counted = months[months["region"] != "Kazakhstan"].groupby("period_start")["region"].nunique()
    assert counted[pd.Timestamp("2022-05-01")] == 17 and counted[pd.Timestamp("2022-06-01")] == 20


def test_kostanay_makes_a_quarter_of_machine_building(rows, output):
    years = output[(output["period_type"] == "year") & (output["period_start"].dt.year == 2025)]
    share = years.set_index("region")["value"] / _by_hand(rows, "national", 2025) * 100
    assert share["Kostanay Region"] == pytest.approx(_by_hand(rows, "KST", 2025) / 5708.24895 * 100)
    assert round(share["Kostanay Region"], 1) == 24.5
    assert round(share["Almaty"], 1) == 18.5 and round(share["Astana"], 1) == 11.0


def test_output_and_trade_share_one_monthly_engine(built):
    """The months, years to date, years and windows of exports are the engine's for any flow."""
    observations = kzmach.observations(root=built)
    trade = trade_table(observations)
    total = trade[(trade["flow"] == "exports") & (trade["chapter"] == "total")]
    engine = monthly_table(observations, "exports_total", "Kazakhstan")
    key = ["period_type", "period_start", "period_end"]
    joined = total.merge(engine, on=key, suffixes=("_trade", "_engine"))
    assert len(joined) == len(total) == len(engine)
    for column in ("value", "months", "complete", "period_label", "growth"):
        pd.testing.assert_series_equal(
            joined[f"{column}_trade"], joined[f"{column}_engine"], check_names=False
        )


def test_this_years_output_is_estimated_by_the_method_with_the_best_record(built):
    estimate = kzmach.nowcast("mb_output", root=built).iloc[0]
    assert (estimate["year"], estimate["months_known"]) == (2026, 4)
    assert estimate["year_to_date"] == pytest.approx(1814.72, abs=0.01)
    assert estimate["low"] <= estimate["estimate"] <= estimate["high"]
    assert estimate["label"] == "estimate" and pd.isna(estimate["actual"])
    # the chosen method has the lowest backtest error of those compared on the same years
    from kzmach.analysis.monthly import monthly_series
    from kzmach.analysis.nowcast import nowcast_monthly

    series = monthly_series(kzmach.observations(root=built), "mb_output")
    found = nowcast_monthly(series)
    assert found is not None and found.method == estimate["chosen"]
    assert found.mape[found.method] == min(found.mape.values())


def test_a_stated_year_is_tested_against_its_twelve_months(built):
    claims = kzmach.claims(root=built)
    summed = claims[claims["tested_against"] == "sum of months"].set_index("claim_figure")
    # "2.3 trn tenge" in 2021 (2.25-2.35 trn) against 2,304.8 bn: agrees; "2.4 trn": not
    assert summed.loc["p032-a", "verdict"] == "agrees"
    assert summed.loc["p032-a", "computed"] == pytest.approx(2304.8049, abs=1e-4)
    assert summed.loc["p034-a", "verdict"] == "disagrees"
    # "3.1 trn" in 2022 against 3,114.9 bn
    assert summed.loc["p049-a", "verdict"] == "agrees"


def test_a_region_of_a_monthly_table_is_named_by_the_mirrors_code(built):
    regions = set(kzmach.monthly("mb_output", root=built)["region"])
    assert {"Kostanay Region", "Almaty", "Almaty Region", "Abai Region", "Ulytau Region"} <= regions
    assert len(regions) == 21  # the republic and its 20 regions


@given(
    st.lists(
        st.tuples(st.integers(2000, 2030), st.sampled_from([1, 4, 7, 10])), min_size=1, max_size=40
    )
)
def test_quarter_first_days_are_quarters_and_any_other_month_makes_months(quarters):
    dates = [(year, month, 1) for year, month in quarters]
    assert frequency_of(dates) == "quarterly"
    assert frequency_of([*dates, (2020, 2, 1)]) == "monthly"
    assert frequency_of([*dates, (2020, 12, 31)]) == "mixed"


def test_a_cumulated_trade_table_is_refused(tmp_path):
    from kzmach.raw.releases.readers import ReleaseError, read_release

    path = tmp_path / "trade.csv"
    path.write_text(
        "date,region,item_code,item_name,value,transformation\n"
        "2020-01-01,national,HS84,84 машин,1.5,level (year-to-date cumulative)\n",
        encoding="utf-8",
    )
    with pytest.raises(ReleaseError, match=r"row 2, column transformation: .* is not a level"):
        read_release(path, "trade-by-chapter-csv")
    # the same layout with ОКЭД codes may be cumulated from January (value added by quarter)
    path.write_text(path.read_text(encoding="utf-8").replace("HS84", "26"), encoding="utf-8")
    assert read_release(path, "mirror-rows-csv").height == 1


def test_output_by_region_keeps_the_months_of_every_region(rows):
    counted: dict[str, int] = defaultdict(int)
    for row in rows:
        counted[row["region"]] += 1
    # 76 months in 17 regions, 47 (June 2022 on) in the three new ones; the republic 76 x 3
    assert counted["KST"] == 76 and counted["ABY"] == 47 and counted["national"] == 228


# --- regions ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regions(built) -> pd.DataFrame:
    return kzmach.regions(root=built)


def _year(table: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = table[(table["period_type"] == "year") & (table["period_start"].dt.year == year)]
    return rows.set_index("region")


def test_each_regions_share_and_growth_by_hand(rows, regions):
    y2025, y2024 = _year(regions, 2025), _year(regions, 2024)
    kostanay = _by_hand(rows, "KST", 2025)
    assert y2025.loc["Kostanay Region", "value"] == pytest.approx(kostanay, rel=1e-12)
    assert y2025.loc["Kostanay Region", "share_of_country"] == pytest.approx(
        kostanay / _by_hand(rows, "national", 2025) * 100
    )
    assert y2025.loc["Kostanay Region", "growth"] == pytest.approx(
        (kostanay / _by_hand(rows, "KST", 2024) - 1) * 100
    )
    # largest first within a period: Kostanay, Almaty city, Astana
    regions_2025 = [r for r in y2025.index if r != "Kazakhstan"]
    assert regions_2025[:3] == ["Kostanay Region", "Almaty", "Astana"]
    assert y2024.loc["Kazakhstan", "share_of_country"] == pytest.approx(100)


def test_growth_across_the_2022_split_is_on_the_old_borders(rows, regions):
    y2023 = _year(regions, 2023)
    # 2023 on 2022: 2022 holds months before June, so East Kazakhstan is compared on its old
    # borders, Abai added back in both years; Abai itself has no growth
    old = (_by_hand(rows, "VKO", 2023) + _by_hand(rows, "ABY", 2023)) / (
        _by_hand(rows, "VKO", 2022) + _by_hand(rows, "ABY", 2022)
    )
    assert y2023.loc["East Kazakhstan Region", "growth"] == pytest.approx((old - 1) * 100)
    assert y2023.loc["East Kazakhstan Region", "borders"] == "old"
    assert pd.isna(y2023.loc["Abai Region", "growth"])
    assert y2023.loc["Abai Region", "borders"] == "formed 2022"
    # 2024 on 2023: both after the split, each region compared with itself
    y2024 = _year(regions, 2024)
    assert y2024.loc["Abai Region", "borders"] == "new"
    assert y2024.loc["Abai Region", "growth"] == pytest.approx(
        (_by_hand(rows, "ABY", 2024) / _by_hand(rows, "ABY", 2023) - 1) * 100
    )


def test_concentration_of_the_regions(regions):
    from kzmach.analysis.regions import concentration

    found = concentration(regions).set_index("period_label")
    shares = _year(regions, 2025).drop(index="Kazakhstan")["share_of_country"]
    assert found.loc["2025", "regions"] == 20
    assert found.loc["2025", "top5_share"] == pytest.approx(shares.nlargest(5).sum())
    assert found.loc["2025", "herfindahl"] == pytest.approx((shares**2).sum())
    # the shares of the regions add up to the republic: the index's bounds hold
    assert shares.sum() == pytest.approx(100, abs=1e-6)
    assert 10_000 / 20 <= found.loc["2025", "herfindahl"] <= 10_000


def test_machine_buildings_share_of_a_regions_manufacturing(regions, built):
    # Kostanay 2025: 26–30 output over manufacturing's gross output (table 81477)
    y2025 = _year(regions, 2025)
    gross = kzmach.observations("mfg_gross_output", root=built)
    kostanay = gross[(gross["region"] == "Kostanay Region") & (gross["period_label"] == "2025")]
    assert kostanay["value"].iloc[0] == pytest.approx(2692.8401)
    assert y2025.loc["Kostanay Region", "share_of_manufacturing"] == pytest.approx(
        y2025.loc["Kostanay Region", "value"] / 2692.8401 * 100
    )
    assert pd.isna(_year(regions, 2021).loc["Kostanay Region", "share_of_manufacturing"])


def test_a_quarter_split_evenly_over_its_months_is_marked():
    from kzmach.analysis.regions import repeated_months

    months = pd.DataFrame(
        {
            "period_start": pd.date_range("2023-01-01", periods=6, freq="MS"),
            # Q1 one value three times (a quarter's 3,150.5 split evenly), Q2 monthly
            "value": [1050.166667, 1050.166667, 1050.166667, 900.0, 1100.0, 1000.0],
        }
    )
    assert repeated_months(months).tolist() == [True, True, True, False, False, False]
    # the genuine table holds no such run in its 26–30 rows (its thirds are not repeats)
    assert repeated_months(months.iloc[3:]).sum() == 0


# --- a later download -----------------------------------------------------------------------


def _with_may_2026(target: Path) -> Path:
    """Copy the monthly output table with May 2026 (April's rows x 1.2) and one month revised.

    Revised: the republic's 26–30 in January 2026 (+100 million tenge).
    """
    with RELEASE.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    added = []
    for record in records:
        if (record["date"], record["region"], record["item_code"]) == (
            "2026-01-01",
            "national",
            "26-30",
        ):
            record["value"] = f"{float(record['value']) + 100:.3f}"
        if record["date"] == "2026-04-01":
            added.append(
                {**record, "date": "2026-05-01", "value": f"{float(record['value']) * 1.2:.3f}"}
            )
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records + added)
    return target


@pytest.mark.slow
def test_a_later_download_of_the_monthly_output_is_a_new_vintage(tmp_path, rows):
    from conftest import copy_raw_without_releases
    from kzmach.pipeline.build import build

    root = copy_raw_without_releases(tmp_path / "project")
    name = (
        "Объем производства промышленной продукции (товаров, услуг) по регионам и видам "
        "деятельности"
    )
    described = {"name": name, "unit": "млн. тенге", "root": root, "dry_build": False}
    kzmach.ingest(RELEASE, published="2026-06-01", **described)
    later = _with_may_2026(tmp_path / "later-output.csv")
    kzmach.ingest(later, published="2026-07-01", **described)
    build(root)
    months = kzmach.monthly("mb_output", "Kazakhstan", root=root)
    to_date = months[(months["period_type"] == "ytd")].set_index("period_label")
    # January–May 2026: January–April with January revised (+0.1 bn), and May = April x 1.2
    april = _by_hand(rows, "national", 2026, 4) - _by_hand(rows, "national", 2026, 3)
    expected = _by_hand(rows, "national", 2026, 4) + 0.1 + april * 1.2
    assert to_date.loc["Jan–May 2026", "value"] == pytest.approx(expected, rel=1e-9)
    assert to_date.loc["Jan–May 2026", "growth"] == pytest.approx(
        (expected / _by_hand(rows, "national", 2025, 5) - 1) * 100
    )
    estimate = kzmach.nowcast("mb_output", root=root).iloc[0]
    assert (estimate["year"], estimate["months_known"]) == (2026, 5)
    # the older vintage still says what it said: as of before the later one, January–April
    earlier = kzmach.monthly("mb_output", "Kazakhstan", as_of="2026-06-15", root=root)
    assert earlier[earlier["period_type"] == "month"]["period_start"].max() == pd.Timestamp(
        "2026-04-01"
    )
    releases = kzmach.releases(root=root)
    new = releases[releases["original_name"] == later.name]["release"].iloc[0]
    old = releases[releases["original_name"] == RELEASE.name]["release"].iloc[0]
    changes = kzmach.diff(old, new, root=root)
    added = changes[changes["change"] == "new"]
    assert set(added["period"]) == {"2026-05"}
    assert len(added) == len([r for r in rows if r["date"] == "2026-04-01"])
    revised = changes[changes["change"] == "revised"]
    assert {(r.series, r.period) for r in revised.itertuples()} == {("mb_output", "2026-01")}


def test_the_registered_monthly_and_quarterly_tables_are_the_shared_files():
    shared = ROOT.parent / "shared" / "sources" / "statistics-mirror"
    if not shared.is_dir():
        pytest.skip("../shared is not beside the project")
    releases = ROOT / "data/raw/releases/bns"
    for folder, name in (
        ("monthly", RELEASE.name),
        ("quarterly", "value-added-by-division-quarterly-ytd-2013q1-2025q4.csv"),
        ("regions", "output_by_region_section__C_manufacturing.csv"),
    ):
        registered = next(releases.glob(f"*/*/{name}"))
        assert registered.read_bytes() == (shared / folder / name).read_bytes(), name
