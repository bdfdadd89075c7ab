"""ECharts options of the programme pages (issue 14 §5): trends with targets, origin shares,
localisation side by side, the challenge portfolio with its uncertainty.

Pure functions: numbers and already translated labels in, an ECharts option dict out (drawn by
static/charts.js). Shares are given as fractions 0-1 and drawn in per cent (ECharts cannot
format an axis with a function sent as JSON). Missing values (None, NaN) leave a gap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

PALETTE = ("#2f6fb0", "#d0672a", "#3a9a5b", "#8e5bb5", "#b5443b", "#6b7b8c", "#c9a227", "#1f9aa8")


def _num(v: float | None, scale: float = 1.0, nd: int = 4) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return round(float(v) * scale, nd)


def _axis_years(years: Sequence[int], more: Sequence[int] = ()) -> list[str]:
    ys = [int(y) for y in (*years, *more)]
    return [str(y) for y in range(min(ys), max(ys) + 1)] if ys else []


def trend_option(years: Sequence[int], series: dict[str, Sequence[float | None]], *,
                 targets: Sequence[dict] = (), percent: bool = True, y_name: str = "") -> dict:
    """Lines over the years, one per entry of ``series`` (values aligned with ``years``).

    ``targets``: dicts with ``name``, ``series`` (the line it belongs to), ``year``, ``value`` and,
    when known, ``actual_year`` and ``actual``: drawn as a diamond at (year, value) and a dashed
    line from the latest actual to it (the linear path needed). The x axis runs from the first
    year to the last data or target year."""
    scale = 100.0 if percent else 1.0
    x = _axis_years(years, [t["year"] for t in targets])
    names = list(series)
    out = []
    for i, (name, vals) in enumerate(series.items()):
        by_year = {str(int(y)): _num(v, scale) for y, v in zip(years, vals)}
        out.append({"name": name, "type": "line", "connectNulls": False, "symbolSize": 7,
                    "itemStyle": {"color": PALETTE[i % len(PALETTE)]},
                    "data": [by_year.get(y) for y in x]})
    for t in targets:
        colour = PALETTE[names.index(t["series"]) % len(PALETTE)] if t.get("series") in names else "#555"
        pts = []
        if t.get("actual_year") is not None and _num(t.get("actual")) is not None:
            pts.append([str(int(t["actual_year"])), _num(t["actual"], scale)])
        pts.append([str(int(t["year"])), _num(t["value"], scale)])
        out.append({"name": t["name"], "type": "line", "symbol": "diamond", "symbolSize": 14,
                    "showSymbol": True, "lineStyle": {"type": "dashed", "width": 1.5, "color": colour},
                    "itemStyle": {"color": colour}, "data": pts})
    return {"color": list(PALETTE), "tooltip": {"trigger": "axis"},
            "legend": {"type": "scroll", "bottom": 0},
            "grid": {"left": 48, "right": 24, "top": 36, "bottom": 56, "containLabel": True},
            "xAxis": {"type": "category", "data": x, "boundaryGap": False},
            "yAxis": {"type": "value", "name": y_name or ("%" if percent else ""),
                      **({"min": 0, "max": 100} if percent else {"min": 0})},
            "series": out}


def origins_option(years: Sequence[int], shares: dict[str, Sequence[float | None]], *, y_name: str = "%",
                   top: int = 6, other: str = "other") -> dict:
    """Stacked bars of import-origin shares per year (fractions, drawn in per cent): the ``top``
    origins by their largest share, the rest summed as ``other``."""
    order = sorted(shares, key=lambda c: -max((v or 0.0) for v in shares[c]))
    keep, rest = order[:top], order[top:]
    rows = {c: [_num(v, 100.0, 2) or 0.0 for v in shares[c]] for c in keep}
    if rest:
        rows[other] = [round(sum((shares[c][j] or 0.0) for c in rest) * 100.0, 2) for j in range(len(years))]
    return {"color": list(PALETTE), "tooltip": {"trigger": "axis"}, "legend": {"type": "scroll", "bottom": 0},
            "grid": {"left": 48, "right": 24, "top": 36, "bottom": 56, "containLabel": True},
            "xAxis": {"type": "category", "data": [str(int(y)) for y in years]},
            "yAxis": {"type": "value", "name": y_name, "min": 0, "max": 100},
            "series": [{"name": c, "type": "bar", "stack": "origins", "data": v} for c, v in rows.items()]}


def side_by_side_option(labels: Sequence[str], series: dict[str, Sequence[float | None]], *,
                        urls: Sequence[str | None] | None = None, y_name: str = "%") -> dict:
    """Grouped bars: one group per label (a category, product or industry), one bar per entry of
    ``series`` (fractions, drawn in per cent); a bar with a url opens it."""
    out = []
    for name, vals in series.items():
        data = []
        for j, v in enumerate(vals):
            item = {"value": _num(v, 100.0, 2)}
            if urls and urls[j]:
                item["url"] = urls[j]
            data.append(item)
        out.append({"name": name, "type": "bar", "data": data})
    return {"color": list(PALETTE), "tooltip": {"trigger": "axis"}, "legend": {"bottom": 0},
            "grid": {"left": 48, "right": 24, "top": 36, "bottom": 80, "containLabel": True},
            "xAxis": {"type": "category", "data": list(labels), "axisLabel": {"rotate": 30 if len(labels) > 6 else 0}},
            "yAxis": {"type": "value", "name": y_name, "min": 0, "max": 100},
            "series": out}


def portfolio_option(ids: Sequence[str], expected: Sequence[float], p5: Sequence[float], p95: Sequence[float], *,
                     names: tuple[str, str] = ("expected", "5-95 %"), unit: float = 1e6, x_name: str = "USD m",
                     urls: Sequence[str | None] | None = None) -> dict:
    """Horizontal bars of the expected loss reduction per challenge (in ``unit`` USD, best first as
    given) with its 5-95 % interval drawn as a thin stacked bar from p5 to p95 (an invisible bar up
    to p5 carries it)."""
    ids = list(ids)[::-1]   # ECharts draws the first category at the bottom
    e, lo, hi = ([_num(v, 1.0 / unit, 3) for v in s][::-1] for s in (expected, p5, p95))
    u = list(urls)[::-1] if urls else [None] * len(ids)
    return {"color": list(PALETTE), "tooltip": {"trigger": "item"}, "legend": {"bottom": 0, "data": list(names)},
            "grid": {"left": 64, "right": 32, "top": 24, "bottom": 48, "containLabel": True},
            "yAxis": {"type": "category", "data": ids},
            "xAxis": {"type": "value", "name": x_name},
            "series": [
                {"name": names[0], "type": "bar", "barWidth": 14,
                 "data": [{"value": v, **({"url": x} if x else {})} for v, x in zip(e, u)]},
                {"name": "_base", "type": "bar", "stack": "ci", "barWidth": 4, "silent": True,
                 "itemStyle": {"color": "transparent"}, "data": lo, "tooltip": {"show": False}},
                {"name": names[1], "type": "bar", "stack": "ci", "barWidth": 4, "barGap": "-60%",
                 "itemStyle": {"color": "#222"},
                 "data": [None if a is None or b is None else round(b - a, 3) for a, b in zip(lo, hi)]}]}
