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
# not state one, the year before the target period is assumed (the `base_years` parameter
# overrides it), and the status under the other defensible base year (the last full year
# before the target was first stated) stands beside it: a status that changes with the base
# year is not a finding. The pace required from the latest year is compared with the pace
# achieved since the base year; below it, the target is *at risk* while the achieved pace
# kept to the target year still reaches 90% of the target, else *off track*, so the band
# narrows as the years left grow. Compound rates as in the IMF's Quarterly National
# Accounts Manual (2017, ch. 8). A target is judged on its own year: when the data reach
# beyond it, the year judged is the target year (the Roadmap's $2 bn of exports by 2024 on
# 2024's exports, not on a later year's).
#
# **The headline.** The dashboard leads with the *live* targets, those whose year the data
# have not reached, by programme, and then with what the earlier targets achieved. A status
# that the other base year turns into another measurable one is counted as *depends on base
# year* (`headline_status`), never as a finding either way.
#
# **Feasibility, not probability.** A dozen annual values cannot support a model whose
# probabilities could be trusted. Instead, the multiple still needed over the years left is
# set beside the best multiple the same series achieved over any window of that length: an
# "outside view" that anyone can check (Flyvbjerg 2006, reference-class forecasting). It is
# judged twice, on the whole record and on the windows since 2010 (`recent_`), because a
# record that includes the 1990s collapse has rebound windows (1999–2002) no economy of
# today repeats. The multiple needed of a series in current prices (tenge or US dollars) is
# a nominal multiple and is called so.
#
# **Measures.** The Comprehensive Plan's ×4.5 is measured with the Bureau's gross value added
# of machine building (table 5931, current tenge: divisions 26–30 and 33) and its ×2.2 with
# the Bureau's physical volume index (table 5792: divisions 26–30), chained into a volume
# index equal to 100 in the base year. So machine building is 26–30 in the index and
# 26–30 + 33 in value added; the price check below compares like with like, 26–30 on both.
#
# **One target, one count.** Each target is counted once, by its official wording. Other
# wordings of the same target (the draft, the Prime Minister, the Union of Machine Builders,
# the Minister) name it in `states_target` and are listed apart; they never add to a count.
#
# **Caveats.** Targets in current tenge can be reached through prices: `price_flag` gives
# the share of prices in the nominal growth from the base year to the latest year. Targets
# measured on a US-dollar series move with world prices and the exchange rate, and are
# flagged so whatever unit their source states them in (a "×3" of exports is a dollar
# target). The export targets are measured with HS 84–90 exports, a stand-in that includes
# re-exports (aircraft of HS 88 are not built in Kazakhstan). A level target that a year before
# it was set already reached points to a definition mismatch (`definition_flag`), not an
# achievement. Only full years count: a January–October figure never stands in for a year.

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
official = gaps[gaps["wording"] == "official"]
kzmach.show(
    official,
    language,
    [
        "programme",
        "target_id",
        "measure_with",
        "base_year",
        "latest_period",
        "required_cagr",
        "achieved_cagr",
        "projected_percent",
        "status",
        "rule",
    ],
)

# %% [markdown]
# How the headline counts them: live targets (their year still ahead of the data) and earlier
# ones, each by its headline status.

# %%
counted = official.value_counts(["horizon", "headline_status"]).reset_index()
kzmach.show(counted.sort_values(["horizon", "count"], ascending=[True, False]), language)

# %% [markdown]
# ### The base year decides
#
# Each growth target under the base year used and under the other defensible one:

# %%
kzmach.show(
    official.dropna(subset=["alt_base_year"]),
    language,
    ["target_id", "base_year", "status", "alt_base_year", "alt_status", "base_year_source"],
)

# %% [markdown]
# ### Feasibility: the multiple needed against the best the series has done, ever and since 2010

# %%
kzmach.show(
    official[official["feasibility"].fillna("") != ""].round(2),
    language,
    [
        "target_id",
        "multiple_needed",
        "years_left",
        "best_multiple",
        "best_window",
        "feasibility",
        "recent_best_multiple",
        "recent_best_window",
        "recent_feasibility",
    ],
)

# %% [markdown]
# ### Prices, dollars and definitions

# %%
kzmach.show(
    official[(official["price_flag"] != "") | (official["definition_flag"] != "")],
    language,
    ["target_id", "price_flag", "definition_flag"],
)

# %% [markdown]
# ### Other wordings of the same targets
#
# Listed for reference; the counts above do not include them.

# %%
kzmach.show(
    gaps[gaps["wording"] != "official"],
    language,
    ["target_id", "states_target", "measure_with", "base_year", "status", "alt_status"],
)

# %%
dashboard = charts.target_gap_dashboard(language, as_of=as_of, assumptions=base_years)
dashboard.export(export_dir)
dashboard
