"""Life data: exact failures, right/left/interval censoring and grouped counts.

Every observation is stored as an interval ``[lower, upper]`` with a kind code
(Meeker & Escobar 1998, *Statistical Methods for Reliability Data*, §2.2 and §7.2):

* ``F`` exact failure at ``lower == upper``;
* ``S`` right-censored (suspension, run-out): failed after ``lower``, ``upper = inf``;
* ``L`` left-censored: failed before ``upper`` (``lower = 0``);
* ``I`` interval-censored: failed in ``(lower, upper]``.

Times are in any unit (h, cycles, 10^6 rev); the engine rescales them internally so that
values from 1e-3 to 1e9 fit equally well.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from keyparts.errors import InputError

F, S, L, I = 0, 1, 2, 3
KIND_LETTERS = "FSLI"
_STATUS_WORDS = {
    "f": F, "failure": F, "failed": F, "1": F, "true": F, "exact": F,
    "s": S, "suspension": S, "suspended": S, "r": S, "right": S, "c": S, "censored": S,
    "0": S, "false": S, "runout": S, "run-out": S,
    "l": L, "left": L,
    "i": I, "interval": I,
}


@dataclass(frozen=True)
class LifeData:
    """Normalised life data (arrays of equal length, one row per observation group).

    ``lower``/``upper`` are in the user's time unit; ``kind`` holds the codes F=0, S=1, L=2,
    I=3; ``count`` the number of units in each row (grouped data); ``stress`` the stress level
    (accelerated tests) or ``None``; ``unit`` the time unit of ``lower``/``upper`` as the
    user writes it (``"h"``, ``"Mrev"``) or ``None`` when not stated.
    """

    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    kind: NDArray[np.int8]
    count: NDArray[np.float64]
    stress: NDArray[np.float64] | None = None
    unit: str | None = None

    @property
    def n(self) -> int:
        """Number of units (sum of counts)."""
        return round(float(self.count.sum()))

    @property
    def failures(self) -> int:
        """Number of units that failed (exact, left- or interval-censored)."""
        return round(float(self.count[self.kind != S].sum()))

    @property
    def exact_or_right(self) -> bool:
        """True when only exact failures and suspensions occur (closed-form Weibull path)."""
        return bool(np.all((self.kind == F) | (self.kind == S)))

    def scale(self) -> float:
        """Internal time scale: geometric mean of the positive, finite interval ends."""
        ends = self.lower[self.lower > 0]
        lu = (self.kind == L) | (self.kind == I)
        if lu.any():
            ends = np.concatenate([ends, self.upper[lu]])
        return float(np.exp(np.mean(np.log(ends)))) if ends.size else 1.0

    def subset(self, mask: NDArray[np.bool_]) -> LifeData:
        """The rows where ``mask`` is true."""
        st = None if self.stress is None else self.stress[mask]
        return LifeData(self.lower[mask], self.upper[mask], self.kind[mask], self.count[mask], st,
                        self.unit)

    def expanded(self) -> tuple[NDArray[np.float64], NDArray[np.int8]]:
        """One row per unit (counts repeated) — used for rank regression and plots."""
        reps = np.rint(self.count).astype(int)
        return np.repeat(self.lower, reps), np.repeat(self.kind, reps)


def _parse_status(status: ArrayLike | None, size: int) -> NDArray[np.int8]:
    if status is None:
        return np.full(size, F, dtype=np.int8)
    arr = np.asarray(status)
    if arr.ndim == 0:  # one status for every time: life_data([1500, 1800], "S")
        arr = np.full(size, arr.item(), dtype=arr.dtype)
    if arr.shape != (size,):
        raise InputError(f"status: {arr.shape[0] if arr.ndim else 1} values for {size} times "
                         "(expected one status per time)")
    if arr.dtype == bool:
        return np.where(arr, F, S).astype(np.int8)
    if np.issubdtype(arr.dtype, np.number):
        bad = ~np.isin(arr, (0, 1))
        if bad.any():
            raise InputError(f"status[{int(np.argmax(bad))}]: {arr[bad][0]!r} is not 1 (failure) "
                             "or 0 (suspension); use letters F/S/L/I for left/interval data")
        return np.where(arr == 1, F, S).astype(np.int8)
    out = np.empty(size, dtype=np.int8)
    for i, s in enumerate(arr):
        code = _STATUS_WORDS.get(str(s).strip().lower())
        if code is None:
            raise InputError(f"status[{i}]: {s!r} is not a life-test status "
                             "(expected F failure, S suspension, L left, I interval)")
        out[i] = code
    return out


def life_data(times: ArrayLike, status: ArrayLike | None = None, *,
              time_upper: ArrayLike | None = None, count: ArrayLike | None = None,
              stress: ArrayLike | None = None, unit: str | None = None) -> LifeData:
    """Build and check :class:`LifeData` from arrays.

    ``times``: failure/suspension time, the lower end for interval data, the upper end
    (detection time) for left-censored data unless ``time_upper`` gives it. ``status``: letters F/S/L/I (also words such
    as ``failure``), booleans (True = failed) or 1/0; default all failures. ``time_upper``:
    upper end of interval rows (NaN elsewhere). ``count``: units per row (grouped data).
    ``unit``: the time unit the numbers are in (a label; no conversion here — a tests.csv
    table goes through :func:`keyparts.life.from_tests_frame`, which converts).
    """
    t = np.asarray(times, dtype=float).ravel()
    size = t.size
    if size == 0:
        raise InputError("times: empty (expected at least one failure or suspension time)")
    kind = _parse_status(status, size)
    cnt = np.ones(size) if count is None else np.asarray(count, dtype=float).ravel()
    if cnt.shape != (size,):
        raise InputError(f"count: {cnt.size} values for {size} times")
    bad = ~np.isfinite(cnt) | (cnt <= 0)
    if bad.any():
        raise InputError(f"count[{int(np.argmax(bad))}]: {cnt[bad][0]} is not a positive number of units")
    up = np.full(size, np.nan) if time_upper is None else np.asarray(time_upper, dtype=float).ravel()
    if up.shape != (size,):
        raise InputError(f"time_upper: {up.size} values for {size} times")
    lower, upper = t.copy(), t.copy()
    upper[kind == S] = np.inf
    lower[kind == L] = 0.0
    lu = (kind == L) & np.isfinite(up)  # tests.csv: left-censored rows may give time_upper
    upper[lu] = up[lu]
    iv = kind == I
    upper[iv] = up[iv]
    # an interval starting at 0 is left-censored; one without an upper end is a suspension
    kind = np.where(iv & (lower == 0), L, kind).astype(np.int8)
    open_end = iv & np.isposinf(upper)
    kind = np.where(open_end, S, kind).astype(np.int8)
    iv = kind == I
    for name, arr, mask in (("time", t, (kind == F) | (kind == S)), ("time", lower, iv),
                            ("time_upper", upper, iv | (kind == L))):
        bad = mask & ~(np.isfinite(arr) & (arr >= 0))
        if bad.any():
            i = int(np.argmax(bad))
            raise InputError(f"{name}[{i}]: {arr[i]} is not a finite time >= 0")
    bad = iv & ~(upper > lower)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"time_upper[{i}]: {upper[i]} is not above time {lower[i]} "
                         "(an interval row needs time < time_upper)")
    bad = (kind == L) & ~(upper > 0)
    if bad.any():
        raise InputError(f"time[{int(np.argmax(bad))}]: a left-censored time must be > 0")
    st = None
    if stress is not None:
        st = np.asarray(stress, dtype=float).ravel()
        if st.shape != (size,):
            raise InputError(f"stress: {st.size} values for {size} times")
    return LifeData(lower, upper, kind, cnt, st, unit)


def as_life_data(times: ArrayLike | LifeData, status: ArrayLike | None = None, **kw: object) -> LifeData:
    """Pass :class:`LifeData` through, build it from arrays otherwise."""
    if isinstance(times, LifeData):
        return times
    return life_data(times, status, **kw)  # type: ignore[arg-type]
