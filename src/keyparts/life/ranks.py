"""Plotting positions and rank regression (RRX, RRY).

* Johnson adjusted ranks for suspensions (Johnson 1964, *The Statistical Treatment of
  Fatigue Experiments*; Abernethy 2006, *The New Weibull Handbook* 5th ed., §2.11):
  for the j-th unit in time order (failures before suspensions at ties),
  ``rank_j = rank_prev + (n + 1 − rank_prev) / (1 + units remaining beyond the present one)``
  evaluated at each failure.
* Bernard's approximation to the median rank: ``F = (i − 0.3)/(n + 0.4)`` (Abernethy §2.5);
  exact median ranks: the median of Beta(i, n − i + 1) (Johnson 1951), also for fractional i
  as WeibullR does.
* Regression of the linearised CDF: Y on X (RRY, ReliaWiki/NIST "probability plotting")
  or X on Y (RRX, Abernethy's recommended default) on axes
  Weibull x = ln t, y = ln(−ln(1−F)); lognormal y = Φ⁻¹(F); loglogistic y = logit F;
  normal x = t, y = Φ⁻¹(F).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
import scipy  # its submodules load on first use: importing this module stays cheap

from keyparts.errors import InputError, InsufficientDataError

from .data import F, LifeData, S

Arr = NDArray[np.float64]
RANK_METHODS = ("bernard", "exact")


def johnson_ranks(data: LifeData) -> tuple[Arr, Arr, int]:
    """Failure times (sorted) and their Johnson adjusted ranks; n = all units."""
    if not np.all((data.kind == F) | (data.kind == S)):
        raise InputError("rank regression takes exact failures and suspensions only; "
                         "interval or left-censored data need method='mle'")
    t, kind = data.expanded()
    order = np.lexsort((kind, t))  # by time, failures (0) before suspensions (1) at ties
    t, kind = t[order], kind[order]
    n = t.size
    reverse = n - np.arange(n)  # units at or beyond the present one
    ranks = np.empty(int((kind == F).sum()))
    prev, k = 0.0, 0
    for j in range(n):
        if kind[j] == F:
            prev = prev + (n + 1 - prev) / (1 + reverse[j])
            ranks[k] = prev
            k += 1
    return t[kind == F], ranks, n


def plotting_positions(data: LifeData, ranks: str = "bernard") -> tuple[Arr, Arr]:
    """(failure times, median-rank unreliability F) for a probability plot."""
    if ranks not in RANK_METHODS:
        raise InputError(f"ranks: {ranks!r} is not one of {', '.join(RANK_METHODS)}")
    t, i, n = johnson_ranks(data)
    if ranks == "bernard":
        return t, (i - 0.3) / (n + 0.4)
    return t, scipy.stats.beta.median(i, n - i + 1)


def linearise(dist: str, t: Arr, Fp: Arr) -> tuple[Arr, Arr]:
    """Probability-paper axes (x, y) for ``dist``."""
    if dist in ("weibull2p", "exponential1p"):
        return np.log(t), np.log(-np.log1p(-Fp))
    if dist == "lognormal":
        return np.log(t), scipy.stats.norm.ppf(Fp)
    if dist == "loglogistic":
        return np.log(t), np.log(Fp / (1 - Fp))
    if dist == "normal":
        return t, scipy.stats.norm.ppf(Fp)
    raise InputError(f"rank regression is available for weibull2p, lognormal, loglogistic, "
                     f"normal; not {dist} (use method='mle')")


def rank_regression(dist: str, data: LifeData, direction: str, ranks: str) -> tuple[float, float, float]:
    """Location μ and scale σ on the x axis (x = μ + σ y) and the correlation ρ."""
    t, Fp = plotting_positions(data, ranks)
    if t.size < 2 or np.ptp(t) == 0:
        raise InsufficientDataError(f"rank regression needs at least 2 distinct failure times; "
                                    f"found {np.unique(t).size}")
    x, y = linearise(dist, t, Fp)
    rho = float(np.corrcoef(x, y)[0, 1])
    if direction == "rry":  # y = a + b x  ->  x = −a/b + y/b
        b, a = np.polyfit(x, y, 1)
        return -a / b, 1.0 / b, rho
    if direction == "rrx":  # x = μ + σ y
        sigma, mu = np.polyfit(y, x, 1)
        return mu, sigma, rho
    raise InputError(f"method: {direction!r} is not mle, rrx or rry")
