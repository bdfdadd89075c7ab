"""The probability plot of a life-data fit: failures at their median ranks, suspensions marked
apart, the fitted line and its bounds, on Weibull (or normal-quantile) paper.

Axes as in :mod:`keyparts.life.plots` (Abernethy 2006, *The New Weibull Handbook*, §2): time on
a log scale; Weibull y = ln(−ln(1 − F)), otherwise y = Φ⁻¹(F); the y axis is labelled in
unreliability F (%) at fixed ticks (drawn as labelled grid lines, the option holds no code).
A suspension (a unit removed unfailed) has no F: it is drawn as a triangle along the bottom
of the plot at its time, as the Weibull++ plots do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from keyparts.charts._common import BLUE, GREY, RED, Gettext, base, esc, r, same

TICKS = (0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.632, 0.8, 0.9, 0.95, 0.99, 0.999)


def _ppf(p: float) -> float:
    """Standard normal quantile (Acklam's rational approximation refined by one Halley step;
    |error| < 1e-9 on (0, 1)), so that this module needs no SciPy."""
    a = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
         -3.066479806614716e01, 2.506628277459239e00)
    b = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
         -1.328068155288572e01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
         4.374664141464968e00, 2.938163982698783e00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    q = min(p, 1 - p)
    if q < 0.02425:
        s = math.sqrt(-2 * math.log(q))
        x = (((((c[0] * s + c[1]) * s + c[2]) * s + c[3]) * s + c[4]) * s + c[5]) / \
            ((((d[0] * s + d[1]) * s + d[2]) * s + d[3]) * s + 1)
        x = x if p < 0.5 else -x
    else:
        s = p - 0.5
        t = s * s
        x = (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * s / \
            (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1)
    e = 0.5 * math.erfc(-x / math.sqrt(2)) - p
    u = e * math.sqrt(2 * math.pi) * math.exp(x * x / 2)
    return x - u / (1 + x * u / 2)


def paper_y(F: float, weibull: bool) -> float:
    """The linearised ordinate of unreliability F: ln(−ln(1−F)) (Weibull) or Φ⁻¹(F)."""
    return math.log(-math.log1p(-F)) if weibull else _ppf(F)


def probability_plot(failure_times: Sequence[float], failure_F: Sequence[float],
                     suspension_times: Sequence[float], line_times: Sequence[float], line_F: Sequence[float], *,
                     weibull: bool = True, bounds: tuple[Sequence[float], Sequence[float], Sequence[float]] | None = None,
                     unit: str | None = None, fit_label: str = "", bounds_label: str = "",
                     gettext: Gettext = same) -> dict:
    """ECharts option of a probability plot.

    ``failure_times``/``failure_F``: the failures and their plotting positions (fractions);
    ``suspension_times``: units removed unfailed; ``line_times``/``line_F``: points of the fitted
    CDF; ``bounds``: (F, lower times, upper times) of the two-sided B-life bounds, or None.
    ``unit`` names the time axis. Times must be > 0 (log axis).
    """
    pts = [(t, f) for t, f in zip(failure_times, failure_F) if t > 0 and 0 < f < 1]
    line = [(t, f) for t, f in zip(line_times, line_F) if t > 0 and 0 < f < 1]
    fs = [f for _, f in pts + line]
    f_lo = max([x for x in TICKS if x <= min(fs, default=0.01)], default=TICKS[0])
    f_hi = min([x for x in TICKS if x >= max(fs, default=0.99)], default=TICKS[-1])
    y_lo, y_hi = paper_y(f_lo, weibull), paper_y(f_hi, weibull)
    y_min = y_lo - 0.06 * (y_hi - y_lo)  # a strip below the lowest tick for the suspensions
    times = [t for t, _ in pts + line] + [t for t in suspension_times if t > 0]
    x_lo = 10 ** math.floor(math.log10(min(times))) if times else 1
    x_hi = 10 ** math.ceil(math.log10(max(times))) if times else 10
    F_name = gettext("Unreliability F (%)")
    t_name = gettext("Time (%(unit)s)") % {"unit": unit} if unit else gettext("Time")
    failures = gettext("Failures (median ranks)")
    susp = gettext("Suspensions (removed unfailed)")
    series = [
        {"type": "line", "name": fit_label or gettext("Fitted line"), "showSymbol": False, "silent": True,
         "itemStyle": {"color": BLUE}, "lineStyle": {"width": 2},
         "data": [[r(t, 4), r(paper_y(f, weibull), 4)] for t, f in line],
         "markLine": {"silent": True, "symbol": "none", "lineStyle": {"color": "#ddd", "type": "solid", "width": 1},
                      "label": {"position": "start", "formatter": "{b}", "color": "#555", "fontSize": 10},
                      "data": [{"name": f"{100 * f:g}", "yAxis": r(paper_y(f, weibull), 4)}
                               for f in TICKS if f_lo <= f <= f_hi]}},
        {"type": "scatter", "name": failures, "itemStyle": {"color": RED}, "symbolSize": 8,
         "data": [{"value": [r(t, 4), r(paper_y(f, weibull), 4)],
                   "tooltip": {"formatter": f"{esc(failures)}<br/>t = {t:g}, F = {100 * f:.1f} %"}}
                  for t, f in pts]},
        {"type": "scatter", "name": susp, "symbol": "triangle", "symbolSize": 10,
         "itemStyle": {"color": "#fff", "borderColor": GREY, "borderWidth": 1.5},
         "data": [{"value": [r(t, 4), r(y_min, 4)], "tooltip": {"formatter": f"{esc(susp)}<br/>t = {t:g}"}}
                  for t in suspension_times if t > 0]},
    ]
    if bounds is not None:
        for j, side in ((1, "lower"), (2, "upper")):
            series.append({"type": "line", "name": bounds_label or gettext("Confidence bounds"), "showSymbol": False,
                           "silent": True, "itemStyle": {"color": BLUE},
                           "lineStyle": {"type": "dashed", "width": 1, "color": BLUE}, "id": f"bound-{side}",
                           "data": [[r(t, 4), r(paper_y(f, weibull), 4)] for f, t in zip(bounds[0], bounds[j])
                                    if t is not None and math.isfinite(t) and t > 0 and 0 < f < 1]})
    return base(
        grid={"left": 40, "right": 36, "top": 44, "bottom": 44, "containLabel": False},
        legend={"top": 0, "type": "scroll"},
        tooltip={"trigger": "item", "confine": True},
        xAxis={"type": "log", "min": x_lo, "max": x_hi, "name": t_name, "nameLocation": "middle", "nameGap": 26,
               "axisLine": {"onZero": False},  # y = 0 is F = 63.2 % on Weibull paper: keep the axis at the bottom
               "splitLine": {"show": True, "lineStyle": {"color": "#eee"}}, "minorTick": {"show": True},
               "minorSplitLine": {"show": True, "lineStyle": {"color": "#f4f4f4"}}},
        yAxis={"type": "value", "min": r(y_min, 4), "max": r(y_hi, 4), "name": F_name, "nameLocation": "middle",
               "nameGap": 28, "axisLabel": {"show": False}, "axisTick": {"show": False}, "splitLine": {"show": False}},
        series=series)


def probability_plot_of_fit(res, data, *, unit: str | None = None, gettext: Gettext = same) -> dict:
    """:func:`probability_plot` of a :class:`keyparts.life.FitResult` and the
    :class:`keyparts.life.LifeData` it fitted (the points and line of keyparts.life.plots)."""
    import numpy as np

    from keyparts.errors import InputError
    from keyparts.life.data import S
    from keyparts.life.ranks import plotting_positions

    weibull = res.distribution.startswith(("weibull", "expon"))
    Fg = (1 - np.exp(-np.exp(np.linspace(-6.2, 1.9, 60)))) if weibull else np.linspace(0.002, 0.998, 60)
    tq = [float(res.quantile(f)) for f in Fg]
    ft, fF = ([], [])
    if data.exact_or_right and data.failures:
        ft, fF = plotting_positions(data, res.ranks or "bernard")
    t_all, kind = data.expanded()
    susp = sorted(float(t) for t in t_all[kind == S])
    bounds = None
    try:
        Fb = Fg[:: (6 if res.bounds_kind == "lr" else 2)]
        b = np.array([res.b_life_bounds(100 * f, sides=2) for f in Fb], dtype=float)
        bounds = (list(Fb), list(b[:, 0]), list(b[:, 1]))
    except (ValueError, ArithmeticError, InputError):
        pass
    return probability_plot(list(map(float, ft)), list(map(float, fF)), susp, tq, list(Fg), weibull=weibull,
                            bounds=bounds, unit=unit or data.unit,
                            fit_label=f"{res.distribution} ({res.method})",
                            bounds_label=gettext("%(cl)s two-sided bounds (%(kind)s)")
                            % {"cl": f"{res.cl:.0%}", "kind": res.bounds_kind},
                            gettext=gettext)
