"""Charts of the assessment report as inline SVG (matplotlib only here; no pyplot state)."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib import rcParams
from matplotlib.figure import Figure

rcParams["svg.hashsalt"] = "keyparts"      # deterministic ids in the SVG
rcParams["svg.fonttype"] = "none"          # text stays text (smaller, searchable; the browser's CJK fonts)
# Fonts for Chinese labels (render_report(lang="zh_CN") puts them first): the SVG keeps the text
# and names these families, the viewer's fonts draw it; matplotlib measures with the first found.
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei",
             "PingFang SC"]


def N_(message: str) -> str:
    """Marks a label for extraction (tools/i18n); translated by the caller's ``gettext``."""
    return message


def _same(message: str) -> str:
    return message


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    s = buf.getvalue()
    return s[s.index("<svg"):]


def risk_matrix(table: pd.DataFrame, *, sr_threshold: float, ei_threshold: float, label_top: int = 10,
                gettext: Callable[[str], str] = _same) -> str:
    """SR (y) against EI (x) of the ranked categories, EU thresholds as lines, top ranks labelled."""
    t = table[table["rank"].notna()]
    fig = Figure(figsize=(7.5, 5.2))
    ax = fig.add_subplot()
    crit = t["critical"].astype(bool).to_numpy()
    ax.scatter(t["economic_importance"][~crit], t["supply_risk"][~crit], s=28, c="#4c78a8",
               label=gettext(N_("not critical")))
    ax.scatter(t["economic_importance"][crit], t["supply_risk"][crit], s=36, c="#e45756",
               label=gettext(N_("critical")))
    ax.axvline(ei_threshold, color="0.4", ls="--", lw=1)
    ax.axhline(sr_threshold, color="0.4", ls="--", lw=1)
    ax.text(ei_threshold, ax.get_ylim()[1], f" EI = {ei_threshold}", va="top", fontsize=8, color="0.3")
    ax.text(ax.get_xlim()[1], sr_threshold, f"SR = {sr_threshold} ", ha="right", va="bottom", fontsize=8,
            color="0.3")
    for cid, r in t.sort_values("rank").head(label_top).iterrows():
        ax.annotate(f"{int(r['rank'])} {cid}", (r["economic_importance"], r["supply_risk"]),
                    textcoords="offset points", xytext=(4, 3), fontsize=7)
    ax.set_xlabel(gettext(N_("Economic importance EI (0–10)")))
    ax.set_ylabel(gettext(N_("Supply risk SR")))
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    return _svg(fig)


def exposure_by_origin(by_origin: pd.DataFrame, home: str, top_countries: int = 6,
                       gettext: Callable[[str], str] = _same) -> str:
    """Stacked bars: share of each industry's exploded input value by origin country."""
    if by_origin.empty:
        return ""
    tot = by_origin.sum(axis=0).sort_values(ascending=False)
    keep = list(tot.index[:top_countries])
    df = by_origin[keep].copy()
    df[gettext(N_("other"))] = 1.0 - df.sum(axis=1)
    fig = Figure(figsize=(7.5, 0.5 + 0.45 * len(df)))
    ax = fig.add_subplot()
    left = np.zeros(len(df))
    colors = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#bab0ac"]
    for i, c in enumerate(df.columns):
        v = df[c].clip(lower=0).to_numpy()
        ax.barh(df.index.astype(str), v, left=left, color=colors[i % len(colors)],
                label=gettext(N_("%(c)s (home)")) % {"c": c} if c == home else c)
        left += v
    ax.set_xlim(0, 1)
    ax.set_xlabel(gettext(N_("Share of exploded input value by origin country")))
    ax.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _svg(fig)


def embargo_losses(losses: dict[str, float], days: float, gettext: Callable[[str], str] = _same) -> str:
    """Bars: total lost output value under each single-country embargo."""
    if not losses:
        return ""
    s = pd.Series(losses).sort_values()
    fig = Figure(figsize=(7.5, 0.6 + 0.35 * len(s)))
    ax = fig.add_subplot()
    ax.barh(s.index.astype(str), s.to_numpy() / 1e6, color="#e45756")
    ax.set_xlabel(gettext(N_("Lost output value, USD m (%(days)s-day embargo)")) % {"days": f"{days:g}"})
    ax.grid(axis="x", alpha=0.3)
    return _svg(fig)
