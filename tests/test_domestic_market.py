"""The domestic market of machinery products and the import prices of machinery.

Figures recomputed by hand from the genuine downloads kept under ``data/raw/releases/bns/``:
the resources-and-use table (publication 19065, January–July 2026 and 2025) and the import
price indices by HS section (% of the previous December).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzmach
from kzmach.metadata.products import KEY_PRODUCTS, PRODUCT_GROUPS
from kzmach.raw.releases.common import ReleaseError, SourceFile
from kzmach.raw.releases.readers import detect_format
from kzmach.raw.releases.resource_use import (
    IDENTITY_FLAG,
    RESOURCE_USE_HEADER,
    read_resource_use,
)

ROOT = Path(__file__).resolve().parents[1]
RESOURCE_USE = next(
    (ROOT / "data/raw/releases/bns").glob("*-resources-and-use-machinery-*/*/*.csv")
)
PRICES = next((ROOT / "data/raw/releases/bns").glob("*-import-prices-hs-sections-*/*/*.csv"))


def _products() -> dict[str, dict[str, str]]:
    with RESOURCE_USE.open(encoding="utf-8", newline="") as handle:
        return {r["product_code"]: r for r in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def market(built):
    return kzmach.domestic_market(root=built)


def test_cars_made_against_sold_as_published(market):
    cars = _products()[KEY_PRODUCTS["cars"].code]
    made, sold = float(cars["production"]), float(cars["domestic_sales"])
    assert (made, sold) == (102870, 255140)
    row = market[(market["key"] == "cars") & (market["period_label"] == "Jan–Jul 2026")].iloc[0]
    assert row["production"] == made and row["domestic_sales"] == sold
    assert row["production_to_sales"] == pytest.approx(100 * 102870 / 255140)  # 40.3%
    supply = 102870 + float(cars["imports"])
    assert row["production_share_of_supply"] == pytest.approx(100 * 102870 / supply)
    assert row["import_penetration"] == pytest.approx(100 * float(cars["imports"]) / sold)
    # the change on January–July 2025, by hand
    assert row["production_growth"] == pytest.approx(100 * (102870 / 75406 - 1))
    before = 100 * 75406 / (75406 + float(cars["imports_prev_year"]))
    assert row["production_share_of_supply_change_pp"] == pytest.approx(
        100 * 102870 / supply - before
    )


def test_the_identity_holds_but_in_the_two_excavator_rows(market, built):
    broken = []
    for code, row in _products().items():
        for suffix in ("", "_prev_year"):
            p, i, e, d = (
                float(row[f"{f}{suffix}"])
                for f in ("production", "imports", "exports", "domestic_sales")
            )
            if abs(p + i - e - d) > max(1.0, 0.01 * max(p, i, e, d)):
                broken.append((code, suffix))
    assert len(broken) == 2 and all(code.startswith("ekskavatory") for code, _ in broken)
    flagged = market[market["flagged"]]
    assert sorted(flagged["product_code"]) == sorted(code for code, _ in broken)
    assert flagged[["production_share_of_supply", "import_penetration"]].isna().all().all()
    # kept as published, with the flag in the note of each of their four values
    values = kzmach.release_values(root=built)
    notes = values[values["note"].fillna("").str.startswith(IDENTITY_FLAG)]
    assert len(notes) == 8 and set(notes["value"]) >= {42527.0, 720.0}


def test_a_group_leaves_flagged_products_out_of_every_period_and_says_so(market):
    rows = _products()
    group = PRODUCT_GROUPS["construction_machinery"]
    kept = [c for c in group.codes if not c.startswith("ekskavatory")]
    for label, suffix in (("Jan–Jul 2026", ""), ("Jan–Jul 2025", "_prev_year")):
        total = market[
            (market["key"] == "construction_machinery") & (market["period_label"] == label)
        ]
        assert len(total) == 1
        assert total.iloc[0]["domestic_sales"] == pytest.approx(
            sum(float(rows[c][f"domestic_sales{suffix}"]) for c in kept)
        )
        assert "Excavators and shovel loaders" in total.iloc[0]["left_out"]
    vehicles = market[
        (market["key"] == "road_motor_vehicles") & (market["period_label"] == "Jan–Jul 2026")
    ]
    assert vehicles.iloc[0]["production"] == sum(
        float(rows[c]["production"]) for c in PRODUCT_GROUPS["road_motor_vehicles"].codes
    )
    assert vehicles.iloc[0]["left_out"] == ""


def test_product_names_are_in_every_language(built):
    for language in ("en", "ru", "kk"):
        table = kzmach.domestic_market(language=language, root=built)
        named = table[table["key"] != ""]
        assert set(named["product"]) == {
            p.names[language] for k, p in KEY_PRODUCTS.items() if k in set(named["key"])
        } | {g.names[language] for k, g in PRODUCT_GROUPS.items() if k in set(named["key"])}
    assert "янв–июл 2026" in set(kzmach.domestic_market(language="ru", root=built)["period_label"])


def test_import_prices_year_on_year_from_the_december_chain(built):
    with PRICES.open(encoding="utf-8", newline="") as handle:
        index = {(r["item_code"], r["date"]): float(r["value"]) for r in csv.DictReader(handle)}
    prices = kzmach.import_prices(root=built)
    section = prices[prices["indicator"] == "import_prices_hs84_85"].set_index("period_label")
    # July 2026 on July 2025: the month on December 2025, December 2025 on July 2025
    by_hand = (
        index[("XVI", "2026-07-01")] * index[("XVI", "2025-12-01")] / index[("XVI", "2025-07-01")]
    )
    assert section.loc["Jul 2026", "year_on_year"] == pytest.approx(by_hand - 100)
    assert section.loc["Jul 2026", "index_to_previous_december"] == pytest.approx(
        index[("XVI", "2026-07-01")]
    )
    # a December is the year's December-on-December change; the chain's first year has no y/y
    assert section.loc["Dec 2023", "december_on_december"] == pytest.approx(
        index[("XVI", "2023-12-01")] - 100
    )
    assert section.loc["Dec 2023", "year_on_year"] == pytest.approx(
        section.loc["Dec 2023", "december_on_december"]
    )
    assert section.loc[[f"{m} 2020" for m in ("Jan", "Jul", "Dec")], "year_on_year"].isna().all()
    assert set(prices["indicator"]) == {
        "import_prices_hs84_85",
        "import_prices_hs86_89",
        "import_prices_hs90_92",
        "import_prices_all_goods",
    }


def test_the_price_table_is_not_taken_for_trade():
    # sorted by date, its head is all TOTAL rows: a trade table's codes, had only the head
    # been looked at
    assert detect_format(PRICES) == "mirror-rows-csv"
    assert detect_format(RESOURCE_USE) == "resources-and-use-csv"


def _write(tmp_path: Path, rows: list[list[str]]) -> SourceFile:
    path = tmp_path / "resource-use.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RESOURCE_USE_HEADER)
        writer.writerows(rows)
    return SourceFile(path, path.name)


@settings(max_examples=40, deadline=None)
@given(
    flows=st.lists(st.integers(0, 10**6), min_size=6, max_size=6),
    error=st.integers(-(10**6), 10**6),
)
def test_the_identity_is_checked_on_every_row_and_period(tmp_path_factory, flows, error):
    p, i, p0, i0, e_share, e0_share = flows
    e, e0 = min(e_share, p + i), min(e0_share, p0 + i0)
    sales, sales0 = max(0, p + i - e + error), p0 + i0 - e0  # a level is never negative
    row = ["2026-07", "x_shtuk", "Изделие, штук", p, p0, i, i0, e, e0, sales, sales0]
    source = _write(tmp_path_factory.mktemp("ru"), [[str(c) for c in row]])
    frame = read_resource_use(source)
    assert frame.height == 8  # every value read, the flagged ones too
    notes = frame.filter(frame["period"] == "2026-07")["note"].cast(str).to_list()
    breaks = abs(p + i - e - sales) > max(1.0, 0.01 * max(p, i, e, sales))
    assert all(n.startswith(IDENTITY_FLAG) for n in notes) == breaks
    assert all(n == "" for n in frame.filter(frame["period"] == "2025-07")["note"].cast(str))


def test_bad_input_names_the_file_row_and_column(tmp_path):
    source = _write(tmp_path, [["2026-13", "x", "Изделие, штук", *["1"] * 8]])
    with pytest.raises(ReleaseError, match=r"resource-use\.csv.*row 2.*period_end"):
        read_resource_use(source)
    source = _write(tmp_path, [["2026-07", "x", "Изделие без единицы", *["1"] * 8]])
    with pytest.raises(ReleaseError, match=r"row 2.*product"):
        read_resource_use(source)
    source = _write(tmp_path, [["2026-07", "x", "Изделие, штук", "1", "один", *["1"] * 6]])
    with pytest.raises(ReleaseError, match=r"row 2.*production_prev_year"):
        read_resource_use(source)


def test_the_price_change_implied_by_the_volume_index_of_january_october_2023(built):
    monthly = next((ROOT / "data/raw/releases/bns").glob("*-output-by-region-monthly-*/*/*.csv"))
    with monthly.open(encoding="utf-8", newline="") as handle:
        months = {
            r["date"]: float(r["value"])
            for r in csv.DictReader(handle)
            if r["region"] == "national" and r["item_code"] == "26-30"
        }

    def january_october(year: int) -> float:
        return sum(months[f"{year}-{m:02d}-01"] for m in range(1, 11))

    nominal = 100 * (january_october(2023) / january_october(2022) - 1)
    assert nominal == pytest.approx(39.4, abs=0.05)  # the mirror's README: about +39%
    table = kzmach.implied_price_change(root=built).set_index("period_label")
    row = table.loc["Jan–Oct 2023"]
    assert row["volume_growth"] == 27.0 and row["nominal_growth"] == pytest.approx(nominal)
    assert row["implied_price_change"] == pytest.approx(100 * (1 + nominal / 100) / 1.27 - 100)
    assert "implied" in row["derived"] and "27" in row["volume_quote"]


@pytest.mark.slow  # end to end: a chart drawn in full in three languages
def test_the_domestic_market_chart_says_what_the_table_says_and_cites_it(built):
    from kzmach.report.charts import CHARTS

    cars = _products()[KEY_PRODUCTS["cars"].code]
    chart = CHARTS["domestic_market"]("en", root=built)
    assert "102,870 made in Kazakhstan against 255,140 sold" in chart.title
    share = 100 * 102870 / (102870 + float(cars["imports"]))
    assert f"{share:.0f}% of supply made here" in chart.title
    points = chart.points.set_index("series")
    assert points.loc["cars:production", "value"] == 102870
    assert "resources-and-use" in points.loc["cars:production", "figure_ids"]
    assert chart.footer.source_line.startswith("Source: Bureau of National Statistics")
    assert any("Jan–Jul 2026" in note for note in chart.footer.notes)
    russian = CHARTS["domestic_market"]("ru", root=built)
    assert "Легковые автомобили" in russian.title and "102\u00a0870" in russian.title
