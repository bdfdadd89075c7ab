"""First-use premium of a zero-failure case (formulas in keyparts.qualify.premium).

20 units suspended at 3000 h, assumed β = 2, C = 0.9 (Weibayes, Abernethy 2006 §6.2):
Σt^β = 20·3000² = 1.8e8; η_L = (1.8e8/−ln 0.1)^{1/2} = (1.8e8/2.302585)^{1/2} = 8841.55 h.
Insured period: 1 year of 1000 duty hours, T = 1000 h: (T/η_L)² = 0.0127921,
F_U = 1 − e^{−0.0127921} = 0.0127107.
100 units of 50 000 CNY insured: insured value 5.0e6; expected claims E = 100·0.0127107·50 000
= 63 553.3; premium = 1.25·E = 79 441.7 < cap 3 %·5.0e6 = 150 000 (rate 1.589 %);
subsidy 80 % = 63 553.3, paid by the insured 15 888.3.
Loading 3: 3·63 553.3 = 190 660 > 150 000 → capped at 150 000; subsidy 120 000, paid 30 000.
"""

from __future__ import annotations

import pickle

import pytest

from keyparts.errors import InputError
from keyparts.life import fit
from keyparts.qualify import first_use_premium, premium_eligible

EVIDENCE = ([3000.0] * 20, ["S"] * 20)


def test_zero_failure_premium() -> None:
    p = first_use_premium(*EVIDENCE, beta=2.0, duty_hours_per_year=1000, units=100, unit_value=50_000)
    assert p.period_h == 1000.0
    assert p.failure_probability is None
    assert p.failure_probability_upper == pytest.approx(0.0127107, abs=1e-7)
    assert p.expected_claims == pytest.approx(63_553.3, abs=0.1)
    assert p.premium == pytest.approx(79_441.7, abs=0.1) and not p.capped
    assert p.premium_rate == pytest.approx(0.015888, abs=1e-6)
    assert p.subsidy == pytest.approx(63_553.3, abs=0.1)
    assert p.paid_by_insured == pytest.approx(15_888.3, abs=0.1)
    assert pickle.loads(pickle.dumps(p)) == p


def test_premium_capped_at_rate() -> None:
    p = first_use_premium(*EVIDENCE, beta=2.0, duty_hours_per_year=1000, units=100,
                          unit_value=50_000, loading=3.0)
    assert p.capped and p.premium == pytest.approx(150_000.0)
    assert (p.subsidy, p.paid_by_insured) == pytest.approx((120_000.0, 30_000.0))


def test_fit_point_probability_below_its_upper_bound() -> None:
    """With failures, the point F(T) from the fit lies below the upper bound used for claims."""
    res = fit([300.0, 700.0, 1200.0, 1500.0, 1500.0, 1500.0], ["F", "F", "F", "S", "S", "S"])
    p = first_use_premium(fit=res, duty_hours_per_year=500, units=10, unit_value=1000)
    assert 0 < p.failure_probability < p.failure_probability_upper < 1


def test_needs_one_kind_of_evidence() -> None:
    with pytest.raises(InputError, match="exactly one of"):
        first_use_premium(duty_hours_per_year=1000, units=1, unit_value=1)
    with pytest.raises(InputError, match="beta"):
        first_use_premium(*EVIDENCE, duty_hours_per_year=1000, units=1, unit_value=1)


@pytest.mark.parametrize(("stage", "key", "listed", "expected"), [
    ("bench_test", True, True, False), ("field_trial", True, False, True),
    ("batch_supply", False, True, True), ("small_batch", False, False, False),
    ("rejected", True, True, False)])
def test_eligible_from_field_trial_in_key_or_listed(stage: str, key: bool, listed: bool,
                                                    expected: bool) -> None:
    """Issue 13: a case at field_trial or later in a key category or a catalogue edition."""
    assert premium_eligible(stage, key_category=key, listed=listed) is expected
