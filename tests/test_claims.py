"""The claims check against hand calculations."""

from __future__ import annotations

import re

import pytest

import kzmach
from kzmach.analysis.claim_verdicts import share_definitions


@pytest.fixture(scope="module")
def claims(built):
    return kzmach.claims(root=built)


def rows(claims, claim, base=None, end=None):
    found = claims[claims["claim_figure"] == claim]
    if base:
        found = found[found["base_figure"] == base]
    if end:
        found = found[found["end_figure"] == end]
    return found


def test_2022_growth_is_reported_against_both_2021_levels(claims):
    # The page (p049) says 3.1 trn in 2022, +31.5% on 2021.
    # Against the PM's 2.3 trn: 3.1 / 2.3 - 1 = +34.8%.
    pm = rows(claims, "p049-b", "p032-a", "p049-a").iloc[0]
    assert pm["computed"] == pytest.approx(34.78, abs=0.01)
    # Against the draft plan's 2.4 trn: 3.1 / 2.4 - 1 = +29.2%.
    plan = rows(claims, "p049-b", "p034-a", "p049-a").iloc[0]
    assert plan["computed"] == pytest.approx(29.17, abs=0.01)
    # Levels rounded to 0.1 trn allow 3.05 / 2.35 - 1 = 29.8% up to 3.15 / 2.25 - 1 = 40%:
    # the stated 31.5% fits the 2.3 reading; the tolerance is half of
    # 0.1 (the claim's unit) + 134.78 * (0.1 / 2.3 + 0.1 / 3.1) = 0.1 + 10.21, so 5.15.
    assert pm["tolerance"] == pytest.approx(5.15, abs=0.01)
    assert pm["verdict"] == "agrees"


def test_seed_multiple_agrees(claims):
    # "2,3 есе" over 2010-2014: 870 / 376 - 1 = +131.4%, within 2.3 times (+130% +-5 pp)
    row = rows(claims, "s000-03").iloc[0]
    assert row["computed"] == pytest.approx(131.38, abs=0.01)
    assert row["verdict"] == "agrees"


def test_sixfold_vehicles_disagree_with_the_pages_own_levels(claims):
    # 93.5 / 11 = 8.5 times (+750%), not "6fold" (+500%)
    row = rows(claims, "p012-d", end="p012-b").iloc[0]
    assert row["computed"] == pytest.approx(750)
    assert row["verdict"] == "disagrees"


def test_stated_shares_are_recomputed(claims):
    # 2021 by output: 2,300 / 17,121 = 13.43% of manufacturing, not the draft plan's 11%
    row = rows(claims, "p013-d", end="p032-a").iloc[0]
    assert row["computed"] == pytest.approx(13.434, abs=1e-3)
    assert (row["tested_against"], row["verdict"]) == ("levels", "disagrees")
    # ... but by value added (table 5931, mirror lines 23 and 101, million tenge):
    # 1,260,379.0 / 11,424,765.7 = 11.03%: the 11% is the value-added share
    by_value_added = claims[
        (claims["claim_figure"] == "p013-d") & (claims["tested_against"] == "value-added levels")
    ].iloc[0]
    assert by_value_added["computed"] == pytest.approx(1_260_379.0 / 11_424_765.7 * 100)
    assert by_value_added["verdict"] == "agrees"
    matched = share_definitions(claims).set_index("claim_figure")
    assert matched.loc["p013-d", "matches"] == "value_added"
    # 2021: manufacturing 17,121 / industry 37,606 = 45.53%, the BNS release says 45.5%
    mfg = claims[(claims["claim_figure"] == "p044-c") & (claims["tested_against"] == "levels")]
    assert mfg.iloc[0]["computed"] == pytest.approx(45.527, abs=1e-3)
    assert mfg.iloc[0]["verdict"] == "agrees"
    assert matched.loc["p044-c", "matches"] == "output"


def test_a_tolerance_as_wide_as_the_claim_is_untestable(claims):
    # "120%" growth from levels "1 trn" and "2.3 trn": rounding to 0.1 trn on a base of 1
    # gives (2300 / 1000 - 1) * 100 = 130% +- 125 pp: anything from 5% to 255% would pass
    checks = claims[claims["claim_figure"] == "p034-b"]
    assert (checks["verdict"] == "untestable").all()
    assert (checks["tolerance"] >= checks["stated"]).all()
    assert checks["reason"].str.contains("as wide as the claim itself").all()


def test_real_growth_is_not_tested_against_current_price_levels(built, monkeypatch):
    """The guard, reached: give real growth a nominal level series, and it stays untested.

    No real-growth indicator of the catalogue has a nominal level, so a catalogue whose
    ``mb_output_growth_real`` names ``mb_output`` (bn KZT, current prices) as its level is
    what would tempt the check: the press's real growth figures (+11% in 2022) against 3.1 /
    2.3 trn would "disagree" though they measure another thing.
    """
    import dataclasses

    from kzmach.analysis.claims import check_claims
    from kzmach.metadata import catalogue

    original = catalogue.get

    def with_nominal_level(indicator_id: str) -> catalogue.Indicator:
        found = original(indicator_id)
        if indicator_id == "mb_output_growth_real":
            return dataclasses.replace(found, level="mb_output")
        return found

    monkeypatch.setattr(catalogue, "get", with_nominal_level)
    checked = check_claims(kzmach.observations(root=built))
    real = checked[checked["indicator"] == "mb_output_growth_real"]
    assert len(real) >= 5  # the press's real growth figures, now claims
    assert (real["verdict"] == "untestable").all() and real["computed"].isna().all()
    assert real["reason"].str.contains("never tested against current-price levels").all()


def test_year_to_date_claims_use_the_same_months(claims, built):
    """A growth is tested only with levels of exactly its months: its own and a year before."""
    import pandas as pd

    obs = kzmach.observations(root=built).set_index("figure_id")
    tested = claims[claims["tested_against"].isin(["levels", "nominal levels"])]
    growths = tested[tested["comparison"] == "same_period_previous_year"]
    assert len(growths) >= 3
    year = pd.DateOffset(years=1)
    for claim in growths.itertuples():
        stated, base, end = (
            obs.loc[f] for f in (claim.claim_figure, claim.base_figure, claim.end_figure)
        )
        assert (end["period_start"], end["period_end"]) == (
            stated["period_start"],
            stated["period_end"],
        )
        assert (base["period_start"], base["period_end"]) == (
            stated["period_start"] - year,
            stated["period_end"] - year,
        ), claim.claim_figure


def test_january_to_august_is_never_tested_on_january_to_october(built):
    """A January–August 2023 growth whose only base is January–October 2022 is untestable."""
    import pandas as pd

    from kzmach.analysis.claims import check_claims

    observations = kzmach.observations(root=built)
    actual = observations[observations["figure_type"] == "actual"]
    level = actual[actual["indicator"] == "mb_output"].iloc[0].to_dict()
    growth = actual[actual["indicator"] == "mb_output_growth"].iloc[0].to_dict()

    def figure(template, figure_id, start, end, period_type, label, value, **more):
        dates = {"period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end)}
        written = {"period_type": period_type, "period_label": label, "value": value}
        return {**template, "figure_id": figure_id, **dates, **written, **more}

    synthetic = pd.DataFrame(
        [
            figure(level, "lvl-a", "2022-01-01", "2022-10-31", "ytd", "Jan–Oct 2022", 2000.0),
            figure(level, "lvl-b", "2023-01-01", "2023-08-31", "ytd", "Jan–Aug 2023", 2100.0),
            figure(
                growth,
                "claim",
                "2023-01-01",
                "2023-08-31",
                "ytd",
                "Jan–Aug 2023",
                27.0,
                comparison="same_period_previous_year",
            ),
        ]
    )
    checked = check_claims(synthetic)
    assert checked["claim_figure"].tolist() == ["claim"]
    row = checked.iloc[0]
    assert row["verdict"] == "untestable" and row["base_figure"] == ""
    # with the right base, January-August 2022, it is tested: 2100 / 1700 - 1 = +23.5%
    right = figure(level, "lvl-c", "2022-01-01", "2022-08-31", "ytd", "Jan–Aug 2022", 1700.0)
    tested = check_claims(pd.concat([synthetic, pd.DataFrame([right])], ignore_index=True))
    assert tested.iloc[0]["base_figure"] == "lvl-c"
    assert tested.iloc[0]["computed"] == pytest.approx(23.53, abs=0.01)


def test_untestable_claims_are_listed_with_their_reason(claims, built):
    untestable = claims[(claims["verdict"] == "untestable") & (claims["tested_against"] == "")]
    assert len(untestable) > 0 and untestable["computed"].isna().all()
    assert untestable["reason"].str.len().gt(20).all()
    # a claim is either tested or listed as untestable, never dropped: every figure the
    # check's rule takes for a claim (module docstring of kzmach.analysis.claims) is a row
    from kzmach.analysis.claims import SHARE_CLAIMS, STAND_INS, _real_counterparts
    from kzmach.metadata import catalogue
    from kzmach.metadata.vocabulary import YEAR_OF_MONTHS_NOTE

    figures = kzmach.observations(root=built)
    figures = figures[figures["figure_type"] == "actual"]

    everything = kzmach.observations(root=built)
    summed = everything[everything["note"] == YEAR_OF_MONTHS_NOTE]
    years_of_months = set(
        zip(summed["indicator"], summed["region"], summed["period_start"], strict=True)
    )

    def is_claim(row: dict) -> bool:
        indicator = catalogue.get(row["indicator"])
        if indicator.is_growth:
            return bool(indicator.level or _real_counterparts(row["indicator"]))
        if row["comparison"] != "none":
            return False
        # a stated level is a claim where the twelve months of a release sum to its year
        year = (row["indicator"], row["region"], row["period_start"])
        return row["indicator"] in {*STAND_INS, *SHARE_CLAIMS} or (
            row["value_form"] == "level"
            and row["period_type"] == "year"
            and year in years_of_months
        )

    wanted = {row["figure_id"] for row in figures.to_dict("records") if is_claim(row)}
    assert set(claims["claim_figure"]) == wanted
    tested = set(claims.loc[claims["verdict"] != "untestable", "claim_figure"])
    assert not tested & set(untestable["claim_figure"])


def test_an_almost_claim_agrees_only_near_its_bound():
    import pandas as pd

    from kzmach.analysis.claims import _verdict

    claim = pd.Series(
        {
            "figure_id": "x",
            "indicator": "mb_output_growth",
            "period_label": "2022",
            "comparison": "same_period_previous_year",
            "value": 30.0,
            "value_precision": 1.0,
            "value_as_written": "almost 30%",
            "qualifier": "almost",
        }
    )
    level = pd.Series({"figure_id": "b", "value": 1.0})

    def verdict(computed: float) -> str:
        return _verdict(claim, level, level, computed, 0.0, "", "nominal levels")["verdict"]

    # "almost 30%" (rounding unit 1, tolerance 0.5): 30 - max(3, 1) = 27, so 26.5 ... 30.5 agree
    assert verdict(29.0) == verdict(26.6) == verdict(30.4) == "agrees"
    assert verdict(10.0) == "disagrees"  # once, anything lower agreed
    assert verdict(31.0) == "disagrees"


def test_growth_of_unstated_basis_is_tested_against_the_real_index_too(claims, built):
    from kzmach.analysis.claim_verdicts import unstated_basis

    obs = kzmach.observations(root=built).set_index("figure_id")
    real = rows(claims, "p065-a", end="p067-a")  # Jan-Aug 2023: 28.1 stated, index 128.1
    assert real["tested_against"].tolist() == ["real index"]
    assert real["base_figure"].tolist() == [""]
    assert real["computed"].iloc[0] == pytest.approx(obs.loc["p067-a", "value"]) == 28.1
    assert real["verdict"].tolist() == ["agrees"]
    # 2023 manufacturing: 4.1 stated; the Bureau's index 104.0 is 0.1 away, beyond both
    # roundings (tolerance 0.1), but published later (2026) and within the revision margin:
    # revised since; the same 104.0 in two other files is one piece of evidence, named once.
    # The page's own levels 20.7 -> 21.6 tn give +4.35 nominal
    mfg_real = claims[
        (claims["claim_figure"] == "p057-b") & (claims["tested_against"] == "real index")
    ]
    assert mfg_real["computed"].tolist() == [pytest.approx(4.0)]
    assert mfg_real["end_figure"].str.contains("mirror").all()
    assert mfg_real["verdict"].tolist() == ["revised since"]
    assert "also in bns-mfg-pvi-2023" in mfg_real["reason"].iloc[0]
    matches = unstated_basis(claims).set_index("claim_figure")["matches"]
    assert matches["p065-a"] == matches["p070-a"] == "real"
    assert matches["p057-b"] == "nominal"
    assert matches["p018-a"] == "not real"  # 14.1 against the index 104.5, no levels
    assert matches["p065-c"] == "not nominal"  # 22.5 against 27.4 nominal, no real index
    assert matches["p022-a"] == "untestable"
    # building the conflicts reads each disagreeing claim's two levels; a real index row
    # (p057-b, p018-a disagree) has none and is skipped, so the build above did not fail
    assert set(kzmach.conflicts(root=built)["kind"]) >= {"internal_inconsistency"}


@pytest.mark.parametrize(
    ("real", "nominal", "expected"),
    [
        (["agrees"], ["disagrees"], "real"),
        (["disagrees", "agrees"], ["agrees"], "both"),
        (["disagrees"], ["disagrees", "disagrees"], "neither"),
        ([], ["disagrees"], "not nominal"),
        ([], [], "untestable"),
    ],
)
def test_unstated_basis_says_which_basis_a_claim_matches(real, nominal, expected):
    import pandas as pd

    from kzmach.analysis.claim_verdicts import unstated_basis

    def row(against: str, verdict: str) -> dict[str, object]:
        return {
            "claim_figure": "x",
            "indicator": "mb_output_growth",
            "period_label": "2023",
            "stated": 25.0,
            "tested_against": against,
            "verdict": verdict,
        }

    table = pd.DataFrame(
        [row("real index", v) for v in real]
        + [row("nominal levels", v) for v in nominal]
        + ([row("", "untestable")] if not real and not nominal else [])
    )
    assert unstated_basis(table)["matches"].tolist() == [expected]


def _index_check(computed: float, published: str, verdict: str = "disagrees", figure="i"):
    """A check of a 4.3% claim against an index figure published on ``published``."""
    import pandas as pd

    return {
        "claim_figure": "c",
        "indicator": "industry_output_growth",
        "period_label": "2023",
        "comparison": "same_period_previous_year",
        "stated": 4.3,
        "stated_as_written": "4.3%",
        "qualifier": "exact",
        "base_figure": "",
        "base_value": float("nan"),
        "end_figure": figure,
        "end_value": computed,
        "computed": computed,
        "tolerance": 0.1,
        "tested_against": "real index",
        "verdict": verdict,
        "reason": "r",
        "_rank": (0, 0, figure),
        "_evidence_vintage": pd.Timestamp(published),
    }


@pytest.mark.parametrize(
    ("computed", "published", "expected"),
    [
        (4.4, "2026-09-17", "revised since"),  # later, 0.1 pp: the Bureau revised it
        (5.4, "2026-09-17", "revised since"),  # later, 1.1 pp: tolerance 0.1 + margin 1.0
        (5.5, "2026-09-17", "disagrees"),  # beyond the margin
        (15.3, "2026-09-17", "disagrees"),  # an 11-point miss is not a revision
        (4.4, "2023-06-30", "disagrees"),  # known before the claim was made
    ],
)
def test_a_claim_differing_from_later_evidence_by_a_revision_is_revised_since(
    computed, published, expected
):
    import pandas as pd

    from kzmach.analysis.claims import REVISION_MARGIN_PP, _judged

    assert REVISION_MARGIN_PP == 1.0
    claim = {"vintage": pd.Timestamp("2024-02-01")}
    (check,) = _judged(claim, [_index_check(computed, published)])
    assert check["verdict"] == expected
    assert not [key for key in check if key.startswith("_")]


def test_a_claim_that_earlier_evidence_bears_out_is_revised_since_not_wrong():
    import pandas as pd

    from kzmach.analysis.claims import _judged

    claim = {"vintage": pd.Timestamp("2024-02-01")}
    earlier = _index_check(4.3, "2024-01-15", "agrees", figure="first-estimate")
    later = _index_check(9.0, "2026-09-17", figure="final")  # 4.6 pp: beyond the margin
    verdicts = {c["end_figure"]: c["verdict"] for c in _judged(claim, [earlier, later])}
    assert verdicts == {"first-estimate": "agrees", "final": "revised since"}


def test_copies_of_one_figure_are_one_piece_of_evidence_dated_by_the_first():
    import pandas as pd

    from kzmach.analysis.claims import _judged

    claim = {"vintage": pd.Timestamp("2024-02-01")}
    mirror = _index_check(4.4, "2026-09-17", figure="mirror")
    page = {**_index_check(4.4, "2023-12-01", figure="page"), "_rank": (2, 2, "page")}
    (check,) = _judged(claim, [page, mirror])
    assert check["end_figure"] == "mirror"  # statistics before pages
    assert "also in page" in check["reason"]
    assert check["verdict"] == "disagrees"  # the page had the figure before the claim


def test_a_claims_period_is_shown_in_the_readers_language(built):
    """A claim's period, written in English, reads in Russian and Kazakh; a year stays."""
    claims = kzmach.claims(root=built)
    english = list(claims["period_label"])
    assert "Jan–Aug 2021" in english and "2016" in english
    for language, expected in (("ru", "янв–авг 2021"), ("kk", "2021 ж. қаң–там")):
        shown = kzmach.show(claims, language, ["period_label"]).iloc[:, 0].tolist()
        assert shown[english.index("Jan–Aug 2021")] == expected
        assert shown[english.index("2016")] == "2016"
        assert not [p for p in shown if re.search(r"[A-Za-z]{3,}", p)], language


def test_frame_records_are_to_dicts_records_every_cell(built):
    """The claims read the observations column by column (six times faster); each cell must
    be what ``to_dict("records")`` gives: the same value of the same type, None for a gap."""
    import pandas as pd

    from kzmach.frames import frame_records

    observations = kzmach.observations(root=built)
    expected, got = observations.to_dict("records"), frame_records(observations)
    assert len(got) == len(expected) == len(observations)
    for want, have in zip(expected, got, strict=True):
        assert list(have) == list(want)
        for column, value in want.items():
            other = have[column]
            assert type(other) is type(value), (column, value, other)
            gap = value is None or value is pd.NaT or (isinstance(value, float) and value != value)
            assert gap or other == value, (column, value, other)
