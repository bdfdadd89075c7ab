"""Probability plots (Weibull or lognormal paper) with the fitted line and its bounds.

Points: median ranks (Bernard) on Johnson adjusted ranks (Abernethy 2006, §2); axes:
Weibull x = ln t, y = ln(−ln(1−F)); lognormal/other y = Φ⁻¹(F). Matplotlib Agg backend;
the file type follows the extension (.png, .svg).
"""

from __future__ import annotations

from typing import IO

import numpy as np

from keyparts.errors import InputError

from .data import LifeData
from .ranks import plotting_positions
from .result import FitResult

_TICKS = [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.632, 0.8, 0.9, 0.95, 0.99, 0.999]


def _y(F: np.ndarray, weibull: bool) -> np.ndarray:
    from scipy import stats
    return np.log(-np.log1p(-F)) if weibull else stats.norm.ppf(F)


def probability_plot(res: FitResult, data: LifeData, path: str | IO, *, cl: float | None = None,
                     kind: str | None = None, title: str | None = None, unit: str | None = None,
                     fmt: str | None = None) -> str | IO:
    """Write a probability plot of ``data`` with ``res``'s line and two-sided Bp-life bounds.

    ``path`` is a .png/.svg file name, or a file object with ``fmt`` ("png" | "svg");
    ``unit`` labels the time axis (e.g. "h", "cycles"); by default the data's own unit.
    """
    if isinstance(path, str) and not path.lower().endswith((".png", ".svg")):
        raise InputError(f"plot: {path} should end in .png or .svg")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    weibull = res.distribution.startswith(("weibull", "expon"))
    fig, ax = plt.subplots(figsize=(7, 5), dpi=110)
    Fg = np.linspace(0.002, 0.998, 80) if not weibull else 1 - np.exp(-np.exp(np.linspace(-6.2, 1.9, 80)))
    tq = np.array([res.quantile(f) for f in Fg])
    ok = tq > 0
    ax.plot(tq[ok], _y(Fg[ok], weibull), "-", color="C0", label=f"{res.distribution} ({res.method})")
    try:
        Fb = Fg[:: (8 if (kind or res.bounds_kind) == "lr" else 1)]  # LR bounds cost a search each
        b = np.array([res.b_life_bounds(100 * f, cl=cl, kind=kind, sides=2) for f in Fb])
        lab = f"{(cl or res.cl):.0%} bounds ({kind or res.bounds_kind})"
        for j in (0, 1):
            m = np.isfinite(b[:, j]) & (b[:, j] > 0)
            ax.plot(b[m, j], _y(Fb[m], weibull), "--", color="C0", lw=0.8, label=lab if j == 0 else None)
    except (ValueError, ArithmeticError, InputError):
        pass
    if data.exact_or_right and data.failures:
        t, Fp = plotting_positions(data, res.ranks or "bernard")
        ax.plot(t, _y(Fp, weibull), "o", color="C3", ms=4, label="failures (median ranks)")
    ax.set_xscale("log")
    ax.set_yticks(_y(np.array(_TICKS), weibull))
    ax.set_yticklabels([f"{100 * v:g}" for v in _TICKS])
    ax.set_ylabel("unreliability F (%)")
    unit = unit or data.unit
    ax.set_xlabel(f"time ({unit})" if unit else "time")
    ax.grid(True, which="both", lw=0.3)
    ax.set_title(title or ("Weibull probability plot" if weibull else "Probability plot"))
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format=fmt)
    plt.close(fig)
    return path
