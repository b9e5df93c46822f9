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
# The share of machine building in manufacturing output is often **stated** in speeches and
# press releases (9.7% in 2010, 14.8% in 2014, ...). Where both output levels are known for a
# year, kzmach also **computes** it.
#
# **Method.** Computed share = machine-building output ÷ manufacturing output × 100, both in
# current prices and for the same full year. The two can differ because sources round, use different
# definitions (manufacturing vs all industry), or use preliminary data.
#
# The second part checks every stated growth rate and share against the levels the same
# sources give (the claims check): a claim "disagrees" when it lies outside what the levels'
# rounding allows.
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
shares[["period_label", "share_stated", "share_computed", "difference_pp", "stated_figures"]]

# %%
share_chart = charts.share_of_manufacturing(language, as_of=as_of)
share_chart.export(export_dir)
share_chart

# %% [markdown]
# ## Contribution to manufacturing growth
#
# Contribution (percentage points) = machine building's share of manufacturing in the
# previous year × its real growth ÷ 100. It needs a share and a real growth rate for the
# same year, which the sources give only for a few years.

# %%
kzmach.manufacturing_contributions(as_of=as_of)

# %% [markdown]
# ## Claims check
#
# Each stated growth rate or share, recomputed from the levels in the sources. Where several
# pairs of levels could test a claim, the chart shows the range of computed values.

# %%
claims = kzmach.claims(as_of=as_of)
claims[["claim_figure", "indicator", "period_label", "stated", "computed", "verdict"]]

# %%
claims_chart = charts.claims_check(language, as_of=as_of)
claims_chart.export(export_dir)
claims_chart
