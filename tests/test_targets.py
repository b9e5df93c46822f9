"""The target registry: every official target, sourced, with honest base years."""

from __future__ import annotations

from pathlib import Path

import pytest

import kzmach
from kzmach.api import check

REGISTRY = Path("data/raw/targets.csv")


@pytest.fixture(scope="module")
def targets(built):
    return kzmach.targets(root=built).set_index("target_id")


@pytest.mark.parametrize(
    ("target_id", "form", "value", "year"),
    [
        # Roadmap to 2024: output 2.6 trn tenge, productivity 24 thousand USD, exports 2 bn USD
        ("rm2024-output", "level", 2600, 2024),
        ("rm2024-productivity", "level", 24, 2024),
        ("rm2024-exports", "level", 2, 2024),
        # Comprehensive Plan 2024-2028: GVA x4.5, physical volume x2.2, exports x3, investment x1.5
        ("cp2028-gva", "multiple", 4.5, 2028),
        ("cp2028-pvi", "multiple", 2.2, 2028),
        ("cp2028-exports", "multiple", 3, 2028),
        ("cp2028-investment", "multiple", 1.5, 2028),
        # ... and the other wordings: output x2.2, exports x2.9, productivity x1.9 or x2
        ("cp2028-output-draft", "multiple", 2.2, 2028),
        ("cp2028-exports-draft", "multiple", 2.9, 2028),
        ("cp2028-productivity-draft", "multiple", 1.9, 2028),
        ("cp2028-productivity-pm", "multiple", 2, 2028),
        # State programme 2020-2025: investment x2, productivity x1.7, exports x2.3,
        # ECI rank 55, enterprises per 1,000 x2.3
        ("sp2025-investment", "multiple", 2, 2025),
        ("sp2025-productivity", "multiple", 1.7, 2025),
        ("sp2025-exports", "multiple", 2.3, 2025),
        ("sp2025-eci", "rank", 55, 2025),
        ("sp2025-enterprises", "multiple", 2.3, 2025),
    ],
)
def test_issue_listed_targets(targets, target_id, form, value, year):
    row = targets.loc[target_id]
    assert row["target_form"] == form
    shown = row["target_multiple"] if form == "multiple" else row["target_value"]
    assert shown == pytest.approx(value)
    assert row["target_year"] == year
    assert row["quote"] and row["source_id"]


def test_no_base_year_is_invented(targets):
    multiples = targets[targets["target_form"] == "multiple"]
    assert set(multiples["base_year_stated"]) == {"no"}
    assert multiples["base_year"].isna().all()


def test_official_and_alternative_wordings(targets):
    official = targets[targets["wording"] == "official"]
    assert set(official["programme"]) >= {
        "Roadmap to 2024",
        "Comprehensive Plan 2024-2028",
        "State programme 2020-2025",
    }
    assert (targets["wording"] == "alternative").sum() >= 10


def test_bad_registry_rows_are_reported(scratch):
    path = scratch / REGISTRY
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "rm2024-exports,Roadmap to 2024,s004-03,", "rm2024-exports,Roadmap to 2024,s000-01,"
    )
    text = text.replace(
        "cp2028-pvi,Comprehensive Plan 2024-2028,s001-04,official,cp2028-pvi,,no,",
        "cp2028-pvi,Comprehensive Plan 2024-2028,s001-04,official,cp2028-pvi,2023,no,",
    )
    # an alternative wording that names no target
    text = text.replace(",alternative,cp2028-gva,", ",alternative,,", 1)
    path.write_text(text, encoding="utf-8")
    found = {(p.file, p.row, p.column) for p in check(scratch) if p.severity == "error"}
    assert (str(REGISTRY), 4, "figure_id") in found  # s000-01 is an actual figure
    assert (str(REGISTRY), 6, "base_year") in found  # a base year the source does not state
    assert (str(REGISTRY), 9, "states_target") in found  # cp2028-gva-draft names none
