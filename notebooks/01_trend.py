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
# # Machine-building output: trend, real growth, vehicles and sub-sectors
#
# What this notebook shows, for Kazakhstan's machine building (машиностроение, машина жасау):
#
# * output in **current prices** (nominal tenge) by year, with the **real growth** (physical
#   volume index) the statistics report beside it;
# * the log-linear **trend** of the full-year levels, and an extrapolation;
# * growth by **sub-sector** and **vehicle production**.
#
# **Caveats.** A year-to-date figure (say January–October) is never a full year: charts draw
# it hatched and label its months, and no calculation mixes the two. Nominal growth includes
# price changes; real growth does not, and growth whose basis the source leaves unstated is
# kept apart from both. Where several sources give a figure for the same year, the one kept
# follows `kzmach.series`' preference rule (official statistics, then documents, then web
# pages; exact before "more than"; the latest publication). Every chart's footer lists its
# sources and the caveats that apply, generated from the data.

# %% tags=["parameters"]
language = "en"  # en, ru or kk: every label, title and footer follows it
as_of = None  # "YYYY-MM-DD": only figures published by then; None: everything published
base_years = {}  # target-gap base years by programme or target id, e.g. {"Comprehensive Plan 2024-2028": 2022}
export_dir = None  # where charts are exported; None: the project's reports/figures

# %%
import kzmach
from kzmach import charts

# %% [markdown]
# ## Output, current prices
#
# Every figure with its source and quote is in `kzmach.observations("mb_output")`; here, one
# value per period, months aside (they follow below). A year no source states is the sum of
# the Bureau's twelve months (2020 and 2023 on; figure type "summed by kzmach"); a stated
# year leads.

# %%
output = kzmach.series("mb_output", as_of=as_of)
kzmach.show(
    output[output["period_type"] != "month"],
    language,
    ["period_label", "value", "qualifier", "figure_type", "source_id", "values_agree"],
)

# %%
output_chart = charts.output_trend(language, as_of=as_of)
output_chart.export(export_dir)
output_chart

# %% [markdown]
# ## Trend
#
# Method: ordinary least squares of log output on the year; the slope is the average annual
# growth. Its interval uses the classical OLS error and Student's t when there are fewer than
# 20 years, and Newey-West (HAC) errors from 20 years, which need a long sample (Kiefer and
# Vogelsang, 2005); `describe()` says which, and on how many years.
# With fewer than eight full years, or gaps between them, the result is labelled illustrative:
# the years here are uneven (press figures to 2019, the Bureau's monthly table from 2020), and
# a trend in current prices mixes volume and inflation. The extrapolation below is an
# illustration of that trend, not a forecast.

# %%
levels = kzmach.annual_series("mb_output", as_of=as_of)
output_trend = kzmach.log_linear_trend(levels)
output_trend.describe(language)

# %%
extrapolation = kzmach.forecast(levels, horizon=3)
print(extrapolation.said(language))
kzmach.show(extrapolation.frame, language)

# %% [markdown]
# ## Real growth: the Bureau's physical volume index
#
# The Bureau's index of machine building (divisions 26–30, table 5792; value added, table
# 5931, covers 26–30 and 33) for every year since 1990, chained into a volume index (the
# first year of the run = 100). Unlike the output levels, this series is long, consecutive
# and in constant prices, so `kzmach.forecast` can forecast rather than illustrate.
#
# **Method.** The model is fitted from 2000 (`start=`, after the 1990s collapse and rebound,
# whose swings no model of today's industry should learn from). A rolling-origin backtest
# makes a one-step forecast from every year with eight years behind it, by exponential
# smoothing (ETS, additive trend, on logs) and by the naive and drift benchmarks, and
# compares their mean absolute percentage errors (Hyndman & Athanasopoulos, *Forecasting:
# Principles and Practice*, 3rd ed., §5.10). ETS forecasts only if it beats drift;
# otherwise the drift method does, with its own interval (§5.5), and the message says so.

# %%
volume = kzmach.volume_index("mb_output_growth_real", as_of=as_of)
kzmach.show(volume.tail(10).round(1), language)

# %%
volume_forecast = kzmach.forecast(volume, horizon=3)
print(volume_forecast.said(language))
kzmach.show(volume_forecast.backtest.round(2), language)

# %%
kzmach.show(volume_forecast.frame.round(1), language)

# %% [markdown]
# **Against the target.** The Comprehensive Plan's ×2.2 by 2028 is measured with this index.
# The multiple it still needs is set beside the best the index achieved over as many years,
# on its whole record and since 2010, whose windows leave out the 1999–2002 rebound
# (reference-class forecasting, Flyvbjerg 2006; notebook 03 has every target).

# %%
volume_target = kzmach.target_gap(as_of=as_of, assumptions=base_years)
volume_target = volume_target[volume_target["target_id"] == "cp2028-pvi"]
kzmach.show(
    volume_target.round(3),
    language,
    [
        "target_id",
        "base_year",
        "status",
        "alt_status",
        "multiple_needed",
        "best_multiple",
        "best_window",
        "recent_best_multiple",
        "recent_best_window",
    ],
)

# %% [markdown]
# ## This year so far: output month by month
#
# The Bureau's monthly output of machine building (divisions 26–30; industrial output by
# region and activity, Taldau index 701592) in current prices, summed by kzmach into each
# year's January–N beside the same months a year earlier, and into complete years. The year
# in progress is estimated from its January–N by the method with the best backtest record,
# as exports are (notebook 05; FPP3 §5.10). Output in current prices includes price changes:
# its growth is nominal, unlike the physical volume index above.

# %%
output_months = kzmach.monthly("mb_output", "Kazakhstan", as_of=as_of)
so_far = output_months[
    output_months["period_type"].isin(["ytd", "year"]) & output_months["complete"]
]
kzmach.show(so_far.tail(8)[["period_label", "value", "growth"]].round(1), language)

# %%
output_estimate = kzmach.nowcast("mb_output", as_of=as_of)
estimate_columns = ["year", "months_known", "year_to_date", "estimate", "low", "high", "method"]
kzmach.show(output_estimate[estimate_columns].round(1), language)

# %% [markdown]
# ## Vehicles and sub-sectors
#
# Vehicle production is a count of units (cars, buses, lorries); plans stated by officials are
# drawn as outlines, never as outcomes. Sub-sector growth comes mostly from press statements
# that do not say whether it is real or nominal; the footer says so.

# %%
vehicles_chart = charts.vehicle_production(language, as_of=as_of)
vehicles_chart.export(export_dir)
vehicles_chart

# %%
subsector_chart = charts.subsector_growth(language, as_of=as_of)
subsector_chart.export(export_dir)
subsector_chart
