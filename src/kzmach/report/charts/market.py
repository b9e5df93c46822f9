"""Chart 17: the domestic market of key machinery products, and the import prices of machinery.

Left: for cars, buses, trucks, tractors and freight wagons, the share of the supply
(production + imports) made in Kazakhstan and imported, January to the latest month, with
the share made here a year earlier marked, from the Bureau's resources and use of products
(:func:`kzmach.analysis.domestic_market.domestic_market`). Right: the import prices of HS
sections XVI and XVII on the same month a year earlier, derived from the Bureau's indices
chained to the previous December (:func:`kzmach.analysis.prices.chained_changes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from kzmach.metadata import catalogue
from kzmach.metadata.products import BRIEFING_PRODUCTS
from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import (
    Message,
    Root,
    by_figure,
    chart_context,
    compose_chart,
    period_label,
)
from kzmach.report.charts.style import (
    COLOURS,
    LABEL_PT,
    fit_columns,
    format_number,
    format_signed,
    house_style,
    new_figure,
    number_axis,
)
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["MarketData", "domestic_market_chart", "draw", "message", "select"]

#: The import price indices drawn, each with its colour.
PRICE_LINES: Final = (
    ("import_prices_hs84_85", COLOURS["primary"]),
    ("import_prices_hs86_89", COLOURS["secondary"]),
)
#: How many months of import prices are drawn.
PRICE_MONTHS: Final = 36


@dataclass(frozen=True, slots=True)
class MarketData:
    """The key products' latest period, the import prices' months, and the figures drawn."""

    products: pd.DataFrame
    prices: pd.DataFrame
    plotted: pd.DataFrame

    def points(self, language: str) -> pd.DataFrame:
        """Every drawn value: each product's flows and share, each month's price change."""
        from kzmach.report.charts.data import derived_point, points_frame

        rows: list[dict[str, object]] = []
        for record in self.products.to_dict("records"):
            ids = [_product_figure_id(record["release"], record["rows"], record["period"])]
            for column, unit in (
                ("production", str(record["unit"])),
                ("imports", str(record["unit"])),
                ("domestic_sales", str(record["unit"])),
                ("production_share_of_supply", "%"),
            ):
                rows.append(
                    derived_point(
                        self.plotted, ids, language, series=f"{record['key']}:{column}",
                        label=str(record["product"]), period=str(record["period_label"]),
                        value=float(record[column]), unit=unit,
                    )
                )  # fmt: skip
        for record in self.prices.to_dict("records"):
            ids = [str(i) for i in str(record["figure_ids"]).split("|")]
            rows.append(
                derived_point(
                    self.plotted, ids, language, series=f"{record['indicator']}:year_on_year",
                    label=catalogue.get(str(record["indicator"])).name(language),
                    period=period_label(record, language), value=float(record["year_on_year"]),
                    unit="%",
                )
            )  # fmt: skip
        return points_frame(rows)


def _product_figure_id(release: str, row: object, period: str) -> str:
    """Return the figure id of a product-period's values: its release, row and period.

    The products have no observations; their release rows stand in as figures, by this id
    in both the footer's rows and the chart's points.
    """
    return f"{release}-r{row}-{period}"


def _plotted_products(values: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Give the products' release values the columns a footer reads, one row a product-period.

    They have no indicator (physical units of 46 products): their release is their source.
    """
    import pandas as pd

    first = values.drop_duplicates(["release", "row", "figure_period"])
    source = sources.set_index("source_id")
    bounds = first["figure_period"].str.split("/", expand=True)
    return pd.DataFrame(
        {
            "figure_id": [
                _product_figure_id(*key)
                for key in zip(first["release"], first["row"], first["figure_period"], strict=True)
            ],
            "figure_type": "actual", "period_type": "ytd",
            "period_start": pd.to_datetime(bounds[0] + "-01"),
            "period_end": pd.to_datetime(bounds[1] + "-01") + pd.offsets.MonthEnd(0),
            "basis": "count", "unit": "units", "qualifier": "exact",
            "maturity": first["maturity"], "inferred": "", "release": first["release"],
            "vintage": pd.to_datetime(first["published"]), "source_id": first["source_id"],
            "source_kind": "statistics",
            "source_title": first["source_id"].map(source["title"]),
            "source_publisher": first["source_id"].map(source["publisher"]),
            "source_url": first["source_id"].map(source["url"]),
            "source_published": first["source_id"].map(source["published"]),
        }
    )  # fmt: skip


def select(
    observations: pd.DataFrame, values: pd.DataFrame, sources: pd.DataFrame, language: str
) -> MarketData:
    """Pick the key products' latest period and three years of import-price changes."""
    import pandas as pd

    from kzmach.analysis.domestic_market import domestic_market
    from kzmach.analysis.prices import import_price_changes
    from kzmach.raw.releases.resource_use import RESOURCE_USE_FLOWS

    table = domestic_market(values, RESOURCE_USE_FLOWS, language)
    if table.empty:
        raise ValueError("no resources-and-use table is known for this date")
    latest = table["period"].max()
    products = table[
        (table["kind"] == "product")
        & (table["period"] == latest)
        & table["key"].isin(BRIEFING_PRODUCTS)
    ]
    products = (
        products.set_index("key")
        .reindex(list(BRIEFING_PRODUCTS))
        .dropna(subset=["product_code"])
        .reset_index()
    )
    changes = import_price_changes(observations, [i for i, _ in PRICE_LINES])
    changes = changes[changes["year_on_year"].notna()]
    months = observations[observations["indicator"].isin([i for i, _ in PRICE_LINES])]
    recent = changes.sort_values(["year", "month"]).groupby("indicator").tail(PRICE_MONTHS)
    recent = recent.assign(figure_ids=[_price_ids(months, r) for r in recent.to_dict("records")])
    used = [i for ids in recent["figure_ids"] for i in ids.split("|")]
    resource = values[values["release"].isin(products["release"])]
    plotted = pd.concat(
        [_plotted_products(resource, sources), by_figure(observations, used)], ignore_index=True
    )
    return MarketData(products, recent.reset_index(drop=True), plotted)


def _price_ids(months: pd.DataFrame, record: dict[Any, Any]) -> str:
    """Return the figures a year-on-year change rests on: the month, its year-ago, December."""
    import pandas as pd

    year, month = int(str(record["year"])), int(str(record["month"]))
    wanted = [pd.Timestamp(year, month, 1), pd.Timestamp(year - 1, month, 1)]
    wanted.append(pd.Timestamp(year - 1, 12, 1))
    rows = months[
        (months["indicator"] == record["indicator"]) & months["period_start"].isin(wanted)
    ]
    return "|".join(rows["figure_id"].astype(str))


def message(data: MarketData, language: str) -> Message:
    """Say how many cars were made against sold, and the latest machinery import prices."""
    cars = data.products.iloc[0]
    prices = data.prices[data.prices["indicator"] == PRICE_LINES[0][0]].iloc[-1]
    title = term(
        "title_domestic_market",
        language,
        period=str(cars["period_label"]),
        product=str(cars["product"]),
        made=format_number(float(cars["production"]), language, 0),
        sold=format_number(float(cars["domestic_sales"]), language, 0),
        share=format_number(float(cars["production_share_of_supply"]), language, 0),
        month=period_label(prices, language),
        prices=format_signed(float(prices["year_on_year"]), language),
    )
    rows = "; ".join(
        f"{r['product']}: {format_number(float(r['production_share_of_supply']), language, 1)}%"
        for _, r in data.products.iterrows()
    )
    return Message(title, term("subtitle_domestic_market", language), f"{title}. {rows}.")


def _draw_products(axis: Axes, products: pd.DataFrame, language: str) -> None:
    """Draw each product's supply split into made here and imported, top to bottom."""
    ordered = products.iloc[::-1].reset_index(drop=True)
    for position, row in enumerate(ordered.to_dict("records")):
        made = float(row["production_share_of_supply"])
        axis.barh(position, made, color=COLOURS["primary"], height=0.62)
        axis.barh(position, 100 - made, left=made, color=COLOURS["light"], height=0.62)
        earlier = float(
            row["production_share_of_supply"] - row["production_share_of_supply_change_pp"]
        )
        if earlier == earlier:
            axis.plot(
                [earlier, earlier],
                [position - 0.38, position + 0.38],
                color=COLOURS["text"],
                lw=1.6,
            )
        text = term(
            "market_made_sold", language,
            made=format_number(float(row["production"]), language, 0),
            sold=format_number(float(row["domestic_sales"]), language, 0),
        )  # fmt: skip
        axis.annotate(
            f"{format_number(made, language, 0)}% · {text}", (0, position + 0.31),
            xytext=(0, 2), textcoords="offset points", fontsize=LABEL_PT - 2, va="bottom",
        )  # fmt: skip
    axis.set_yticks(range(len(ordered)), ordered["product"].tolist(), fontsize=LABEL_PT - 1)
    axis.set_xlim(0, 100)
    axis.set_ylim(-0.5, len(ordered) - 0.1)
    axis.set_xlabel(term("market_share_axis", language), fontsize=8)
    axis.grid(axis="y", visible=False)
    axis.set_title(str(products["period_label"].iloc[0]), fontsize=10, loc="left")


def _draw_prices(axis: Axes, prices: pd.DataFrame, language: str) -> None:
    """Draw the year-on-year change of each import price index, month by month."""
    from matplotlib.dates import DateFormatter, YearLocator

    for indicator, colour in PRICE_LINES:
        line = prices[prices["indicator"] == indicator].sort_values("period_start")
        axis.plot(line["period_start"], line["year_on_year"], color=colour, lw=1.8)
        last = float(line["year_on_year"].iloc[-1])
        axis.lines[-1].set_label(
            term(f"market_prices_{indicator}", language) + f": {format_signed(last, language)}%"
        )
    axis.axhline(0, color=COLOURS["subtle"], lw=0.8)
    number_axis(axis, language, "%")
    axis.grid(axis="x", visible=False)
    axis.set_title(term("market_prices_title", language), fontsize=10, loc="left")
    axis.xaxis.set_major_locator(YearLocator())
    axis.xaxis.set_major_formatter(DateFormatter("%Y"))
    axis.tick_params(axis="x", labelsize=8)
    low, high = axis.get_ylim()
    axis.set_ylim(low, high + (high - low) * 0.25)  # the key sits above the lines
    axis.legend(loc="upper left", fontsize=7.5, frameon=False, handlelength=1.2)


def draw(data: MarketData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw the products' supply (left) and the import prices (right)."""
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        left, right = box.side_by_side(figure)
        _draw_products(left, data.products, language)
        _draw_prices(right, data.prices, language)
        fit_columns(figure, [[left], [right]], gap=0.06)
    return figure


def domestic_market_chart(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Chart the key products made here against imported, and the import prices of machinery.

    Shares of supply in physical units (cars with cars), from the Bureau's resources and use
    of products, January to the latest month; import prices year on year derived from the
    indices chained to the previous December (:mod:`kzmach.analysis.domestic_market`,
    :mod:`kzmach.analysis.prices`).
    """
    import pandas as pd

    from kzmach.api import release_values, sources

    context = chart_context(language, as_of, root)
    values = release_values(as_of=context.as_of, root=root)
    known = sources(root=root)
    assert isinstance(known, pd.DataFrame)
    data = select(context.observations, values, known, language)
    said = message(data, language)
    return compose_chart("domestic_market", context, data, said, draw)
