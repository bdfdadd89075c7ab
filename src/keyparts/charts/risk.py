"""The risk matrix: supply risk (SR) against economic importance (EI) of ranked categories, with
the EU criticality thresholds.

Thresholds: a category is critical when SR >= 1.0 and EI >= 2.8, the screen of the EU
methodology for the critical raw materials list (European Commission (2017), *Methodology for
establishing the EU list of critical raw materials — guidelines*; Blengini et al. (2017),
EUR 28654 EN); the values come from the assessment (``method.sr_threshold``/``ei_threshold``,
``keyparts.priority.criticality``). SR and EI are dimensionless indices, EI on a 0–10 scale.
"""

from __future__ import annotations

import math

import pandas as pd

from keyparts.charts._common import BLUE, GREY, RED, Gettext, axis_range, base, esc, r, same


def _label(name: str, limit: int = 18) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def risk_matrix(table: pd.DataFrame, *, sr_threshold: float, ei_threshold: float, label_top: int = 5,
                url: str | None = "/categories/{id}", gettext: Gettext = same) -> dict:
    """ECharts option of the risk matrix.

    ``table``: one row per category, index = category id, columns ``name`` (shown, already in
    the interface language), ``economic_importance``, ``supply_risk``, ``critical`` and
    ``rank`` (NaN for unranked rows, which are left out). The ``label_top`` best ranks and the
    critical categories carry a label "rank name" (overlapping labels are hidden); every point has a tooltip with the name, EI and SR; a click opens
    ``url`` (``{id}`` = the category id; None: no click-through, e.g. the offline report).
    Axes span the data and both thresholds (:func:`keyparts.charts._common.axis_range`).
    """
    t = table[table["rank"].notna()] if "rank" in table else table
    ei_name, sr_name = gettext("Economic importance"), gettext("Supply risk")
    groups: dict[bool, list[dict]] = {True: [], False: []}
    for cid, row in t.iterrows():
        ei, sr = r(row["economic_importance"], 2), r(row["supply_risk"], 3)
        if ei is None or sr is None:
            continue
        rank = row.get("rank")
        rank = int(rank) if rank is not None and not (isinstance(rank, float) and math.isnan(rank)) else None
        name = str(row["name"])
        item = {"id": str(cid), "name": name, "value": [ei, sr],
                "tooltip": {"formatter": f"<b>{esc(name)}</b> ({esc(cid)})<br/>{esc(ei_name)} EI: {ei:.2f}"
                                         f"<br/>{esc(sr_name)} SR: {sr:.2f}"
                                         + (f"<br/>{esc(gettext('Rank'))}: {rank}" if rank else "")}}
        if url:
            item["url"] = url.format(id=cid)
        if rank is not None and (rank <= label_top or bool(row["critical"])):
            item["label"] = {"show": True, "formatter": f"{rank} {_label(name)}"}
        groups[bool(row["critical"])].append(item)
    xs = [p["value"][0] for g in groups.values() for p in g]
    ys = [p["value"][1] for g in groups.values() for p in g]
    x0, x1 = axis_range(xs, ei_threshold)
    y0, y1 = axis_range(ys, sr_threshold)
    point_label = {"position": "right", "fontSize": 11, "color": "#333"}
    thr = gettext("EU thresholds")
    return base(
        grid={"left": 16, "right": 24, "top": 64, "bottom": 44, "containLabel": True},
        legend={"top": 0, "data": [gettext("critical"), gettext("not critical"), thr]},
        tooltip={"trigger": "item", "confine": True},
        xAxis={"type": "value", "axisLine": {"onZero": False}, "min": x0, "max": x1, "name": gettext("Economic importance EI (0–10)"),
               "nameLocation": "middle", "nameGap": 28, "splitLine": {"lineStyle": {"opacity": 0.4}}},
        yAxis={"type": "value", "min": y0, "max": y1, "name": gettext("Supply risk SR"),
               "nameLocation": "end", "nameGap": 10, "nameTextStyle": {"align": "left"}, "splitLine": {"lineStyle": {"opacity": 0.4}}},
        labelLayout={"hideOverlap": True},
        series=[
            {"type": "scatter", "name": gettext("critical"), "data": groups[True], "symbolSize": 11,
             "itemStyle": {"color": RED}, "label": point_label, "cursor": "pointer" if url else "default"},
            {"type": "scatter", "name": gettext("not critical"), "data": groups[False], "symbolSize": 8,
             "itemStyle": {"color": BLUE}, "label": point_label, "cursor": "pointer" if url else "default"},
            {"type": "line", "name": thr, "data": [], "itemStyle": {"color": GREY},
             "lineStyle": {"type": "dashed", "color": GREY},
             "markLine": {"silent": True, "symbol": "none", "lineStyle": {"type": "dashed", "color": GREY},
                          "label": {"color": GREY},
                          "data": [{"xAxis": ei_threshold, "label": {"position": "end",
                                                                      "formatter": f"EI = {ei_threshold:g}"}},
                                   {"yAxis": sr_threshold, "label": {"position": "insideStartTop",
                                                                      "formatter": f"SR = {sr_threshold:g}"}}]},
             "markArea": {"silent": True, "itemStyle": {"color": "rgba(228,87,86,0.07)"},
                          "label": {"show": True, "position": "insideTopRight", "color": RED,
                                    "formatter": gettext("critical (EU screen)")},
                          "data": [[{"xAxis": ei_threshold, "yAxis": sr_threshold}, {"xAxis": x1, "yAxis": y1}]]}},
        ])
