"""ECharts option of a dynamic scenario run: daily curves as a share of the pre-shock level.

Pure: numbers in, an option dict out (JSON-able, no JavaScript functions), drawn by
``static/charts.js`` through ``templates/_chart.html``. Every curve is in per cent of its
pre-shock daily level (100 = no loss); a static estimate, when given, is a dashed horizontal
line at its level over the days it covers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

PALETTE = ("#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d")


def daily_curves_option(days: Sequence[int], curves: Mapping[str, Sequence[float]], *,
                        static: Mapping[str, float] | None = None, static_days: float | None = None,
                        x_label: str = "day", y_label: str = "per cent of pre-shock level") -> dict:
    """Line chart of ``curves`` (name -> one fraction of the pre-shock level per day, 1 = no
    loss) over ``days``, in per cent rounded to 0.01. ``static`` (name -> fraction) adds a dashed
    line per entry at that level from day 0 to ``static_days`` (default: the whole run), e.g.
    the static Leontief estimate of the output kept during the disruption."""
    x = [int(d) for d in days]
    series = []
    for i, (name, values) in enumerate(curves.items()):
        v = [round(100.0 * float(f), 2) for f in values]
        if len(v) != len(x):
            raise ValueError(f"curve {name!r}: {len(v)} values for {len(x)} days")
        series.append({"name": name, "type": "line", "data": v, "showSymbol": False,
                       "lineStyle": {"width": 2}, "color": PALETTE[i % len(PALETTE)]})
    end = x[-1] if x else 0
    if static_days is not None and x:
        end = min(end, max(x[0], int(round(static_days)) - 1))
    for j, (name, level) in enumerate((static or {}).items()):
        y = round(100.0 * float(level), 2)
        series.append({"name": name, "type": "line", "showSymbol": False,
                       "data": [y if d <= end else None for d in x],
                       "lineStyle": {"type": "dashed", "width": 2},
                       "color": PALETTE[(len(curves) + j) % len(PALETTE)]})
    lows = [v for s in series for v in s["data"] if v is not None]
    y_min = 0 if not lows or min(lows) < 50 else 50
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 40, "right": 16, "top": 48, "bottom": 44},
        "xAxis": {"type": "category", "data": x, "name": x_label, "nameLocation": "middle",
                  "nameGap": 28, "boundaryGap": False},
        "yAxis": {"type": "value", "min": y_min, "max": 100, "name": y_label,
                  "nameLocation": "end", "nameTextStyle": {"align": "left"},
                  "axisLabel": {"formatter": "{value}"}},
        "series": series,
    }
