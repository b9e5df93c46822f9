"""Share of manufacturing against hand calculations, and share properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzmach.analysis.share import (
    contribution_to_growth,
    share_at_constant_prices,
    share_percent,
)
from kzmach.api import manufacturing_contributions, manufacturing_share


def test_computed_and_stated_shares_side_by_side(built):
    table = manufacturing_share(root=built).set_index("period_label")
    # 2022: 3,100 / 20,700 * 100 = 14.976%; the Ministry says 13%: 1.98 pp lower
    assert table.loc["2022", "share_computed"] == pytest.approx(14.976, abs=1e-3)
    assert table.loc["2022", "share_stated"] == 13
    assert table.loc["2022", "difference_pp"] == pytest.approx(-1.976, abs=1e-3)
    # Stated-only periods stay, without a computed share: 9.7% (2010) and 14.8% (2014)
    assert table.loc["2010", "share_stated"] == 9.7
    assert table.loc["2014", "share_stated"] == 14.8
    assert table["share_computed"].isna().sum() >= 2
    # The year-to-date of unstated months is never merged with a full year
    assert table.loc["2024 to date", "period_type"] == "ytd_unstated"


def test_contribution_to_manufacturing_growth_is_weighted_by_value_added(built):
    table = manufacturing_contributions(root=built).set_index("year")
    # table 5931 covers 2013-2025, so every year 2014-2025 has a previous-year weight
    assert list(table.index) == list(range(2014, 2026))
    row = table.loc[2022]
    # the mirror's 2021 value added, million tenge: 26-30 = 17,188.6 (line 10) + 140,852.0
    # (36) + 260,824.2 (49) + 418,055.0 (62) + 141,415.3 (75) = 978,335.1; manufacturing
    # 11,424,765.7 (101): weight 978,335.1 / 11,424,765.7 = 8.5633%
    assert row["weight_previous"] == pytest.approx(978_335.1 / 11_424_765.7 * 100, abs=1e-6)
    assert row["weight_previous"] == pytest.approx(8.5633, abs=1e-4)
    # machine building +10.8% real in 2022 (index 110.8): 8.5633 * 10.8 / 100 = 0.9248 pp of
    # manufacturing's +3.6% (index 103.6), i.e. 0.9248 / 3.6 = 25.69% of it
    assert row["contribution_pp"] == pytest.approx(0.9248, abs=1e-4)
    assert row["part_of_mfg_growth_pct"] == pytest.approx(25.69, abs=1e-2)
    # manufacturing grew 0.2% in 2015 and 0.6% in 2016: a part of so little growth is a
    # ratio to noise (2015: -1.83 / 0.2 = -914%), so it is left blank; 2014's 1.1% counts
    assert table.loc[[2015, 2016], "part_of_mfg_growth_pct"].isna().all()
    assert table.loc[2014, "part_of_mfg_growth_pct"] == pytest.approx(
        table.loc[2014, "contribution_pp"] / 1.1 * 100
    )
    # at 2021 prices: 8.5633 * 1.108 / 1.036 = 9.1584%, beside the nominal 9.5117% in 2022
    assert row["share_constant_prices"] == pytest.approx(9.1584, abs=1e-4)
    assert row["share_nominal"] == pytest.approx(table.loc[2023, "weight_previous"])
    assert "value-added share" in row["weight_basis"]
    # 2023 leads with the published index 125.4: 9.5117 * 25.4 / 100 = 2.416 pp
    assert table.loc[2023, "contribution_pp"] == pytest.approx(9.5117 * 0.254, abs=1e-3)


def test_formulas_by_hand():
    assert share_percent(715, 2386) == pytest.approx(29.966, abs=1e-3)  # automotive in 2021
    assert contribution_to_growth(10, 20) == pytest.approx(2)  # 10% * 20% = 2 pp
    assert share_at_constant_prices(10, 10, 0) == pytest.approx(11)  # 10 * 1.1 / 1.0


def test_a_part_larger_than_the_whole_is_refused():
    with pytest.raises(ValueError, match="cannot belong"):
        share_percent(120, 100)


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=8), st.floats(0, 1e6))
def test_shares_of_parts_never_exceed_the_whole(parts, rest):
    whole = sum(parts) + rest
    if whole <= 0:
        return
    shares = [share_percent(part, whole) for part in parts]
    assert all(0 <= share <= 100 for share in shares)
    assert sum(shares) <= 100 + 1e-9
