"""Small helpers shared by the design engines: array coercion, checks, JSON conversion."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from keyparts.errors import InputError

FloatArray = NDArray[np.float64]


def arr(x: ArrayLike, name: str) -> FloatArray:
    """Return ``x`` as a float array; raise InputError naming ``name`` if it is not numeric."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name}: {x!r} is not a number (expected a number or an array of numbers)") from exc
    if np.isnan(a).any():
        raise InputError(f"{name}: contains NaN (expected finite numbers)")
    return a


def positive(x: ArrayLike, name: str, *, allow_zero: bool = False) -> FloatArray:
    """Coerce to array and require every value > 0 (or >= 0 with ``allow_zero``)."""
    a = arr(x, name)
    bad = (a < 0) if allow_zero else (a <= 0)
    if bad.any():
        v = a[bad].flat[0] if a.ndim else float(a)
        rel = ">= 0" if allow_zero else "> 0"
        raise InputError(f"{name}: {v:g} is out of range (expected {rel})")
    return a


def jsonable(x: Any) -> Any:
    """Plain Python (floats, lists, str, None) for ``to_dict()``; 0-d arrays become floats."""
    if x is None or isinstance(x, (str, bool, int)):
        return x
    if isinstance(x, float):
        return x
    if isinstance(x, np.ndarray):
        return float(x) if x.ndim == 0 else x.astype(float).tolist()
    if isinstance(x, (np.floating, np.integer)):
        return float(x)
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, dict):
        return {k: jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    return x


def scalar_or_array(a: FloatArray) -> float | FloatArray:
    """A 0-d array as float, otherwise unchanged."""
    return float(a) if np.ndim(a) == 0 else a
