"""A network view of a multi-tier chain: nodes in columns by tier (left to right, e.g. origin
country → maker → category → used in → industry), links between them; bounded to the
``top_per_tier`` largest nodes of each tier so that it stays readable."""

from __future__ import annotations

import math
from collections.abc import Sequence

from keyparts.charts._common import PALETTE, Gettext, base, esc, same


def chain_graph(nodes: Sequence[dict], links: Sequence[dict], *, tiers: Sequence[str],
                top_per_tier: int = 8, gettext: Gettext = same) -> dict:
    """ECharts graph option.

    ``nodes``: dicts with ``key`` (unique), ``name`` (shown), ``tier`` (0-based column, an index
    of ``tiers``, the translated column names shown in the legend), ``value`` (size and the
    ranking within the tier), optional ``url`` and ``detail`` (tooltip text). ``links``: dicts
    with ``source``, ``target`` (node keys) and ``value``. The ``top_per_tier`` largest nodes
    of each tier are kept; links to dropped nodes go too, and so do nodes left unlinked.
    """
    by_tier: dict[int, list[dict]] = {}
    for n in nodes:
        by_tier.setdefault(int(n["tier"]), []).append(n)
    kept: dict[str, dict] = {}
    for t, ns in by_tier.items():
        for n in sorted(ns, key=lambda n: (-float(n.get("value") or 0), str(n["name"])))[:top_per_tier]:
            kept[n["key"]] = n
    edges = [lk for lk in links if lk["source"] in kept and lk["target"] in kept]
    linked = {lk["source"] for lk in edges} | {lk["target"] for lk in edges}
    if len(kept) > 1:
        kept = {k: n for k, n in kept.items() if k in linked}
    cols: dict[int, list[dict]] = {}
    for n in kept.values():
        cols.setdefault(int(n["tier"]), []).append(n)
    rows = max((len(v) for v in cols.values()), default=1)
    # rows are 40 units apart; the view keeps the aspect ratio, so space the columns for a ~2.6:1
    # box (a wide screen; smaller on a phone, where it can be zoomed: roam). Resizing a graph while
    # the window still changes drew NaN transforms: static/charts.js resizes once it has settled.
    x_step = max(100.0, 2.6 * 40 * rows / max(1, len(cols) - 1))
    col_x = {t: i * x_step for i, t in enumerate(sorted(cols))}
    data = []
    for t, ns in sorted(cols.items()):
        ns.sort(key=lambda n: (-float(n.get("value") or 0), str(n["name"])))
        vmax = max(float(n.get("value") or 0) for n in ns) or 1.0
        gap = rows / len(ns)
        for i, n in enumerate(ns):
            item = {"id": n["key"], "name": str(n["name"]), "category": t, "x": round(col_x[t], 1), "y": round(gap * (i + 0.5) * 40, 1),
                    "symbolSize": round(10 + 16 * math.sqrt(float(n.get("value") or 0) / vmax), 1),
                    "value": n.get("value"),
                    "tooltip": {"formatter": f"<b>{esc(n['name'])}</b><br/>{esc(tiers[t])}"
                                             + (f"<br/>{esc(n['detail'])}" if n.get("detail") else "")}}
            if n.get("url"):
                item["url"] = n["url"]
            data.append(item)
    return base(
        legend={"top": 0, "type": "scroll", "data": [tiers[t] for t in sorted(cols)]},
        tooltip={"trigger": "item", "confine": True},
        series=[{
            "type": "graph", "layout": "none", "roam": True,  # no box: the view keeps the aspect (round nodes)
            "categories": [{"name": name, "itemStyle": {"color": PALETTE[i % len(PALETTE)]}}
                           for i, name in enumerate(tiers)],
            "label": {"show": True, "position": "right", "fontSize": 11, "width": 140, "overflow": "truncate"},
            "labelLayout": {"hideOverlap": True},
            "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": 6,
            "lineStyle": {"color": "source", "opacity": 0.45, "width": 1.2, "curveness": 0.1},
            "emphasis": {"focus": "adjacency", "lineStyle": {"width": 2.5}},
            "data": data,
            "links": [{"source": lk["source"], "target": lk["target"], "value": lk.get("value"),
                       **({"tooltip": {"formatter": esc(lk["detail"])}} if lk.get("detail") else {})}
                      for lk in edges],
        }])
