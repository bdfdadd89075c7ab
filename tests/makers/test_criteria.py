"""专精特新 eligibility of a constructed firm, just below and just above each threshold.

Thresholds are those of ``keyparts/makers/rules/zjtx_2022.toml`` (MIIT 工信部企业〔2022〕63号,
annexes 2 and 3). Money: USD × 7.0 CNY/USD (a round rate given explicitly, so every CNY
figure below is hand-checkable).

Base firm F, year 2023 (meets every criterion of both tiers):
revenue USD 20 M = CNY 140 M; R&D USD 1 M = CNY 7 M, intensity 1/20 = 0.05; main business
USD 16 M, share 0.8; main business 2021 / 2022 / 2023 = 14 / 15 / 16 M, growth
(16/15 − 1 + 15/14 − 1) / 2 = (0.0667 + 0.0714) / 2 = 0.0690; niche since 2019 → 4 years;
debt ratio 0.5; niche share 0.12; 3 invention patents.
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.makers import eligibility, load_criteria

RATE = 7.0
CRIT = load_criteria()


def _firm(**change) -> pd.DataFrame:
    base = dict(enterprise_id="F", year=2023, revenue_usd=20e6, main_business_revenue_usd=16e6, rd_spend_usd=1e6,
                employees=200, invention_patents=3, niche_market_share=0.12, export_share=0.1, niche_since=2019,
                debt_ratio=0.5)
    rows = [dict(base, year=2021, main_business_revenue_usd=14e6),
            dict(base, year=2022, main_business_revenue_usd=15e6), {**base, **change}]
    return pd.DataFrame(rows)


def _judge(df: pd.DataFrame, tier: str, criterion: str) -> tuple[dict, dict]:
    res = eligibility(df, CRIT, cny_per_usd=RATE)
    row = next(r for r in res.rows if r["year"] == 2023 and r["tier"] == tier)
    return row, next(c for c in row["criteria"] if c["criterion"] == criterion)


def test_base_firm_is_eligible_for_both_tiers():
    res = eligibility(_firm(), CRIT, cny_per_usd=RATE)
    rows = {r["tier"]: r for r in res.rows if r["year"] == 2023}
    assert rows["provincial"]["eligible"] and rows["little_giant"]["eligible"]
    assert rows["little_giant"]["distance"] == 0.0
    growth = next(c for c in rows["little_giant"]["criteria"] if c["criterion"] == "main_growth")
    assert growth["value"] == pytest.approx((16 / 15 - 1 + 15 / 14 - 1) / 2)


CASES = [
    # (id, tier, criterion, change below, change above, shortfall below [metric unit])
    # years in niche: 2023 − 2022 = 1 < 2 (shortfall 1); 2023 − 2021 = 2 >= 2
    ("provincial niche years", "provincial", "niche_years", {"niche_since": 2022}, {"niche_since": 2021}, 1.0),
    # R&D spend: revenue USD 3 M (CNY 21 M); R&D USD 142 000 = CNY 994 000 < 1 M (shortfall 6 000);
    # USD 143 000 = CNY 1 001 000 >= 1 M
    ("provincial R&D spend", "provincial", "rd_spend", {"revenue_usd": 3e6, "rd_spend_usd": 142_000},
     {"revenue_usd": 3e6, "rd_spend_usd": 143_000}, 6_000.0),
    # R&D intensity: 590 000 / 20 M = 0.0295 < 0.03 (shortfall 0.0005); 610 000 / 20 M = 0.0305
    ("provincial R&D intensity", "provincial", "rd_intensity", {"rd_spend_usd": 590_000}, {"rd_spend_usd": 610_000},
     0.0005),
    # revenue: USD 1.4 M = CNY 9.8 M < 10 M (shortfall 200 000); USD 1.5 M = CNY 10.5 M
    ("provincial revenue", "provincial", "revenue", {"revenue_usd": 1.4e6, "rd_spend_usd": 150_000},
     {"revenue_usd": 1.5e6, "rd_spend_usd": 150_000}, 200_000.0),
    # little giant: 2023 − 2021 = 2 < 3 (shortfall 1); 2023 − 2020 = 3 >= 3
    ("little giant niche years", "little_giant", "niche_years", {"niche_since": 2021}, {"niche_since": 2020}, 1.0),
    # main business share: 13.9 / 20 = 0.695 < 0.70 (shortfall 0.005); 14.1 / 20 = 0.705
    ("little giant main business share", "little_giant", "main_business_share",
     {"main_business_revenue_usd": 13.9e6}, {"main_business_revenue_usd": 14.1e6}, 0.005),
    # growth: MB 2023 = 15.6 M: (15.6/15 − 1 + 15/14 − 1)/2 = (0.04 + 0.071429)/2 = 0.055714 >= 0.05;
    # MB 2023 = 15.3 M: (0.02 + 0.071429)/2 = 0.045714 < 0.05 (shortfall 0.004286)
    ("little giant growth", "little_giant", "main_growth", {"main_business_revenue_usd": 15.3e6},
     {"main_business_revenue_usd": 15.6e6}, 0.05 - (0.02 + 1 / 14) / 2),
    # debt ratio: 0.71 > 0.70 (shortfall 0.01); 0.69 <= 0.70
    ("little giant debt ratio", "little_giant", "debt_ratio", {"debt_ratio": 0.71}, {"debt_ratio": 0.69}, 0.01),
    # niche share: 0.09 < 0.10 (shortfall 0.01); 0.11
    ("little giant niche share", "little_giant", "niche_share", {"niche_market_share": 0.09},
     {"niche_market_share": 0.11}, 0.01),
    # R&D intensity, revenue > CNY 100 M band (3 %): 590 000 / 20 M = 0.0295 (shortfall 0.0005)
    ("little giant R&D above 100 M", "little_giant", "rd_intensity", {"rd_spend_usd": 590_000},
     {"rd_spend_usd": 610_000}, 0.0005),
    # R&D intensity, CNY 50-100 M band (6 %): revenue USD 10 M = CNY 70 M; 590 000 / 10 M = 0.059
    # (shortfall 0.001); 610 000 / 10 M = 0.061
    ("little giant R&D 50-100 M", "little_giant", "rd_intensity", {"revenue_usd": 10e6, "rd_spend_usd": 590_000,
     "main_business_revenue_usd": 8e6}, {"revenue_usd": 10e6, "rd_spend_usd": 610_000,
                                          "main_business_revenue_usd": 8e6}, 0.001),
    # patents: 1 < 2 (shortfall 1); 2 >= 2
    ("little giant patents", "little_giant", "invention_patents", {"invention_patents": 1}, {"invention_patents": 2},
     1.0),
]


@pytest.mark.parametrize("tier,criterion,below,above,shortfall", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_criterion_just_below_and_just_above_the_threshold(tier, criterion, below, above, shortfall):
    row, c = _judge(_firm(**below), tier, criterion)
    assert c["status"] == "unmet" and not row["eligible"]
    assert c["shortfall"] == pytest.approx(shortfall, rel=1e-9, abs=1e-9)
    assert c["shortfall_rel"] == pytest.approx(shortfall / c["threshold"], rel=1e-9)
    _, c = _judge(_firm(**above), tier, criterion)
    assert c["status"] == "met"


def test_little_giant_requires_the_provincial_tier():
    """R&D spend USD 142 000 at revenue USD 3 M fails the provincial R&D floor (CNY 994 000 < 1 M),
    so the little giant tier is not eligible even where its own criteria would pass."""
    res = eligibility(_firm(revenue_usd=3e6, rd_spend_usd=142_000), CRIT, cny_per_usd=RATE)
    lg = next(r for r in res.rows if r["year"] == 2023 and r["tier"] == "little_giant")
    assert lg["requires"] == "provincial" and lg["requires_met"] is False and lg["eligible"] is False


def test_revenue_below_every_band_is_outside_bands_and_has_no_distance():
    """Revenue USD 5 M = CNY 35 M is below the 50 M floor of the little giant's R&D bands."""
    row, c = _judge(_firm(revenue_usd=5e6, main_business_revenue_usd=4e6, rd_spend_usd=500_000),
                    "little_giant", "rd_intensity")
    assert c["status"] == "outside_bands" and row["distance"] is None


def test_distance_sums_relative_shortfalls():
    """niche since 2021 (2 years, shortfall 1 of 3 → 1/3) and share 0.09 (0.01 of 0.10 → 0.1):
    little giant distance 1/3 + 0.1 = 0.4333."""
    res = eligibility(_firm(niche_since=2021, niche_market_share=0.09), CRIT, cny_per_usd=RATE)
    lg = next(r for r in res.rows if r["year"] == 2023 and r["tier"] == "little_giant")
    assert lg["unmet"] == 2 and lg["distance"] == pytest.approx(1 / 3 + 0.1)


def test_criteria_file_names_its_source_and_date():
    assert "工信部企业〔2022〕63号" in CRIT.source and CRIT.published == "2022-06-01"
    assert [t.id for t in CRIT.tiers] == ["provincial", "little_giant"]


def test_year_without_a_rate_is_refused():
    from keyparts.errors import InputError
    with pytest.raises(InputError, match="no CNY per USD rate for year"):
        eligibility(_firm(year=2030), CRIT)
