"""Bar charts: losses by product or industry, shares by origin, domestic output against imports.

Money in USD, shown in the unit that suits the largest value (USD k / m / bn, named on the
axis); shares as fractions in the input, percent on the axis.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from keyparts.charts._common import BLUE, ORANGE, RED, Gettext, base, esc, money_unit, r, same


def bars(labels: Sequence[str], values_usd: Sequence[float], *, axis_name: str, color: str = RED,
         urls: Sequence[str | None] | None = None, top: int = 15, gettext: Gettext = same) -> dict:
    """Horizontal bars of USD amounts, largest on top (at most ``top`` bars); ``axis_name`` is
    the value axis's name, the unit (e.g. "USD m") is appended to it."""
    pairs = sorted(((float(v or 0.0), str(lab), (urls[i] if urls else None))
                    for i, (lab, v) in enumerate(zip(labels, values_usd))), key=lambda x: -x[0])[:top]
    div, unit = money_unit(max((abs(v) for v, _, _ in pairs), default=0.0), gettext)
    data = []
    for v, lab, url in pairs:
        item = {"name": lab, "value": r(v / div, 3),
                "tooltip": {"formatter": f"{esc(lab)}<br/>USD {v:,.0f}"}}
        if url:
            item["url"] = url
        data.append(item)
    data.reverse()  # ECharts draws the first category at the bottom
    return base(
        grid={"left": 24, "right": 28, "top": 12, "bottom": 40, "containLabel": True},
        tooltip={"trigger": "item", "confine": True},
        xAxis={"type": "value", "axisLine": {"onZero": False}, "name": f"{axis_name} ({unit})", "nameLocation": "middle", "nameGap": 26},
        yAxis={"type": "category", "data": [d["name"] for d in data],
               "axisLabel": {"width": 170, "overflow": "truncate"}},
        series=[{"type": "bar", "data": data, "itemStyle": {"color": color}, "barMaxWidth": 22}])


def bars_height(n: int) -> int:
    """A bar chart's height in px for ``n`` bars (legible labels, no wasted space)."""
    return 70 + 26 * max(1, n)


def stacked_shares(rows: Sequence[str], shares: pd.DataFrame, *, axis_name: str, top: int = 6,
                   highlight: str | None = None, gettext: Gettext = same) -> dict:
    """Horizontal 100 % bars: one bar per row of ``shares`` (rows x columns, fractions that sum
    to at most 1), the ``top`` columns with the largest total and "other" for the rest.
    ``highlight`` (e.g. the home country) is named "XX (home)" in the legend."""
    df = shares.reindex(rows).fillna(0.0)
    keep = list(df.sum(axis=0).sort_values(ascending=False).index[:top])
    out = df[keep].copy()
    other = (1.0 - out.sum(axis=1)).clip(lower=0.0)
    series = []
    for c in keep:
        name = gettext("%(c)s (home)") % {"c": c} if c == highlight else str(c)
        series.append({"type": "bar", "stack": "s", "name": name,
                       "data": [r(100 * v, 1) for v in out[c].to_numpy()]})
    if (other > 1e-9).any():
        series.append({"type": "bar", "stack": "s", "name": gettext("other"), "itemStyle": {"color": "#bab0ac"},
                       "data": [r(100 * v, 1) for v in other.to_numpy()]})
    return base(
        grid={"left": 24, "right": 16, "top": 56, "bottom": 40, "containLabel": True},
        legend={"top": 0, "type": "scroll"},
        tooltip={"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
        xAxis={"type": "value", "min": 0, "max": 100, "name": f"{axis_name} (%)", "nameLocation": "middle",
               "nameGap": 26},
        yAxis={"type": "category", "data": [str(x) for x in df.index], "inverse": True,
               "axisLabel": {"width": 170, "overflow": "truncate"}},
        series=series)


def origin_shares_over_years(shares: pd.DataFrame, *, top: int = 6, gettext: Gettext = same) -> dict:
    """Stacked columns, one per year: the share of imports by origin country (``shares``: index
    = year, columns = country codes, fractions summing to 1 per year; years without imports
    are all 0). The ``top`` countries over all years are named, the rest is "other"."""
    df = shares.sort_index().fillna(0.0)
    keep = list(df.sum(axis=0).sort_values(ascending=False).index[:top])
    years = [str(int(y)) for y in df.index]
    series = [{"type": "bar", "stack": "o", "name": str(c), "barMaxWidth": 60,
               "data": [r(100 * v, 1) for v in df[c].to_numpy()]} for c in keep]
    other = (df.sum(axis=1) - df[keep].sum(axis=1)).clip(lower=0.0)
    if (other > 1e-9).any():
        series.append({"type": "bar", "stack": "o", "name": gettext("other"), "itemStyle": {"color": "#bab0ac"},
                       "barMaxWidth": 60, "data": [r(100 * v, 1) for v in other.to_numpy()]})
    return base(
        grid={"left": 8, "right": 16, "top": 64, "bottom": 30, "containLabel": True},
        legend={"top": 0, "type": "scroll"},
        tooltip={"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
        xAxis={"type": "category", "data": years},
        yAxis={"type": "value", "min": 0, "max": 100, "name": gettext("Share of imports (%)"),
               "nameLocation": "end", "nameGap": 10, "nameTextStyle": {"align": "left"}},
        series=series)


def domestic_vs_imported(years: Sequence[int], production_usd: Sequence[float | None],
                         imports_usd: Sequence[float], *, import_reliance: Sequence[float | None] | None = None,
                         gettext: Gettext = same) -> dict:
    """Columns per year: domestic output Q and imports M (USD, production.csv and trade.csv),
    with the import reliance IR = (M − X)/(Q + M − X) (EC 2017 CRM guidelines) as a line on
    the right axis (%) when given. A year without reported output has no Q column."""
    vals = [v for v in list(production_usd) + list(imports_usd) if v is not None]
    div, unit = money_unit(max((abs(v) for v in vals), default=0.0), gettext)
    series = [
        {"type": "bar", "name": gettext("Domestic output"), "itemStyle": {"color": BLUE}, "barMaxWidth": 40,
         "data": [None if q is None else r(q / div, 3) for q in production_usd]},
        {"type": "bar", "name": gettext("Imports"), "itemStyle": {"color": ORANGE}, "barMaxWidth": 40,
         "data": [r((m or 0.0) / div, 3) for m in imports_usd]},
    ]
    y_axes = [{"type": "value", "name": f"{gettext('Value')} ({unit})", "nameLocation": "end", "nameGap": 10,
               "nameTextStyle": {"align": "left"}}]
    if import_reliance is not None:
        series.append({"type": "line", "name": gettext("Import reliance (%)"), "yAxisIndex": 1,
                       "itemStyle": {"color": RED}, "symbolSize": 7,
                       "data": [None if x is None else r(100 * x, 1) for x in import_reliance]})
        y_axes.append({"type": "value", "min": 0, "max": 100, "name": gettext("Import reliance (%)"),
                       "nameLocation": "end", "nameGap": 10, "nameTextStyle": {"align": "right"},
                       "splitLine": {"show": False}})
    return base(
        grid={"left": 8, "right": 8, "top": 64, "bottom": 30, "containLabel": True},
        legend={"top": 0},
        tooltip={"trigger": "axis", "confine": True},
        xAxis={"type": "category", "data": [str(int(y)) for y in years]},
        yAxis=y_axes, series=series)
