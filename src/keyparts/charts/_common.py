"""What every chart shares: fonts (Chinese labels too), colours, number rounding."""

from __future__ import annotations

import html
import math
from collections.abc import Callable

# the page's font stack (static/app.css), so that Chinese labels use a CJK face where one exists
FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
BLUE, RED, GREY, ORANGE, GREEN = "#4c78a8", "#e45756", "#7f7f7f", "#f58518", "#54a24b"
PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d",
           "#bab0ac"]

Gettext = Callable[[str], str]


def same(message: str) -> str:
    """The identity ``gettext`` (English labels)."""
    return message


def base(**option) -> dict:
    """An option with the shared text style, palette and an SVG-friendly animation off."""
    return {"textStyle": {"fontFamily": FONT}, "color": PALETTE, "animation": False, **option}


def r(x: float | None, nd: int = 3) -> float | None:
    """``x`` rounded to ``nd`` significant decimals for the JSON (None for NaN/None/inf)."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    return round(x, nd)


def esc(text: object) -> str:
    """Text for a tooltip (ECharts renders tooltips as HTML)."""
    return html.escape(str(text), quote=False)


def nice_ceil(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k that is >= x (x > 0)."""
    if x <= 0:
        return 1.0
    e = math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * 10 ** e >= x - 1e-12:
            return float(m * 10 ** e)
    return float(10 ** (e + 1))


def axis_range(values: list[float], must_show: float, pad: float = 0.08) -> tuple[float, float]:
    """[lo, hi] of a value axis that shows every value and ``must_show`` (a threshold): from 0 or
    a little below the smallest value, to a little above the largest, at steps of a nice unit."""
    vals = [v for v in values if v is not None and math.isfinite(v)] + [must_show]
    lo, hi = min(vals), max(vals)
    span = max(hi - lo, abs(hi) * 0.1, 1e-9)
    step = nice_ceil(span / 5)
    lo_ = math.floor((lo - pad * span) / step) * step
    hi_ = math.ceil((hi + pad * span) / step) * step
    if lo >= 0:
        lo_ = max(lo_, 0.0)
    return float(round(lo_, 10)), float(round(hi_, 10))


def money_unit(max_abs: float, gettext: Gettext) -> tuple[float, str]:
    """Divisor and unit label for USD amounts whose largest magnitude is ``max_abs``."""
    if max_abs >= 1e9:
        return 1e9, gettext("USD bn")
    if max_abs >= 1e6:
        return 1e6, gettext("USD m")
    if max_abs >= 1e3:
        return 1e3, gettext("USD k")
    return 1.0, gettext("USD")
