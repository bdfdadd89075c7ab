"""B-life and reliability tables of a fit, with confidence bounds (as Weibull++'s Quick
Calculation Pad or `reliability`'s ``Fit_Weibull_2P(...).b5/.b95`` give them one value at a
time): Bp = F⁻¹(p/100) and R(t) = 1 − F(t) for a list of p and t, each with the fit's bounds.

Point values are computed for all p and t in one vectorised call; bounds one by one (a
likelihood-ratio bound is a root search). Times are in the fit's unit (``FitResult.time_unit``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from keyparts.errors import InputError

from .result import FitResult

#: Bp lives shown when none are asked for: B1, B5, B10 (ISO 281's L10), B20, B50 (median), B63.2 (η).
DEFAULT_P = (1.0, 5.0, 10.0, 20.0, 50.0, 63.2)


@dataclass(frozen=True)
class LifeRow:
    """One row of a table: the point value and its (lower, upper) bounds (None if not finite)."""

    at: float
    value: float | None
    lower: float | None
    upper: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "value": self.value, "lower": self.lower, "upper": self.upper}


@dataclass(frozen=True)
class LifeTable:
    """Bp lives (``b_lives``: at = p in %, value = time) and reliabilities (``reliabilities``:
    at = time, value = R(t) as a fraction) of one fit, with bounds of kind ``bounds`` at ``cl``
    (``sides`` 2: two-sided interval, 1: one-sided bounds)."""

    distribution: str
    method: str
    cl: float
    bounds: str
    sides: int
    time_unit: str | None
    b_lives: tuple[LifeRow, ...]
    reliabilities: tuple[LifeRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"distribution": self.distribution, "method": self.method, "cl": self.cl,
                "bounds": self.bounds, "sides": self.sides, "time_unit": self.time_unit,
                "b_lives": [r.to_dict() for r in self.b_lives],
                "reliabilities": [r.to_dict() for r in self.reliabilities]}


def _f(x: float) -> float | None:
    return float(x) if math.isfinite(float(x)) else None


def _bounded(point: np.ndarray, at: Sequence[float], bound) -> tuple[LifeRow, ...]:
    rows = []
    for a, v in zip(at, point):
        try:
            lo, hi = bound(float(a))
        except (ValueError, ArithmeticError, InputError):
            lo, hi = float("nan"), float("nan")
        rows.append(LifeRow(float(a), _f(v), _f(lo), _f(hi)))
    return tuple(rows)


def life_table(res: FitResult, *, p: Sequence[float] = DEFAULT_P, times: Sequence[float] | None = None,
               cl: float | None = None, bounds: str | None = None, sides: int = 2) -> LifeTable:
    """Bp lives at ``p`` (percent) and R(t) at ``times`` (fit's time unit) with bounds.

    ``times`` default: the B10 and B50 lives rounded to two significant figures (so the R(t)
    table reads near 0.9 and 0.5). ``cl``/``bounds`` default to the fit's own.
    """
    pa = np.asarray(list(p), float)
    if pa.size == 0 or not np.all((pa > 0) & (pa < 100)):
        raise InputError(f"p: {list(p)} are not percentages between 0 and 100 (B10: p = 10)")
    if times is None:
        b = np.asarray(res.b_life(np.array([10.0, 50.0])), float)
        times = [float(f"{x:.2g}") for x in b if math.isfinite(x) and x > 0]
    ta = np.asarray(list(times), float)
    if ta.size and not np.all(np.isfinite(ta) & (ta >= 0)):
        raise InputError(f"times: {list(times)} are not times >= 0")
    cl_, kind, sides_ = res._opts(cl, bounds, sides)
    bl = _bounded(np.asarray(res.b_life(pa), float).reshape(-1), pa,
                  lambda x: res.b_life_bounds(x, cl=cl_, kind=kind, sides=sides_))
    rl = _bounded(np.asarray(res.reliability(ta), float).reshape(-1) if ta.size else np.array([]), ta,
                  lambda x: res.reliability_bounds(x, cl=cl_, kind=kind, sides=sides_))
    return LifeTable(res.distribution, res.method, cl_, kind, sides_, res.time_unit, bl, rl)
