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
# # Machine building's share of manufacturing, and stated figures checked
#
# The share of machine building in manufacturing is often **stated** in speeches and press
# releases (9.7% in 2010, 14.8% in 2014, ...), without saying of what.
#
# **Method.** kzmach computes the share by two definitions, never mixed:
#
# - **value added**: the Bureau's gross value added of machine building (ОКЭД 26–30 and 33,
#   table 5931) ÷ that of manufacturing × 100, every year 2013–2025;
# - **output**: machine-building output ÷ manufacturing output × 100, where both levels are
#   known for the same full year.
#
# Both are in current prices. They differ from each other (value added is output less
# intermediate consumption) and from stated shares, which round, use other definitions, or
# preliminary data.
#
# **Which machine building.** The Bureau's production index covers divisions 26–30; its
# value added covers 26–30 and 33 (repair and installation). Every comparison of volume with
# value here uses 26–30 on both sides: the value-added share of 26–30 alone went from 6.3%
# (2013) to 13.2% (2025), against 10.2% and 15.8% with 33.
#
# The second part checks every stated growth rate and share against the levels the same
# sources give (the claims check): a claim "disagrees" when it lies outside what the levels'
# rounding allows, and is "untestable" when that rounding is as wide as the claim. A stated
# share is tested against both definitions held, output and value added, and the table
# says which it matches.
#
# **Caveats.** Shares are of nominal output, so they move with relative prices. A
# year-to-date share is not a full-year share. Computed growth from two nominal levels is
# nominal growth, even when the claim it checks does not say.

# %% tags=["parameters"]
language = "en"  # en, ru or kk: every label, title and footer follows it
as_of = None  # "YYYY-MM-DD": only figures published by then; None: everything published
base_years = {}  # target-gap base years by programme or target id, e.g. {"Comprehensive Plan 2024-2028": 2022}
export_dir = None  # where charts are exported; None: the project's reports/figures

# %%
import kzmach
from kzmach import charts

# %% [markdown]
# ## Stated and computed shares

# %%
shares = kzmach.manufacturing_share(as_of=as_of)
kzmach.show(
    shares,
    language,
    [
        "period_label",
        "share_value_added",
        "share_computed",
        "share_stated",
        "difference_pp",
        "stated_figures",
    ],
)

# %%
share_chart = charts.share_of_manufacturing(language, as_of=as_of)
share_chart.export(export_dir)
share_chart

# %% [markdown]
# ## Contribution to manufacturing growth
#
# Contribution (percentage points) = the value-added share of divisions 26–30 in
# manufacturing in the previous year (table 5931, every year from 2013) × machine
# building's physical volume growth ÷ 100: value-added weights, as an industrial production
# index uses (UN IRIS 2010, ch. 5), not output shares, which count inputs twice. The
# Bureau's manufacturing index has fixed base-year weights, so this is the chain-linked
# approximation of the IMF's Quarterly National Accounts Manual (2017, ch. 8). The part of
# manufacturing's growth, in %, is the contribution ÷ manufacturing's growth × 100, given
# only where manufacturing grew by at least 1%: in 2015 (0.2%) and 2016 (0.6%) it would be
# a ratio to noise, so it is left blank.

# %%
contributions_to_manufacturing = kzmach.manufacturing_contributions(as_of=as_of)
kzmach.show(contributions_to_manufacturing.drop(columns="weight_basis").round(3), language)

# %% [markdown]
# ## Divisions: who drives machine building's real growth
#
# Contribution of division *d* in year *t* (percentage points) = its share of the previous
# year's value added of the whole aggregate the index measures (26–30) × its physical volume
# growth ÷ 100: weights are shares of the aggregate they explain (IMF QNA Manual 2017,
# ch. 8). Division 30 keeps its weight (13.7% of 2024's value added) though the Bureau
# publishes no index for it, so 26–29 explain only part of the growth (`va_weighted_growth`).
# The Bureau's index (26–30) has fixed base-year weights of its own (UN IRIS 2010, ch. 5):
# its growth less the divisions' contributions is **division 30 and the weighting
# difference**, shown as such and given to no division alone.

# %%
contributions = kzmach.division_contributions(as_of=as_of)
by_division = contributions.pivot(index="year", columns="division", values="contribution_pp")
kzmach.show(by_division.round(2), language)

# %%
division_chart = charts.division_growth(language, as_of=as_of)
division_chart.export(export_dir)
division_chart

# %% [markdown]
# The Bureau's value-added total for machine building equals the sum of its divisions
# except in 2018 and 2019 (`total_minus_sum`, bn tenge): shown, not hidden.

# %%
value_added = kzmach.division_value_added(as_of=as_of)
totals = value_added.groupby("year")[["sum_of_divisions", "mb_gva", "total_minus_sum"]].first()
kzmach.show(totals, language)

# %% [markdown]
# ### Value added by quarter
#
# The Bureau publishes value added by division cumulated from January (table 5931 by
# quarter); a quarter's own value is January to its end less January to the quarter before,
# derived by kzmach. Growth is on the same quarter a year earlier and in current prices:
# nominal. Where the table's total is not the sum of its divisions (2018 Q2 – 2019 Q4, a seam
# in the Bureau's file), the gap is shown and nothing is forced to add up. The latest quarter
# comes first.

# %%
quarters = kzmach.quarterly_value_added(as_of=as_of)
quarter_columns = ["period_label", "division", "value", "growth", "share_of_machine_building"]
kzmach.show(quarters.head(14)[quarter_columns].round(1), language)

# %%
seams = quarters[quarters["divisions_add_up"].eq(False)]
kzmach.show(seams[["period_label", "divisions_gap"]].round(1), language)

# %% [markdown]
# ## Claims check
#
# Each stated growth rate or share, recomputed from the levels in the sources. Where several
# pairs of levels could test a claim, the chart shows the range of computed values.

# %%
claims = kzmach.claims(as_of=as_of)
columns = ["claim_figure", "indicator", "period_label", "stated", "computed", "verdict"]
kzmach.show(claims, language, columns)

# %% [markdown]
# Which definition each stated share matches: output, value added, both or neither
# (`not value_added`: the only definition held for that year disagrees; the share may be of
# output).

# %%
kzmach.show(kzmach.share_definitions(as_of=as_of), language)

# %%
claims_chart = charts.claims_check(language, as_of=as_of)
claims_chart.export(export_dir)
claims_chart
