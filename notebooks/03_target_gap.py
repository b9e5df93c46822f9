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
# # Official targets: how far machine building is from each
#
# The targets come from the Roadmap for machine building to 2024, the Comprehensive Plan for
# 2024–2028, the State programme of industrial-innovative development 2020–2025 and the 2021
# State-of-the-Nation Address, each tied to the sentence that states it
# (`kzmach.targets()`).
#
# **Method.** A level target (2.6 trn tenge by 2024) is met when the latest full-year level
# reaches it. A growth target ("2.2 times by 2028") needs a base year; where the source does
# not state one, the year before the target period is assumed, and the `base_years`
# parameter overrides it. For a growth target the annual rate required from the base year is
# compared with the rate achieved so far: on track, at risk or off track, each with the rule
# that gave it. "Not measurable" means the sources have no series to measure it with yet.
#
# **Measures.** The Comprehensive Plan's ×4.5 is measured with the Bureau's gross value added
# of machine building (table 5931, current tenge) and its ×2.2 with the Bureau's physical
# volume index (table 5792, divisions 26–30) chained into a volume index equal to 100 in the
# base year. Other wordings of the same targets (the draft, the Prime Minister, the Union of
# Machine Builders, the Minister) are measured the same way where they can be; the `note`
# column says which measure stands in for which wording, and the dashboard's bars show the
# official wordings only.
#
# **Caveats.** Targets in current tenge can be reached through prices; the `price_flag`
# column says when growth came mainly from prices. Only full years count: a
# January–October figure never stands in for a year.

# %% tags=["parameters"]
language = "en"  # en, ru or kk: every label, title and footer follows it
as_of = None  # "YYYY-MM-DD": only figures published by then; None: everything published
base_years = {}  # target-gap base years by programme or target id, e.g. {"Comprehensive Plan 2024-2028": 2022}
export_dir = None  # where charts are exported; None: the project's reports/figures

# %%
import kzmach
from kzmach import charts

# %%
gaps = kzmach.target_gap(as_of=as_of, assumptions=base_years)
gaps[
    [
        "programme",
        "target_id",
        "wording",
        "measure_with",
        "base_year",
        "latest_period",
        "required_cagr",
        "achieved_cagr",
        "status",
        "rule",
    ]
]

# %%
gaps["status"].value_counts()

# %% [markdown]
# Targets reached mainly through prices, and the assumptions made about base years:

# %%
gaps.loc[gaps["price_flag"].fillna("") != "", ["target_id", "price_flag"]]

# %%
gaps[["target_id", "base_year", "base_year_source"]].dropna(subset=["base_year"])

# %%
dashboard = charts.target_gap_dashboard(language, as_of=as_of, assumptions=base_years)
dashboard.export(export_dir)
dashboard
