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
# # Trade in machinery: exports and imports of HS 84–90, and Kazakhstan among its peers
#
# The Bureau's foreign-trade tables give each month's exports and imports by HS chapter
# (`kzmach ingest`; the README says how to add next month's table). **HS 84–90** (machinery,
# electrical equipment, railway, vehicles, aircraft, ships, instruments) is a *product*
# definition: what crossed the border. It is not the ОКЭД *industry* of output and value
# added (divisions 26–30 and 33), nor the ministry's own definition of machine-building
# exports, which it does not publish; the export targets are measured with it as a stated
# stand-in that includes re-exports, flagged as US-dollar targets whatever unit their
# source states, each judged on its own year's exports (notebook 03).
#
# **Method.** Months are summed into years to date (January–N beside the same months a year
# earlier), complete years (a year missing a month, as 2022's chapters, is never a full
# year) and rolling 12 months; HS 84–90 is summed only in months where every chapter has a
# number. The current year is estimated from its January–N by the method with the best
# record: the latest ratio (last year × the growth so far), the mean and the median of the
# past ratios of January–N to the full year, and a seasonal naive forecast with drift of
# the months to come are each backtested on every past complete year, estimated from its
# own January–N (a rolling origin); the one with the lowest mean absolute percentage error
# on the years all of them estimate is used. Its interval runs from the smallest to the
# largest ratio of actual to estimate in its backtest, and the table says how often such
# an interval held. An incomplete year (2022) is never used and is named as left out (IMF,
# Quarterly National Accounts Manual 2017, ch. 6 and 10; Hyndman & Athanasopoulos, FPP3
# §5.2, §5.5 and §5.10). Estimates are labelled as such and never enter the series of
# actuals.
#
# **Caveats.** Values are in current US dollars: their growth mixes volumes, prices and the
# tenge's exchange rate, and is no real growth. HS 84–90 counts re-exports (an aircraft
# leased abroad and returned is HS 88 both ways) and none of the repair that ОКЭД 33 holds.
# The sums of chapters and of months are kzmach's (marked derived), not the Bureau's. The
# statistics mirror gives no publication date: a table's vintage is the day its copy was
# taken. World Bank peer values equal to the year before (within a relative 1e-8) are
# carried over, not measured, and are left out of the ranks. "Medium and high-tech"
# includes chemicals and pharmaceuticals, and Kazakhstan's export share rose in years when
# its HS 84–85 exports, largely re-exported, more than doubled in two years.

# %% tags=["parameters"]
language = "en"  # en, ru or kk: every label, title and footer follows it
as_of = None  # "YYYY-MM-DD": only figures published by then; None: everything published
base_years = {}  # target-gap base years by programme or target id, e.g. {"Comprehensive Plan 2024-2028": 2022}
export_dir = None  # where charts are exported; None: the project's reports/figures

# %%
import kzmach
from kzmach import charts

# %% [markdown]
# ## Years: exports and imports of HS 84–90

# %%
trade = kzmach.trade(as_of=as_of)
years = trade[(trade["chapter"] == "84–90") & (trade["period_type"] == "year")]
columns = ["flow", "period_label", "value", "complete", "share_of_total", "growth", "coverage"]
kzmach.show(years[columns].round(2), language)

# %%
trade_chart = charts.machinery_trade(language, as_of=as_of)
trade_chart.export(export_dir)
trade_chart

# %% [markdown]
# ## This year: January–N and the estimate of the year
#
# When the latest year is complete there is nothing to estimate; the tables below then show
# how the methods would have estimated that year from its January–June, beside the actual.
# The second table is the record the choice rests on: each method's error in every past
# year it could estimate, from what was known at the time.

# %%
estimate = kzmach.nowcast(as_of=as_of)
months = None if not estimate.empty else 6
if estimate.empty:
    estimate = kzmach.nowcast(as_of=as_of, months=months)
kzmach.show(estimate.round(1), language)

# %%
record = kzmach.nowcast_record("exports", "84–90", as_of=as_of, months=months)
errors = record.pivot(index="year", columns="estimator", values="error_pct")
kzmach.show(errors.round(1), language)

# %% [markdown]
# ## The chapter mix: when one chapter drives the total
#
# Aircraft (HS 88) come and go in large lots: a year with deliveries lifts the whole
# machinery total, so a rise of HS 84–90 says little until the chapters show what drove it.

# %%
chapters = trade[
    (trade["flow"] == "exports") & (trade["period_type"] == "year") & trade["complete"]
]
by_chapter = chapters.pivot(index="period_label", columns="chapter", values="part_of_sum")
kzmach.show(by_chapter.round(1), language)

# %%
chapter_chart = charts.trade_chapters(language, as_of=as_of)
chapter_chart.export(export_dir)
chapter_chart

# %% [markdown]
# ## Kazakhstan among its peers
#
# The World Bank's indicators of one definition for every country: the share of medium and
# high-tech industry in manufacturing value added (UNIDO) and in manufactured exports.
# A value equal to the year before within a relative 1e-8 (carried over, not measured) or
# one that jumps by a factor of three from both neighbouring years is flagged. Kazakhstan is
# ranked among the countries measured in its latest measured year; every other country is
# drawn at its own latest measured year, that year beside its bar, and not ranked.

# %%
peers = kzmach.peers("mfg_mht_share_of_value_added", as_of=as_of)
kzmach.show(peers[peers["region"] == "Kazakhstan"].tail(8), language)

# %%
doubtful = kzmach.peers("mfg_mht_share_of_exports", as_of=as_of)
kazakhstan_doubtful = doubtful[doubtful["doubtful"] & (doubtful["region"] == "Kazakhstan")]
kzmach.show(kazakhstan_doubtful, language, ["year", "value", "doubt"])

# %%
peer_chart = charts.peer_comparison(language, as_of=as_of)
peer_chart.export(export_dir)
peer_chart
