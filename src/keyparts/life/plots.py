"""Probability plots (Weibull or lognormal paper) with the fitted line and its bounds.

Points: median ranks (Bernard) on Johnson adjusted ranks (Abernethy 2006, §2); suspensions
(right-censored units) carry no plotting position and are drawn as marks along the bottom
edge at their times, as Weibull++ and Abernethy (§2.11) show them; axes: Weibull
x = ln t, y = ln(−ln(1−F)); lognormal/other y = Φ⁻¹(F).

:func:`plot_data` gives the plot as plain arrays (any chart library can draw them);
:func:`probability_plot` draws it with matplotlib (Agg backend; .png or .svg).
"""

from __future__ import annotations

import warnings
from typing import IO, Any

import numpy as np

from keyparts.errors import InputError

from .data import S, LifeData
from .ranks import plotting_positions
from .result import FitResult

#: Families for Chinese legend words (keyparts.report.charts uses the same): the SVG names them and
#: the viewer's fonts draw the text.
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei",
             "PingFang SC"]
_TICKS = [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.632, 0.8, 0.9, 0.95, 0.99, 0.999]


def _y(F: np.ndarray, weibull: bool) -> np.ndarray:
    from scipy import stats
    return np.log(-np.log1p(-F)) if weibull else stats.norm.ppf(F)


def plot_data(res: FitResult, data: LifeData, *, cl: float | None = None,
              kind: str | None = None) -> dict[str, Any]:
    """The probability plot as plain lists (times in the data's unit, F as fractions 0–1):

    ``failures``: {"t", "F"} median-rank positions of exact failures (none for interval or
    left-censored data); ``suspensions``: {"t"} times of right-censored units (one entry per
    unit, a grouped row repeated ``count`` times up to 1000); ``line``: {"t", "F"} the fitted
    CDF; ``lower``/``upper``: {"t", "F"} two-sided Bp-life bounds at ``cl`` (empty when the
    bounds cannot be computed); ``paper``: "weibull" or "normal" (the y-axis transform,
    y = ln(−ln(1−F)) or Φ⁻¹(F)); ``unit``: the time unit.
    """
    weibull = res.distribution.startswith(("weibull", "expon"))
    Fg = np.linspace(0.002, 0.998, 80) if not weibull else 1 - np.exp(-np.exp(np.linspace(-6.2, 1.9, 80)))
    tq = np.asarray(res.quantile(Fg), float)
    ok = np.isfinite(tq) & (tq > 0)
    out: dict[str, Any] = {"paper": "weibull" if weibull else "normal", "unit": data.unit,
                           "line": {"t": tq[ok].tolist(), "F": Fg[ok].tolist()},
                           "lower": {"t": [], "F": []}, "upper": {"t": [], "F": []},
                           "failures": {"t": [], "F": []}, "suspensions": {"t": []},
                           "cl": cl or res.cl, "bounds": kind or res.bounds_kind}
    try:
        Fb = Fg[:: (8 if (kind or res.bounds_kind) == "lr" else 1)]  # LR bounds cost a search each
        b = np.array([res.b_life_bounds(100 * f, cl=cl, kind=kind, sides=2) for f in Fb])
        for j, name in ((0, "lower"), (1, "upper")):
            m = np.isfinite(b[:, j]) & (b[:, j] > 0)
            out[name] = {"t": b[m, j].tolist(), "F": Fb[m].tolist()}
    except (ValueError, ArithmeticError, InputError):
        pass
    if data.exact_or_right and data.failures:
        t, Fp = plotting_positions(data, res.ranks or "bernard")
        out["failures"] = {"t": np.asarray(t, float).tolist(), "F": np.asarray(Fp, float).tolist()}
    susp = data.kind == S
    if susp.any():
        reps = np.minimum(data.count[susp], 1000).astype(int)
        out["suspensions"] = {"t": np.repeat(data.lower[susp], reps).astype(float).tolist()}
    return out


def probability_plot(res: FitResult, data: LifeData, path: str | IO, *, cl: float | None = None,
                     kind: str | None = None, title: str | None = None, unit: str | None = None,
                     fmt: str | None = None, labels: dict[str, str] | None = None) -> str | IO:
    """Write a probability plot of ``data`` with ``res``'s line and two-sided Bp-life bounds;
    suspensions are marked (▲) along the bottom edge at their times.

    ``path`` is a .png/.svg file name, or a file object with ``fmt`` ("png" | "svg");
    ``unit`` labels the time axis (e.g. "h", "cycles"); by default the data's own unit.
    ``labels`` replaces the English words of the legend and axes (keys: failures,
    suspensions, bounds, unreliability, time, title_weibull, title).
    """
    if isinstance(path, str) and not path.lower().endswith((".png", ".svg")):
        raise InputError(f"plot: {path} should end in .png or .svg")
    import matplotlib
    matplotlib.use("Agg")

    rc = {"svg.fonttype": "none", "svg.hashsalt": "keyparts",  # SVG text stays text: the browser's CJK fonts draw it
          "font.sans-serif": ["DejaVu Sans", *CJK_FONTS]}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        return _draw(res, data, path, cl=cl, kind=kind, title=title, unit=unit, fmt=fmt, labels=labels)


def _draw(res: FitResult, data: LifeData, path: str | IO, *, cl: float | None, kind: str | None,
          title: str | None, unit: str | None, fmt: str | None, labels: dict[str, str] | None) -> str | IO:
    import matplotlib.pyplot as plt

    w = {"failures": "failures (median ranks)", "suspensions": "suspensions (no failure)",
         "bounds": "bounds", "unreliability": "unreliability F (%)", "time": "time",
         **(labels or {})}
    pd_ = plot_data(res, data, cl=cl, kind=kind)
    weibull = pd_["paper"] == "weibull"
    fig, ax = plt.subplots(figsize=(7, 5), dpi=110)
    ax.plot(pd_["line"]["t"], _y(np.array(pd_["line"]["F"]), weibull), "-", color="C0",
            label=f"{res.distribution} ({res.method})")
    lab = f"{pd_['cl']:.0%} {w['bounds']} ({pd_['bounds']})"
    for j, name in enumerate(("lower", "upper")):
        if pd_[name]["t"]:
            ax.plot(pd_[name]["t"], _y(np.array(pd_[name]["F"]), weibull), "--", color="C0", lw=0.8,
                    label=lab if j == 0 else None)
    if pd_["failures"]["t"]:
        ax.plot(pd_["failures"]["t"], _y(np.array(pd_["failures"]["F"]), weibull), "o", color="C3", ms=4,
                label=w["failures"])
    yt = _y(np.array(_TICKS), weibull)
    if pd_["suspensions"]["t"]:
        ax.plot(pd_["suspensions"]["t"], np.full(len(pd_["suspensions"]["t"]), yt[0]), "^", color="C2",
                ms=7, mfc="none", mew=1.4, clip_on=False, label=w["suspensions"])
    ax.set_xscale("log")
    ax.set_yticks(yt)
    ax.set_yticklabels([f"{100 * v:g}" for v in _TICKS])
    ax.set_ylim(yt[0] - 0.15 * (yt[-1] - yt[0]) / 10, yt[-1])
    ax.set_ylabel(w["unreliability"])
    unit = unit or data.unit
    ax.set_xlabel(f"{w['time']} ({unit})" if unit else w["time"])
    ax.grid(True, which="both", lw=0.3)
    ax.set_title(title or w.get("title_weibull" if weibull else "title")
                 or ("Weibull probability plot" if weibull else "Probability plot"))
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format=fmt)
    plt.close(fig)
    return path
