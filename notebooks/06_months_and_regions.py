# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Month by month, region by region: machine building's output and value added
#
# The Bureau's output of machine building (divisions 26–30) every month since 2020, for the
# republic and each of its regions (industrial output by region and activity, Taldau index
# 701592, as the statistics mirror gives it; `kzmach ingest`), and its value added by
# division every quarter since 2013 (table 5931, cumulated from January).
#
# **Method.** Months are summed into January–N of every year, beside the same months a year
# earlier, and into complete years (all twelve months, region by region); the year in
# progress is estimated from its January–N by the method with the best backtest record
# (latest, mean and median ratio, seasonal naive with drift; FPP3 §5.10; IMF QNA Manual 2017,
# ch. 6). A region's share is of the republic's output; concentration is the top five
# regions' share and the Herfindahl–Hirschman index of the shares (0–10,000). A quarter's own
# value added is January to its end less January to the quarter before.
#
# **Caveats.** Both tables are in current prices: every growth here is **nominal**, volumes
# and prices together, unlike the physical volume index of notebook 01. In June 2022 three
# regions were split off (Abai from East Kazakhstan, Zhetysu from Almaty Region, Ulytau from
# Karaganda): a growth across the split is computed on the old borders (the new region
# added back to its parent) and says so, or not at all. A region's share of manufacturing
# divides its industrial output of 26–30 by its manufacturing gross output in the national
# accounts (table 81477): two definitions, so the republic's is 15.2% in 2023 on this
# measure against 19.3% on the industrial output table alone. Value added by division does
# not add up to the total from 2018 Q2 to 2019 Q4 (a seam in the Bureau's file): shown.

# %% tags=["parameters"]
language = "en"  # en, ru or kk: every label, title and footer follows it
as_of = None  # "YYYY-MM-DD": only figures published by then; None: everything published
base_years = {}  # target-gap base years by programme or target id, e.g. {"Comprehensive Plan 2024-2028": 2022}
export_dir = None  # where charts are exported; None: the project's reports/figures

# %%
import kzmach
from kzmach import charts

# %% [markdown]
# ## This year so far

# %%
months = kzmach.monthly("mb_output", "Kazakhstan", as_of=as_of)
to_date = months[(months["period_type"] == "ytd") & months["complete"]]
kzmach.show(to_date[["period_label", "value", "growth"]].round(1), language)

# %% [markdown]
# The monthly table is in current prices. Where the press quotes the Bureau's volume index for
# the same months (+27% in January–October 2023), the nominal growth of those months is set
# beside it, and the price change between the two is derived: (1 + nominal) / (1 + volume) − 1,
# an implied change, not a published price index.

# %%
implied = kzmach.implied_price_change(as_of=as_of)
implied_columns = ["period_label", "volume_growth", "nominal_growth", "implied_price_change"]
kzmach.show(implied[implied_columns].round(1), language)

# %%
estimate = kzmach.nowcast("mb_output", as_of=as_of)
estimate_columns = ["year", "months_known", "estimate", "low", "high", "method", "backtest_mape"]
kzmach.show(estimate[estimate_columns].round(1), language)

# %% [markdown]
# ## Where machine building is made

# %%
regions = kzmach.regions(as_of=as_of)
latest_year = regions[regions["period_type"] == "year"]["period_start"].max()
latest = regions[(regions["period_type"] == "year") & (regions["period_start"] == latest_year)]
region_columns = ["region", "value", "share_of_country", "growth", "borders"]
kzmach.show(latest[region_columns + ["share_of_manufacturing"]].round(1), language)

# %%
concentration = kzmach.concentration(as_of=as_of)
concentration_columns = ["period_label", "regions", "top5_share", "herfindahl"]
kzmach.show(concentration[concentration_columns].round(1), language)

# %%
months_chart = charts.output_months(language, as_of=as_of)
months_chart.export(export_dir)
months_chart

# %% [markdown]
# ## Value added by quarter and division

# %%
quarters = kzmach.quarterly_value_added(as_of=as_of)
quarter_columns = ["period_label", "division", "value", "year_to_date", "growth"]
kzmach.show(quarters.head(7)[quarter_columns].round(1), language)

# %%
quarters_chart = charts.value_added_quarters(language, as_of=as_of)
quarters_chart.export(export_dir)
quarters_chart

# %% [markdown]
# ## The domestic market
#
# The Bureau's resources and use of products: production, imports, exports and domestic sales
# of 46 machinery products in their own units, January to the latest month and the same
# months a year earlier. The share of supply made here is production over production plus
# imports; import penetration is imports over domestic sales (the OECD's ratio). Where a
# product's flows do not add up (production + imports − exports ≠ domestic sales), it is
# kept as published, flagged, and left out of its group's total.

# %%
market = kzmach.domestic_market(language=language, as_of=as_of)
latest_period = market["period"].max()
market_columns = ["product", "production", "imports", "domestic_sales"]
market_columns += ["production_share_of_supply", "import_penetration", "flagged"]
named = market[(market["key"] != "") & (market["period"] == latest_period)]
kzmach.show(named[market_columns].round(1), language)

# %% [markdown]
# Import prices of machinery (HS section XVI), vehicles (XVII) and instruments (XVIII) are
# published as a percentage of the previous December; the change on the same month a year
# earlier is derived from that chain (the month on December, times December on the same month
# a year before).

# %%
prices = kzmach.import_prices(as_of=as_of)
price_columns = ["indicator", "period_label", "index_to_previous_december", "year_on_year"]
kzmach.show(prices.groupby("indicator").head(1)[price_columns].round(1), language)

# %%
market_chart = charts.domestic_market_chart(language, as_of=as_of)
market_chart.export(export_dir)
market_chart

# %% [markdown]
# ## Capacity utilisation of manufacturing
#
# The National Bank's monitoring survey of enterprises: the weighted average use of
# manufacturing capacity, % by quarter. A survey answer, context for output, not a measure of
# it.

# %%
utilisation = kzmach.series("mfg_capacity_utilisation", as_of=as_of)
kzmach.show(utilisation.tail(8)[["period_label", "value"]].round(1), language)

