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
# # The 2022 roadmap's measures: what falls due when, and who carries it
#
# The Roadmap for machine building to 2024 (order of the Prime Minister No. 104-ө of
# 16 June 2022, amending order No. 115-ө of 26 June 2019) lists 33 measures, each with the
# form its completion takes, a deadline and the bodies responsible. `kzmach.roadmap_measures(as_of=as_of)`
# parses them from the order's text at every build; nothing here is typed by hand.
#
# **Method.** Sections are the order's own headings. The lead body is the body named first
# (the order names no lead). "By agreement" marks bodies written with "(келісу бойынша)",
# which take part without being under the government's command. A deadline naming a month
# is due on its last day; "2022 – 2024 жылдары жыл сайын 30 маусымға қарай" is three
# deadlines, 30 June of 2022, 2023 and 2024. A measure is due by a date when one of its
# deadlines has passed.
#
# **Caveats.** The order does not report completion. Status stays "unknown" until a row with
# its source and quote is added to `data/raw/roadmap/measure-status.csv`; being due is not
# being late. Abbreviations follow the order; the glossary gives full names, and says
# "unknown" for the two it could not identify (МГМДХО, АТМКА).

# %% tags=["parameters"]
language = "en"  # en, ru or kk: every label, title and footer follows it
as_of = None  # "YYYY-MM-DD": the date the due-by analysis is for; None: today
base_years = {}  # target-gap base years by programme or target id, e.g. {"Comprehensive Plan 2024-2028": 2022}
export_dir = None  # where charts are exported; None: the project's reports/figures

# %%
import kzmach
from kzmach import charts

# %% [markdown]
# The order itself, and the 2024 results it expects, linked to the target registry:

# %%
document = kzmach.roadmap_document()
{key: document[key] for key in ("order_no", "order_date", "amends_no", "amends_date", "title_kk")}

# %%
document["expected_results"]

# %%
measures = kzmach.roadmap_measures(as_of=as_of)
columns = ["measure_no", "section", "deadline_text", "lead", "status", "completion_form"]
kzmach.show(measures, language, columns)

# %% [markdown]
# Measures per section:

# %%
sections = charts.roadmap_sections(language, as_of=as_of)
sections.export(export_dir)
sections

# %% [markdown]
# Who carries them: every body with the measures it leads, shares, or joins by agreement.

# %%
bodies = kzmach.roadmap_bodies(as_of=as_of)
body_counts = bodies.pivot_table(
    index=["body", f"name_{language}"], columns="by_agreement", values="measure_no", aggfunc="count"
)
kzmach.show(body_counts.fillna(0), language)

# %%
by_body = charts.roadmap_bodies_chart(language, as_of=as_of)
by_body.export(export_dir)
by_body

# %% [markdown]
# The deadline timeline, one row per measure:

# %%
timeline = charts.roadmap_timeline(language, as_of=as_of)
timeline.export(export_dir)
timeline

# %% [markdown]
# What was due by the chosen date (today when `as_of` is None):

# %%
due_chart = charts.roadmap_due_chart(language, as_of=as_of)
due_chart.export(export_dir)
due_chart

# %%
due = kzmach.roadmap_due(due_chart.extra["due_as_of"])
columns = [
    "measure_no",
    "deadline_text",
    "deadlines_passed",
    "deadlines_total",
    "next_due",
    "status",
]
kzmach.show(due, language, columns)

# %% [markdown]
# The glossary of the order's abbreviations:

# %%
names = ["name_kk", "name_ru", "name_en"]
kzmach.show(kzmach.roadmap_glossary(), language, ["abbreviation", *names, "confidence"])
