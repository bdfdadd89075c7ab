"""First-use insurance (首台(套) / 首批次): failure probability in the insured period and an
indicative premium.

The insured period T (h) is one year of the application's duty by default:
T = ``duty_hours_per_year`` × ``years`` (years = 1). From the life evidence of the substitute:

* zero failures (or any, with an assumed shape β): Weibayes (Abernethy 2006, *The New
  Weibull Handbook* §6.2; Nelson 1985): η_L = (2 Σ t_i^β / χ²(C; 2r+2))^{1/β}; the upper
  bound of the probability of failure is F_U = 1 − exp(−(T/η_L)^β); the point value uses
  η̂ = (Σ t^β / r)^{1/β} when r ≥ 1 (none with r = 0);
* a fitted model (:class:`keyparts.life.FitResult`): F̂ = 1 − R̂(T) and
  F_U = 1 − R_L(T), R_L the one-sided lower bound at C (:meth:`FitResult.reliability_bounds`).

Indicative premium (formula of this module, not an insurer's tariff):

    expected claims E = units × F_U × claim_per_failure          (claim default: unit value)
    premium          = min(E × loading, rate_cap × insured value) (insured value = units × unit value)
    subsidy          = subsidised_share × premium;   paid by the insured = premium − subsidy

Defaults: ``loading`` 1.25 (an assumed expense and profit loading, i.e. a claims ratio of
80 %, to be replaced by the insurer's quote); ``rate_cap`` 3 % of the insured value and
``subsidised_share`` 80 % of the premium, the rate ceiling and the central subsidy share of the
first-set insurance compensation pilot (财政部 工业和信息化部 保监会《关于开展首台（套）重大
技术装备保险补偿机制试点工作的通知》财建〔2015〕19号; the same 3 % / 80 % in the new-material
first-batch pilot, 工信部联原〔2017〕222号). F_U (not F̂) is used for E: the premium is set on what
the evidence can guarantee at confidence C.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from numpy.typing import ArrayLike

from keyparts.errors import InputError

from .stages import REJECTED, STAGES, check_stage

if TYPE_CHECKING:
    from keyparts.life import FitResult

LOADING = 1.25
RATE_CAP = 0.03
SUBSIDISED_SHARE = 0.8


@dataclass(frozen=True)
class Premium:
    """Failure probability in the insured period and the indicative premium (currency of
    ``unit_value``)."""

    period_h: float
    confidence: float
    method: str
    failure_probability: float | None
    failure_probability_upper: float
    units: int
    unit_value: float
    insured_value: float
    expected_claims: float
    loading: float
    rate_cap: float
    premium: float
    capped: bool
    premium_rate: float
    subsidised_share: float
    subsidy: float
    paid_by_insured: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def premium_eligible(stage: str, *, key_category: bool, listed: bool = False) -> bool:
    """Issue 13's rule: a case at ``field_trial`` or later (not rejected) in a key category
    or listed in a first-use catalogue edition."""
    check_stage(stage)
    later = stage != REJECTED and STAGES.index(stage) >= STAGES.index("field_trial")
    return bool(later and (key_category or listed))


def _positive(x: float, name: str, what: str) -> float:
    if not x > 0:
        raise InputError(f"{name}: {x} is not {what} > 0")
    return float(x)


def first_use_premium(times: ArrayLike | None = None, status: ArrayLike | None = None, *,
                      fit: FitResult | None = None, beta: float | None = None,
                      duty_hours_per_year: float, years: float = 1.0, units: int,
                      unit_value: float, claim_per_failure: float | None = None,
                      confidence: float = 0.9, loading: float = LOADING,
                      rate_cap: float = RATE_CAP, subsidised_share: float = SUBSIDISED_SHARE,
                      count: ArrayLike | None = None) -> Premium:
    """Indicative first-use premium from life evidence (formulas and defaults: module docstring).

    Evidence: ``times``/``status`` (h, F/S) with an assumed Weibull shape ``beta``
    (Weibayes), or a ``fit``. duty_hours_per_year: h of operation per year in the application;
    units: units insured; unit_value: insured value of one unit.
    """
    T = _positive(duty_hours_per_year, "duty_hours_per_year", "hours per year") * \
        _positive(years, "years", "a period in years")
    _positive(unit_value, "unit_value", "a value")
    if int(units) != units or units < 1:
        raise InputError(f"units: {units} is not a whole number of insured units >= 1")
    if not 0 < confidence < 1:
        raise InputError(f"confidence: {confidence} is not between 0 and 1")
    if not 0 <= subsidised_share <= 1 or not 0 < rate_cap <= 1 or not loading > 0:
        raise InputError("subsidised_share must be 0–1, rate_cap in (0, 1] and loading > 0")
    if (fit is None) == (times is None):
        raise InputError("premium needs exactly one of times (+ beta, Weibayes) or fit")
    if fit is not None:
        F = 1.0 - float(fit.reliability(T))
        R_lo, _ = fit.reliability_bounds(T, cl=confidence, sides=1)
        F_U = 1.0 - float(R_lo)
        method = f"{fit.distribution} {fit.method} fit, lower {confidence:.0%} bound on R(T)"
    else:
        if beta is None:
            raise InputError("beta: Weibayes needs the assumed Weibull shape (the benchmark's)")
        from keyparts.life import life_data, weibayes  # SciPy, on first use
        wb = weibayes(life_data(times, status, count=count), beta=beta, confidence=confidence)
        F_U = -math.expm1(-((T / wb.eta_lower) ** beta))
        F = None if wb.failures == 0 else -math.expm1(-((T / wb.eta) ** beta))
        method = f"Weibayes β = {beta:g}, {wb.failures} failure(s), η_L = {wb.eta_lower:.6g} h"
    claim = unit_value if claim_per_failure is None else _positive(
        claim_per_failure, "claim_per_failure", "a value")
    insured = units * float(unit_value)
    E = units * F_U * claim
    raw = E * loading
    cap = rate_cap * insured
    prem = min(raw, cap)
    sub = subsidised_share * prem
    return Premium(T, float(confidence), method, F, float(F_U), int(units), float(unit_value),
                   insured, float(E), float(loading), float(rate_cap), float(prem), bool(raw > cap),
                   float(prem / insured), float(subsidised_share), float(sub), float(prem - sub))


__all__ = ["LOADING", "RATE_CAP", "SUBSIDISED_SHARE", "Premium", "first_use_premium",
           "premium_eligible"]
