"""LMDI-I additive decomposition of a change in a product of factors.

For V = Π_k x_k observed in years 0 and T, the change splits exactly into one effect per factor:
ΔV_k = L(V^T, V^0) · ln(x_k^T / x_k^0), with the logarithmic mean L(a, b) = (a − b)/(ln a − ln b)
and L(a, a) = a; Σ_k ΔV_k = V^T − V^0 with no residual. Ang, B.W. (2005), "The LMDI approach to
decomposition analysis: a practical guide", Energy Policy 33(7):867–871, Table 1 (additive
LMDI-I). Values must be positive; rows with a zero or missing factor give NaN effects (Ang &
Liu 2007 treat zeros by small numbers; here they are reported, not guessed).
"""

from __future__ import annotations

import numpy as np

METHOD = "LMDI-I additive (Ang 2005, Energy Policy 33:867-871)"


def log_mean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Logarithmic mean L(a, b) = (a − b)/(ln a − ln b), L(a, a) = a; NaN unless a, b > 0."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ok = (a > 0) & (b > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        la, lb = np.log(np.where(ok, a, 1.0)), np.log(np.where(ok, b, 1.0))
        out = np.where(np.isclose(a, b), a, (a - b) / (la - lb))
    return np.where(ok, out, np.nan)


def lmdi_additive(before: dict[str, np.ndarray], after: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Effects of each factor (same keys, same units as V = Π factors) of the change before -> after."""
    v0 = np.prod([np.asarray(x, dtype=float) for x in before.values()], axis=0)
    v1 = np.prod([np.asarray(after[k], dtype=float) for k in before], axis=0)
    w = log_mean(v1, v0)
    out = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in before:
            x0, x1 = np.asarray(before[k], dtype=float), np.asarray(after[k], dtype=float)
            ok = (x0 > 0) & (x1 > 0)
            out[k] = np.where(ok, w * np.log(np.where(ok, x1 / np.where(ok, x0, 1.0), 1.0)), np.nan)
    return out
