"""Corrections found in review (issue 13, item 4): each is in its data row with a note."""

from __future__ import annotations

import pytest

import kzmach
from kzmach.metadata import catalogue


@pytest.fixture(scope="module")
def figures(built):
    return kzmach.observations(root=built).set_index("figure_id")


def test_seed_003_is_from_autumn_2018(built, figures):
    source = kzmach.sources(root=built).set_index("source_id").loc["seed-003"]
    assert source["published"] == "2018"
    assert "renamed in December 2018" in source["note"]
    exports = figures.loc["s003-08"]  # "9 айдың ішінде": January-September 2018
    assert (exports["period_start"].year, exports["period_end"].month) == (2018, 9)
    assert exports["period_end"].year == 2018


def test_programme_directions_are_not_machine_building(figures):
    for figure_id in ("s003-01", "s003-07"):
        row = figures.loc[figure_id]
        assert catalogue.get(row["indicator"]).scope != "machine_building"
        assert "not machine building" in row["note"]
    assert catalogue.get(figures.loc["s003-06", "indicator"]).scope == "manufacturing"


@pytest.mark.parametrize(
    ("figure_id", "qualifier"),
    [("p051-b", "about"), ("p015-b", "about"), ("p063-f", "more_than"), ("s004-07", "exact")],
)
def test_qualifiers_follow_the_words_of_the_source(figures, figure_id, qualifier):
    assert figures.loc[figure_id, "qualifier"] == qualifier
    assert "issue 13" in figures.loc[figure_id, "note"]


def test_a_period_not_in_the_quote_is_marked_inferred(figures):
    assert "period" in figures.loc["p059-a", "inferred"]
